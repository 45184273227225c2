package dev.vigil.reporters.prometheus;

import dev.vigil.core.lag.GroupLag;
import dev.vigil.core.lag.LagStatus;
import dev.vigil.core.lag.PartitionLag;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricHistogram;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.metrics.Unit;
import dev.vigil.core.stats.ConnectionCheckMetrics;
import dev.vigil.core.time.ManualClock;
import dev.vigil.core.window.LatencyCounts;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.vigil.reporters.prometheus.FixedSource.source;
import static org.assertj.core.api.Assertions.assertThat;

class PrometheusExporterTest {

    private static final Metric AVAILABILITY = Metric.gauge("produceAvailability", Unit.RATIO, "acked / attempted");
    private static final Metric E2E = Metric.histogram("e2eLatency", "e2e");
    /** As services' ProbeErrors counts a broker's produce errors of one class (app's PrometheusNamesTest checks it is). */
    private static final Metric PRODUCE_ERRORS = Metric.counter("produceErrors", "produce errors of this class");

    private final MetricRegistry registry = new MetricRegistry();
    private final ManualClock clock = new ManualClock(1_000_000);

    @Test
    void valuesBecomeFamiliesWithUnitsInTheirNames() throws Exception {
        registry.register(MetricScope.cluster("prod"), source(List.of(
                AVAILABILITY.value(0.75),
                Metric.counter("lostAcked", "acked, never received").value(3),
                Metric.gauge("e2eLatencyP99", Unit.MICROSECONDS, "p99").value(12_500))));
        registry.register(MetricScope.broker("prod", 2), source(List.of(
                AVAILABILITY.value(0.5))));

        String text = scrape(false);

        assertThat(text).contains("""
                # HELP vigil_broker_produce_availability_ratio acked / attempted
                # TYPE vigil_broker_produce_availability_ratio gauge
                vigil_broker_produce_availability_ratio{broker="2",cluster="prod"} 0.5
                """);
        assertThat(text).contains("""
                # TYPE vigil_e2e_latency_p99_seconds gauge
                vigil_e2e_latency_p99_seconds{cluster="prod"} 0.0125
                """);
        assertThat(text).contains("""
                # TYPE vigil_lost_acked_total counter
                vigil_lost_acked_total{cluster="prod"} 3.0
                """);
        assertThat(text).contains("""
                # TYPE vigil_produce_availability_ratio gauge
                vigil_produce_availability_ratio{cluster="prod"} 0.75
                """);
    }

    @Test
    void aBrokersErrorClassIsALabelOfTheBrokerFamily() throws Exception {
        registry.register(MetricScope.brokerError("prod", 2, "TimeoutException"), source(List.of(
                PRODUCE_ERRORS.value(4))));
        registry.register(MetricScope.brokerError("prod", 3, "NotLeaderOrFollowerException"), source(List.of(
                PRODUCE_ERRORS.value(1))));

        assertThat(scrape(false)).contains("""
                # TYPE vigil_broker_produce_errors_total counter
                vigil_broker_produce_errors_total{broker="2",cluster="prod",error="TimeoutException"} 4.0
                vigil_broker_produce_errors_total{broker="3",cluster="prod",error="NotLeaderOrFollowerException"} 1.0
                """);
    }

    @Test
    void aConsumerGroupsPartitionsAreFamiliesBesideTheGroups() throws Exception {
        PartitionLag stopped = new PartitionLag("orders", 3, 90, 100, 10, LagStatus.STOP, 12_500_000.0, List.of());
        registry.register(MetricScope.consumerGroup("prod", "payments"), source(GroupLag.of("payments", "Empty", 0,
                List.of(stopped)).values()));
        registry.register(MetricScope.consumerGroupPartition("prod", "payments", "orders", 3), source(stopped.values()));

        String text = scrape(false);

        assertThat(text).contains("""
                # TYPE vigil_consumer_group_partition_status gauge
                vigil_consumer_group_partition_status{cluster="prod",group="payments",partition="3",topic="orders"} 4.0
                """);
        assertThat(text).contains("""
                vigil_consumer_group_partition_lag_records{cluster="prod",group="payments",partition="3",topic="orders"} 10.0
                """);
        assertThat(text).contains("""
                vigil_consumer_group_partition_lag_seconds{cluster="prod",group="payments",partition="3",topic="orders"} 12.5
                """);
        assertThat(text).contains("""
                vigil_consumer_group_partitions{cluster="prod",group="payments"} 1.0
                """);
    }

    @Test
    void aBrokersConnectionPhaseIsALabelOfTheBrokerFamily() throws Exception {
        registry.register(MetricScope.broker("prod", 2), source(List.of(ConnectionCheckMetrics.CONNECTION_OK.value(1))));
        registry.register(MetricScope.brokerConnection("prod", 2, ConnectionCheckMetrics.PHASE_CONNECT), source(List.of(
                ConnectionCheckMetrics.CONNECTION.value(1_500))));
        registry.register(MetricScope.brokerConnection("prod", 2, ConnectionCheckMetrics.PHASE_API_VERSIONS),
                source(List.of(ConnectionCheckMetrics.CONNECTION.value(604_000))));

        String text = scrape(false);

        assertThat(text).contains("""
                # TYPE vigil_broker_connection_ok gauge
                vigil_broker_connection_ok{broker="2",cluster="prod"} 1.0
                """);
        assertThat(text).contains("""
                # TYPE vigil_broker_connection_seconds gauge
                vigil_broker_connection_seconds{broker="2",cluster="prod",phase="api_versions"} 0.604
                vigil_broker_connection_seconds{broker="2",cluster="prod",phase="connect"} 0.0015
                """);
    }

    @Test
    void histogramsAreCumulativeClassicBucketsInSeconds() throws Exception {
        Histogram h = new Histogram(3_600_000_000L, 3);
        h.recordValue(400);      // 0.4 ms  -> le 0.0005
        h.recordValue(900);      // 0.9 ms  -> le 0.001
        h.recordValue(1_000);    // 1 ms    -> le 0.001 (bounds are inclusive)
        h.recordValue(200_000);  // 200 ms  -> le 0.25
        h.recordValue(90_000_000); // 90 s  -> +Inf only
        registry.register(MetricScope.cluster("prod"), source(List.of(), new MetricHistogram(E2E, LatencyCounts.of(h))));

        String text = scrape(false);

        assertThat(text).contains("# TYPE vigil_e2e_latency_seconds histogram\n");
        assertThat(text).contains("vigil_e2e_latency_seconds_bucket{cluster=\"prod\",le=\"5.0E-4\"} 1\n");
        assertThat(text).contains("vigil_e2e_latency_seconds_bucket{cluster=\"prod\",le=\"0.001\"} 3\n");
        assertThat(text).contains("vigil_e2e_latency_seconds_bucket{cluster=\"prod\",le=\"0.1\"} 3\n");
        assertThat(text).contains("vigil_e2e_latency_seconds_bucket{cluster=\"prod\",le=\"0.25\"} 4\n");
        assertThat(text).contains("vigil_e2e_latency_seconds_bucket{cluster=\"prod\",le=\"60.0\"} 4\n");
        assertThat(text).contains("vigil_e2e_latency_seconds_bucket{cluster=\"prod\",le=\"+Inf\"} 5\n");
        assertThat(text).contains("vigil_e2e_latency_seconds_count{cluster=\"prod\"} 5\n");
        assertThat(text).contains("vigil_e2e_latency_seconds_sum{cluster=\"prod\"} " + h.getMean() * 5 / 1e6 + "\n");
    }

    @Test
    void partitionHistogramsOnlyWhenAsked() throws Exception {
        Histogram h = new Histogram(3_600_000_000L, 3);
        h.recordValue(1_000);
        registry.register(MetricScope.partition("prod", "__vigil_probe", 0),
                source(List.of(Metric.counter("received", "r").value(1)), new MetricHistogram(E2E, LatencyCounts.of(h))));

        assertThat(scrape(false)).contains("vigil_partition_received_total{cluster=\"prod\",partition=\"0\",topic=\"__vigil_probe\"} 1.0")
                .doesNotContain("vigil_partition_e2e_latency_seconds");
        assertThat(scrape(true)).contains("vigil_partition_e2e_latency_seconds_count{cluster=\"prod\",partition=\"0\",topic=\"__vigil_probe\"} 1");
    }

    @Test
    void sloThresholdBecomesABucketOfItsOwn() {
        assertThat(new LatencyBuckets(0.3).upperSeconds()).contains(0.25, 0.3, 0.5)
                .endsWith(Double.POSITIVE_INFINITY).hasSize(STANDARD_PLUS_INF + 1);
        assertThat(new LatencyBuckets(1.0).upperSeconds()).hasSize(STANDARD_PLUS_INF); // already a standard bound
    }

    private static final int STANDARD_PLUS_INF = LatencyBuckets.STANDARD_SECONDS.length + 1;

    private String scrape(boolean partitionHistograms) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusExporter(registry, clock, new LatencyBuckets(), partitionHistograms).write(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
