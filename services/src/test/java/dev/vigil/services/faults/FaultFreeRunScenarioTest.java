package dev.vigil.services.faults;

import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.sandbox.SandboxCluster;
import dev.vigil.services.ClusterMonitor;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.vigil.services.faults.FaultScenarios.PROBE;
import static dev.vigil.services.faults.FaultScenarios.anomalies;
import static dev.vigil.services.faults.FaultScenarios.config;
import static dev.vigil.services.faults.FaultScenarios.createTopic;
import static dev.vigil.services.faults.FaultScenarios.holdsThroughout;
import static dev.vigil.services.faults.FaultScenarios.startMonitor;
import static dev.vigil.services.faults.FaultScenarios.stop;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing goes wrong for four minutes on a healthy 3-broker cluster (RF 3, min.insync.replicas 2,
 * 30 probes/s): a monitor that cries wolf here would be switched off. Availability stays exactly 1
 * in every partition throughout, and not one probe is failed, lost, duplicated or late.
 */
@Tag("slow")
class FaultFreeRunScenarioTest {

    private static final Duration RUN = Duration.ofMinutes(4);

    @Test
    void fourQuietMinutesReadExactlyPerfect() throws Exception {
        try (SandboxCluster sandbox = SandboxCluster.start(3);
             Admin admin = Admin.create(sandbox.adminConfig())) {
            createTopic(admin, "quiet", sandbox.brokerIds(), 2, 3, 2);
            MetricRegistry registry = new MetricRegistry();
            ClusterMonitor monitor = startMonitor(config(sandbox.bootstrapServers(), "quiet", PROBE),
                    sandbox.bootstrapServers(), registry, 6);
            try {
                holdsThroughout(RUN, () -> {
                    ScopeSnapshot total = monitor.snapshot().total();
                    return total.produceFailures() == 0 && total.consumeFailures() == 0 && anomalies(total) == 0
                            && monitor.snapshot().partitions().values().stream().allMatch(p ->
                            p.produceAvailability() == 1.0 && (Double.isNaN(p.consumeAvailability())
                                    || p.consumeAvailability() == 1.0));
                });
                ScopeSnapshot total = monitor.snapshot().total();
                // 6 partitions × 5 probes/s for 4 minutes, less start-up: thousands judged, none bad.
                assertThat(total.produceAttempts()).isGreaterThan(6_000);
                assertThat(total.consumeChecked()).isGreaterThan(6_000);
                assertThat(total.produceFailures() + total.consumeFailures() + anomalies(total)).isZero();
                assertThat(monitor.reading().counters().foreignRecords()).isZero();
                assertThat(monitor.reading().counters().truncations()).isZero();
            } finally {
                stop(monitor);
            }
        }
    }
}
