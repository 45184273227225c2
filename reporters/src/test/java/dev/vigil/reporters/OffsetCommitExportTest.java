package dev.vigil.reporters;

import dev.vigil.core.metrics.MetricHistogram;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.MetricSource;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.stats.OffsetCommitStats;
import dev.vigil.core.time.ManualClock;
import dev.vigil.reporters.jmx.JmxReporter;
import dev.vigil.reporters.prometheus.LatencyBuckets;
import dev.vigil.reporters.prometheus.PrometheusExporter;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The offset-commit probe's numbers reach Prometheus and JMX under the names the README lists. */
class OffsetCommitExportTest {

    private static final long S = 1_000_000;
    private final ManualClock clock = new ManualClock(1_700_000_000L * S);
    private final MetricRegistry registry = new MetricRegistry();
    private final OffsetCommitStats stats = new OffsetCommitStats(60 * S, 6);

    OffsetCommitExportTest() {
        long t = clock.nowMicros();
        stats.coordinator(2);
        stats.committed(2, true, 4_000, t - 3 * S);
        stats.committed(2, true, 4_000, t - 2 * S);
        stats.committed(2, false, 0, t - S);
        stats.committed(3, true, 4_000, t);
        registry.register(MetricScope.cluster("prod"), new MetricSource() {
            @Override
            public List<MetricValue> values(long nowMicros) {
                return stats.snapshot(nowMicros).clusterValues();
            }

            @Override
            public List<MetricHistogram> histograms(long nowMicros) {
                return stats.histograms(nowMicros);
            }
        });
        registry.register(MetricScope.broker("prod", 2), now -> stats.brokerValues(2, now));
    }

    @Test
    void prometheusNamesCarryScopeAndUnit() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusExporter(registry, clock, new LatencyBuckets(), false).write(out);
        String text = out.toString(StandardCharsets.UTF_8);

        assertThat(text).contains("vigil_offset_commit_availability_ratio{cluster=\"prod\"} 0.75\n",
                "vigil_offset_commit_attempts_total{cluster=\"prod\"} 4.0\n",
                "vigil_offset_commit_failures_total{cluster=\"prod\"} 1.0\n",
                "vigil_offset_commit_coordinator_id{cluster=\"prod\"} 2.0\n",
                "vigil_offset_commit_latency_p99_seconds{cluster=\"prod\"} 0.004",
                "# TYPE vigil_offset_commit_latency_seconds histogram\n",
                "vigil_offset_commit_latency_seconds_bucket{cluster=\"prod\",le=\"0.005\"} 3\n",
                "vigil_offset_commit_latency_seconds_count{cluster=\"prod\"} 3\n",
                "vigil_broker_offset_commit_availability_ratio{broker=\"2\",cluster=\"prod\"} 0.6666666666666666\n",
                "vigil_broker_offset_commit_attempts_total{broker=\"2\",cluster=\"prod\"} 3.0\n",
                "vigil_broker_offset_commit_failures_total{broker=\"2\",cluster=\"prod\"} 1.0\n");
    }

    @Test
    void jmxAttributesAreTheCamelCaseNamesWithMillisecondTwins() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        try (JmxReporter jmx = new JmxReporter(registry, server, clock, false)) {
            jmx.start();
            ObjectName cluster = new ObjectName("vigil:type=cluster,cluster=prod");
            ObjectName broker = new ObjectName("vigil:type=broker,cluster=prod,broker=2");

            assertThat(server.getAttribute(cluster, "offsetCommitAvailability")).isEqualTo(0.75);
            assertThat(server.getAttribute(cluster, "offsetCommitAttempts")).isEqualTo(4L);
            assertThat(server.getAttribute(cluster, "offsetCommitFailures")).isEqualTo(1L);
            assertThat(server.getAttribute(cluster, "offsetCommitCoordinatorId")).isEqualTo(2.0);
            assertThat((Double) server.getAttribute(cluster, "offsetCommitLatencyP99Ms")).isBetween(3.99, 4.01);
            assertThat(server.getAttribute(broker, "offsetCommitFailures")).isEqualTo(1L);
        }
    }
}
