package dev.vigil.reporters.prometheus;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricHistogram;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.metrics.Unit;
import dev.vigil.core.time.ManualClock;
import dev.vigil.core.window.LatencyCounts;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.vigil.reporters.prometheus.FixedSource.source;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exporter's own text against the client library's writer of the snapshot model it replaced
 * ({@link SnapshotOracle}), byte for byte, over a registry with every kind of family, label values
 * that need escaping or are not ASCII, and values of every shape a double can print in.
 */
class ExpositionParityTest {

    private static final Metric AVAILABILITY = Metric.gauge("produceAvailability", Unit.RATIO, "acked / attempted");
    private static final Metric P99 = Metric.gauge("e2eLatencyP99", Unit.MICROSECONDS,
            "p99 \\ of the \"window\"\nin µs");
    private static final Metric VALUE = Metric.gauge("oddValue", "");
    private static final Metric RECEIVED = Metric.counter("received", "records received");
    private static final Metric ERRORS = Metric.counter("produceErrors", "produce errors of this class");
    private static final Metric E2E = Metric.histogram("e2eLatency", "e2e latency");
    private static final Metric PRODUCE = Metric.histogram("produceLatency", "produce latency");
    private static final Metric TASK_RUNS = Metric.counter("runs", "task runs");

    /** Every way a double prints: integral below and above 10^7, fractions, exponents, signed zeros, NaN, Inf. */
    private static final double[] ODD = {0, -0.0, 1, -3, 42, 9_999_999, 10_000_000, 123_456_789, 1e20, -1e20, 0.1, 0.5,
            1.5e-5, 2.0 / 3, -7.25, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
            Double.MAX_VALUE, Long.MAX_VALUE, (double) Long.MIN_VALUE, 4.9e-4};

    private static final String[] CLUSTERS = {"prod", "prod-eu", "we\"ird\\clus\nter", "zürich-ünï", "a", "日本"};

    private final MetricRegistry registry = new MetricRegistry();
    private final ManualClock clock = new ManualClock(1_000_000);
    private final LatencyBuckets buckets = new LatencyBuckets(0.3);

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theExportersTextIsTheClientLibrarysTextOfTheSnapshotModel(boolean partitionHistograms) throws Exception {
        fill();
        SelfMetrics self = SelfMetrics.buildInfo("1.2.3", "3.9.0",
                Map.of("vigil_instance", "eu \"1\"", "zone", "z\\ü"));

        assertSameText(partitionHistograms, self);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theSameWithoutInstanceLabelsOrSelfMetrics(boolean partitionHistograms) throws Exception {
        fill();

        assertSameText(partitionHistograms, SelfMetrics.none());
    }

    private void assertSameText(boolean partitionHistograms, SelfMetrics self) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusExporter(registry, clock, buckets, partitionHistograms, self).write(out);
        byte[] expected = new SnapshotOracle(registry, buckets, partitionHistograms, self).write(clock.nowMicros());

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(out.toByteArray()).isEqualTo(expected);
        assertThat(expected.length).as("enough text to pass the sink's buffer several times").isGreaterThan(100_000);
    }

    private void fill() {
        int odd = 0;
        for (String cluster : CLUSTERS) {
            registry.register(MetricScope.cluster(cluster), source(List.of(AVAILABILITY.value(0.75),
                    P99.value(12_500), VALUE.value(ODD[odd++ % ODD.length]), RECEIVED.value(1e6)),
                    new MetricHistogram(E2E, latencies(5)), new MetricHistogram(PRODUCE, LatencyCounts.EMPTY)));
            registry.register(MetricScope.task(cluster, "harvest"), source(List.of(TASK_RUNS.value(7))));
            registry.register(MetricScope.verdict(cluster, "produce"),
                    source(List.of(VALUE.value(ODD[odd++ % ODD.length]))));
            for (int b = 1; b <= 12; b++) {
                registry.register(MetricScope.broker(cluster, b), source(List.of(AVAILABILITY.value(b / 12.0),
                        VALUE.value(ODD[odd++ % ODD.length])), new MetricHistogram(E2E, latencies(b))));
                registry.register(MetricScope.brokerError(cluster, b, b % 2 == 0 ? "TimeoutException" : "Not\"Leader"),
                        source(List.of(ERRORS.value(b))));
                // A family shared by two scope types: the broker's and its connection phase's points interleave.
                registry.register(MetricScope.brokerConnection(cluster, b, b % 3 == 0 ? "connect" : "api_versions"),
                        source(List.of(AVAILABILITY.value(1 - b / 24.0))));
            }
            for (int p = 0; p < 30; p++) {
                List<MetricValue> values = List.of(AVAILABILITY.value(p / 30.0), RECEIVED.value(p * 1_000_003L),
                        P99.value(p * 1_234.5), VALUE.value(ODD[odd++ % ODD.length]));
                LatencyCounts e2e = p % 4 == 1 ? LatencyCounts.EMPTY : latencies(p);
                MetricHistogram[] histograms = p % 4 == 0 ? new MetricHistogram[0]
                        : new MetricHistogram[] {new MetricHistogram(E2E, e2e)};
                registry.register(MetricScope.partition(cluster, p % 2 == 0 ? "__vigil_probe" : "t\\opic", p),
                        source(values, histograms));
            }
        }
        registry.register(MetricScope.task(null, "config-reload"), source(List.of(TASK_RUNS.value(1))));
        // No factory makes a scope without labels, but a scope may be built so: its lines have no braces.
        registry.register(new MetricScope(MetricScope.Type.TASK, Map.of()), source(List.of(TASK_RUNS.value(2)),
                new MetricHistogram(E2E, latencies(1))));
        registry.register(MetricScope.consumerGroup("prod", "pay\nments"), source(List.of(VALUE.value(Double.NaN))));
        registry.register(MetricScope.consumerGroupPartition("prod", "pay\nments", "orders", 3),
                source(List.of(VALUE.value(-0.0))));
    }

    /** Values from 0.3 ms to 100 s, some in every bucket and beyond the last bound. */
    private static LatencyCounts latencies(int seed) {
        Histogram h = new Histogram(3_600_000_000L, 3);
        long value = 300 + seed * 17L;
        List<Long> values = new ArrayList<>();
        while (value < 100_000_000L) {
            values.add(value);
            value = value * 3 / 2 + seed;
        }
        values.forEach(v -> h.recordValueWithCount(v, 1 + v % 5));
        return LatencyCounts.of(h);
    }
}
