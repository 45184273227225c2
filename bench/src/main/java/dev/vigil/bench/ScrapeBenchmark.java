package dev.vigil.bench;

import dev.vigil.reporters.prometheus.PrometheusExporter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One /metrics scrape: the exporter a subclass's setup builds, written in the text format to a
 * discarding stream, so the figure is Vigil's work alone. JMH runs the inherited {@link #scrape} as
 * each subclass's benchmark ({@code MetricsScrapeBenchmark.scrape}), with the subclass's timings.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
public abstract class ScrapeBenchmark {

    /** Where scrapes are written: nowhere. */
    private static final OutputStream DISCARD = new OutputStream() {
        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    };

    /** Set by the subclass's {@code @Setup}. */
    protected PrometheusExporter exporter;

    @Benchmark
    public void scrape() throws IOException {
        exporter.write(DISCARD);
    }
}
