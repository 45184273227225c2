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
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Prometheus scrape of {@code partitions} partitions on 3 brokers, as /metrics serves it: every
 * partition, broker, cluster and SLO scope read and written in the text format to a discarding
 * stream. Each partition has a minute of probes recorded (60 produce and e2e latencies), so the
 * windows and histograms hold what a running monitor's do. The cluster scope reads the whole
 * cluster snapshot, as ClusterMonitor's does.
 *
 * <p>With {@code probesBetweenScrapes} above 0, each scrape comes after that many more seconds of
 * probes on every partition (one a second, untimed), a harvest per 10 s slice crossed, and the
 * clock moved on as far: what a live monitor scraped every 15 s sees, where every window has new
 * values and slices expire between scrapes, so nothing read last time can simply be reused.
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class MetricsScrapeBenchmark extends ScrapeBenchmark {

    private static final long SECOND = 1_000_000L;

    @Param({"1000"})
    public int partitions;

    /** Clusters, each of {@code partitions} partitions with its own scopes, as one Vigil of many clusters serves them. */
    @Param({"1"})
    public int clusters = 1;

    @Param({"false", "true"})
    public boolean partitionHistograms;

    @Param({"0"})
    public int probesBetweenScrapes;

    private ManualClock clock;
    private ClusterStats[] stats;
    private LedgerListener[][] listeners;

    @Setup
    public void setUp() {
        clock = new ManualClock(1_700_000_000L * SECOND);
        stats = new ClusterStats[clusters];
        listeners = new LedgerListener[clusters][partitions];
        MetricRegistry registry = new MetricRegistry();
        for (int c = 0; c < clusters; c++) {
            String name = clusters == 1 ? "bench" : "bench-" + c;
            stats[c] = new ClusterStats(name, 60 * SECOND, 6, partitionHistograms);
            for (int p = 0; p < partitions; p++) {
                listeners[c][p] = stats[c].listenerFor(p);
                registry.register(MetricScope.partition(name, "__vigil_probe", p), new ScopeSource(stats[c].partition(p)));
            }
        }
        probe(60);
        for (int c = 0; c < clusters; c++) {
            registerCluster(registry, clusters == 1 ? "bench" : "bench-" + c, stats[c]);
        }
        new SloReporter(registry, SloConfig.DEFAULT, clock).tick();
        exporter = new PrometheusExporter(registry, clock, new LatencyBuckets(1.0), partitionHistograms);
    }

    private void registerCluster(MetricRegistry registry, String name, ClusterStats cluster) {
        cluster.harvest(clock.nowMicros());
        for (int b : cluster.brokerIds()) {
            registry.register(MetricScope.broker(name, b), new ScopeSource(cluster.broker(b)));
        }
        registry.register(MetricScope.cluster(name), new MetricSource() {
            @Override
            public List<MetricValue> values(long nowMicros) {
                ScopeSnapshot total = cluster.snapshot(nowMicros).total();
                return ScopeMetrics.of(total, total.produceAvailability(), total.consumeAvailability());
            }

            @Override
            public List<MetricHistogram> histograms(long nowMicros) {
                return ScopeSource.histogramsOf(cluster.total(), nowMicros);
            }
        });
    }

    /** {@code seconds} of probes, one a second on every partition, harvested every 10 s slice; moves the clock on. */
    private void probe(int seconds) {
        long start = clock.nowMicros();
        for (int i = 0; i < seconds; i++) {
            long at = start + i * SECOND;
            long second = at / SECOND;
            for (int c = 0; c < clusters; c++) {
                for (int p = 0; p < partitions; p++) {
                    int leader = 1 + p % 3;
                    LedgerListener listener = listeners[c][p];
                    listener.produceFinalized(leader, true, at);
                    listener.produceLatency(leader, 2_000 + (p * 37 + second * 101) % 5_000);
                    listener.consumeFinalized(leader, true, at);
                    listener.e2eLatency(leader, 5_000 + (p * 53 + second * 211) % 20_000);
                }
                if (second % 10 == 9) {
                    stats[c].harvest(at);
                }
            }
        }
        clock.advanceMicros(seconds * SECOND);
    }

    @Setup(Level.Invocation)
    public void probeBetweenScrapes() {
        if (probesBetweenScrapes > 0) {
            probe(probesBetweenScrapes);
        }
    }
}
