package dev.vigil.services;

import dev.vigil.core.config.TopicManagement;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.state.ClusterStateMetrics;
import dev.vigil.services.topic.TopicManagementMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

import static dev.vigil.services.SandboxMonitors.PROBE;
import static dev.vigil.services.SandboxMonitors.clusterValue;
import static dev.vigil.services.SandboxMonitors.holdsThroughout;
import static dev.vigil.services.SandboxMonitors.leaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker joining a running cluster gets probed: the topic grows onto it (the new partitions led by
 * it), the probes pick the partitions up without a restart, and nothing is falsely lost or
 * duplicated across the expansion.
 */
class NewBrokerIntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(NewBrokerIntegrationTest.class);
    /**
     * Longer than the usual 2 s, so that a manager that grew the topic at once (the new broker is
     * probed within about two cluster-state intervals then) falls well short of the bound below.
     */
    private static final Duration STABLE = Duration.ofSeconds(6);
    @RegisterExtension
    static final SharedSandbox shared = new SharedSandbox(3);

    @Test
    void newBrokerLeadsPartitionsAndIsProbedWithNothingLostOrDuplicated() throws Exception {
        MetricRegistry registry = new MetricRegistry();
        ClusterMonitor monitor = new ClusterMonitor(
                SandboxMonitors.config(shared.cluster().bootstrapServers(), "expand", TopicManagement.MANAGE, STABLE),
                shared.cluster().bootstrapServers(), MicroClock.system(), registry);
        monitor.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> monitor.view().snapshot().partitions().size() == 6
                    && monitor.view().snapshot().partitions().values().stream().allMatch(s -> s.received() > 0));
            assertThat(clusterValue(registry, ClusterStateMetrics.BROKERS_LEADING_NO_PARTITION)).isEqualTo(0.0);

            int added = shared.cluster().addBroker();
            long addedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                ScopeSnapshot broker = monitor.view().snapshot().brokers().get(added);
                return broker != null && broker.received() > 0;
            });
            long probedAfterMs = (System.nanoTime() - addedAt) / 1_000_000;
            log.info("new broker {} probed {} ms after addBroker() returned", added, probedAfterMs);

            // 4 brokers x 2 partitions each; the two new ones led by the new broker, nothing moved.
            Map<Integer, Integer> leaders = leaders(shared.admin(), "expand");
            assertThat(leaders).hasSize(8);
            assertThat(leaders.get(6)).isEqualTo(added);
            assertThat(leaders.get(7)).isEqualTo(added);
            assertThat(monitor.view().partitions()).isEqualTo(8);
            assertThat(clusterValue(registry, TopicManagementMetrics.PARTITIONS_ADDED)).isEqualTo(2.0);
            assertThat(clusterValue(registry, TopicManagementMetrics.REASSIGNMENTS_STARTED)).isEqualTo(0.0);
            await().atMost(Duration.ofSeconds(10)).until(() -> clusterValue(registry, ClusterStateMetrics.BROKERS_ONLINE) == 4.0
                    && clusterValue(registry, ClusterStateMetrics.BROKERS_LEADING_NO_PARTITION) == 0.0
                    && clusterValue(registry, TopicManagementMetrics.PLANNED_PARTITIONS) == 0.0);

            // Until every probe sent so far is past its loss grace, none may be lost or duplicated.
            holdsThroughout(PROBE.lossGrace().plusSeconds(1), () -> {
                ScopeSnapshot t = monitor.view().snapshot().total();
                return t.lostAcked() + t.lostUnacked() + t.duplicates() == 0;
            });
            ScopeSnapshot total = monitor.view().snapshot().total();
            assertThat(total.lostAcked()).isZero();
            assertThat(total.lostUnacked()).isZero();
            assertThat(total.duplicates()).isZero();
            assertThat(total.produceFailures()).isZero();
            assertThat(monitor.view().snapshot().partitions()).hasSize(8);
            assertThat(monitor.view().snapshot().partitions().get(7).received()).isPositive();
            // Topic management leaves a changed cluster alone for the stable window before it grows the
            // topic onto the new broker, and no probe reaches the broker before that. The window starts at
            // the first observation that saw the broker, which may begin up to one Admin round trip before
            // addBroker's own polling returned: allow one cluster-state interval for it.
            assertThat(probedAfterMs).as("ms from addBroker() to the first probe through the new broker")
                    .isGreaterThanOrEqualTo(STABLE.minus(PROBE.clusterStateInterval()).toMillis());
        } finally {
            monitor.stop();
            assertThat(monitor.awaitShutdown(Duration.ofSeconds(10))).isTrue();
        }
    }
}
