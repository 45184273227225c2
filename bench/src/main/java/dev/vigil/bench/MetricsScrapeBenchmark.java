package dev.vigil.bench;

import dev.vigil.core.config.SloConfig;
import dev.vigil.core.ledger.LedgerListener;
import dev.vigil.core.metrics.MetricHistogram;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.MetricSource;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.stats.ScopeMetrics;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.core.stats.ScopeSource;
import dev.vigil.core.time.ManualClock;
import dev.vigil.reporters.prometheus.LatencyBuckets;
import dev.vigil.reporters.prometheus.PrometheusExporter;
import dev.vigil.reporters.slo.SloReporter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Prometheus scrape of {@code partitions} partitions on 3 brokers, as /metrics serves it: every
 * partition, broker, cluster and SLO scope read and written in the text format to a discarding
 * stream. Each partition has a minute of probes recorded (60 produce and e2e latencies), so the
 * windows and histograms hold what a running monitor's do. The cluster scope reads the whole
 * cluster snapshot, as ClusterMonitor's does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class MetricsScrapeBenchmark {

    private static final long SECOND = 1_000_000L;
    private static final OutputStream DISCARD = new OutputStream() {
        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    };

    @Param({"1000"})
    public int partitions;

    @Param({"false", "true"})
    public boolean partitionHistograms;

    private PrometheusExporter exporter;

    @Setup
    public void setUp() {
        ManualClock clock = new ManualClock(1_700_000_000L * SECOND);
        ClusterStats stats = new ClusterStats("bench", 60 * SECOND, 6);
        MetricRegistry registry = new MetricRegistry();
        for (int p = 0; p < partitions; p++) {
            int leader = 1 + p % 3;
            LedgerListener listener = stats.listenerFor(p);
            for (int i = 0; i < 60; i++) {
                long at = clock.nowMicros() + i * SECOND;
                listener.produceFinalized(leader, true, at);
                listener.produceLatency(leader, 2_000 + (p * 37 + i * 101) % 5_000);
                listener.consumeFinalized(leader, true, at);
                listener.e2eLatency(leader, 5_000 + (p * 53 + i * 211) % 20_000);
            }
            registry.register(MetricScope.partition("bench", "__vigil_probe", p), new ScopeSource(stats.partition(p)));
        }
        clock.advanceMicros(60 * SECOND);
        stats.harvest(clock.nowMicros());
        for (int b : stats.brokerIds()) {
            registry.register(MetricScope.broker("bench", b), new ScopeSource(stats.broker(b)));
        }
        registry.register(MetricScope.cluster("bench"), new MetricSource() {
            @Override
            public List<MetricValue> values(long nowMicros) {
                ScopeSnapshot total = stats.snapshot(nowMicros).total();
                return ScopeMetrics.of(total, total.produceAvailability(), total.consumeAvailability());
            }

            @Override
            public List<MetricHistogram> histograms(long nowMicros) {
                return ScopeSource.histogramsOf(stats.total(), nowMicros);
            }
        });
        new SloReporter(registry, SloConfig.DEFAULT, clock).tick();
        exporter = new PrometheusExporter(registry, clock, new LatencyBuckets(1.0), partitionHistograms);
    }

    @Benchmark
    public void scrape() throws IOException {
        exporter.write(DISCARD);
    }
}
