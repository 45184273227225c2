package dev.vigil.bench;

import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.time.ManualClock;
import dev.vigil.reporters.prometheus.LatencyBuckets;
import dev.vigil.reporters.prometheus.PrometheusExporter;
import dev.vigil.reporters.prometheus.SelfMetrics;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What Vigil's own metrics add to every /metrics scrape: {@code vigil_build_info} and the Prometheus
 * client's JVM and process metrics (memory pools, GC, threads, classes, buffer pools, /proc reads for
 * CPU, memory and file descriptors), collected and written in the text format to a discarding stream,
 * with no cluster registered, so the figure is theirs alone.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx256m"})
public class SelfMetricsScrapeBenchmark extends ScrapeBenchmark {

    @Setup
    public void setUp() {
        exporter = new PrometheusExporter(new MetricRegistry(), new ManualClock(0), new LatencyBuckets(1.0), false,
                SelfMetrics.of("bench", "bench", Map.of("zone", "bench")));
    }
}
