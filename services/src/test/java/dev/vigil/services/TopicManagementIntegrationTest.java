package dev.vigil.services;

import dev.vigil.core.config.TopicManagement;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.core.time.MicroClock;
import dev.vigil.sandbox.StopMode;
import dev.vigil.services.state.ClusterStateMetrics;
import dev.vigil.services.topic.TopicManagementMetrics;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.vigil.services.SandboxMonitors.INTERVAL;
import static dev.vigil.services.SandboxMonitors.PROBE;
import static dev.vigil.services.SandboxMonitors.STABLE;
import static dev.vigil.services.SandboxMonitors.clusterValue;
import static dev.vigil.services.SandboxMonitors.createTopic;
import static dev.vigil.services.SandboxMonitors.describe;
import static dev.vigil.services.SandboxMonitors.holdsThroughout;
import static dev.vigil.services.SandboxMonitors.leaders;
import static dev.vigil.services.SandboxMonitors.replicas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Topic management does no harm, and the cluster-state probe tells what it sees, on a real 3-broker
 * sandbox: a broker that is down keeps its replicas (its outage shows) and counts in the cluster
 * state; report-only changes nothing yet reports its plan; unsafe topic settings are fixed.
 */
class TopicManagementIntegrationTest {

    @RegisterExtension
    static final SharedSandbox shared = new SharedSandbox(3);
    private final MetricRegistry registry = new MetricRegistry();
    private ClusterMonitor monitor;

    @AfterEach
    void stopMonitor() throws InterruptedException {
        SandboxMonitors.stop(monitor);
    }

    private ClusterMonitor monitor(String topic, TopicManagement mode) {
        monitor = new ClusterMonitor(SandboxMonitors.config(shared.cluster().bootstrapServers(), topic, mode),
                shared.cluster().bootstrapServers(), MicroClock.system(), registry);
        monitor.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> monitor.snapshot().total().received() > 0
                && clusterValue(registry, ClusterStateMetrics.CLUSTER_STATE_OK) == 1.0);
        return monitor;
    }

    @Test
    void downBrokerKeepsItsReplicasShowsInClusterStateAndRecovers() throws Exception {
        monitor("down", TopicManagement.MANAGE);
        await().atMost(Duration.ofSeconds(30)).until(() -> monitor.snapshot().partitions().size() == 6);
        Map<Integer, List<Integer>> assignment = replicas(shared.admin(), "down");
        assertThat(clusterValue(registry, ClusterStateMetrics.BROKERS_ONLINE)).isEqualTo(3.0);
        assertThat(clusterValue(registry, ClusterStateMetrics.BROKERS_REGISTERED)).isEqualTo(3.0);
        assertThat(clusterValue(registry, ClusterStateMetrics.CONTROLLER_ID)).isEqualTo(1000.0);
        assertThat(clusterValue(registry, ClusterStateMetrics.UNDER_REPLICATED_PARTITIONS)).isEqualTo(0.0);
        assertThat(clusterValue(registry, ClusterStateMetrics.UNDER_MIN_ISR_PARTITIONS)).isEqualTo(0.0);
        assertThat(clusterValue(registry, ClusterStateMetrics.OFFLINE_PARTITIONS)).isEqualTo(0.0);
        assertThat(clusterValue(registry, ClusterStateMetrics.BROKERS_LEADING_NO_PARTITION)).isEqualTo(0.0);
        assertThat(clusterValue(registry, ClusterStateMetrics.LATENCY)).isPositive();
        int victim = 2;

        shared.cluster().stopBroker(victim, StopMode.ABRUPT);

        // Fenced after its 3 s session: one broker fewer online, every partition (RF 3 on 3 brokers)
        // under-replicated, none below min.insync.replicas 2, none offline.
        await().atMost(Duration.ofSeconds(30)).until(() -> clusterValue(registry, ClusterStateMetrics.BROKERS_ONLINE) == 2.0
                && clusterValue(registry, ClusterStateMetrics.UNDER_REPLICATED_PARTITIONS) == 6.0);
        assertThat(clusterValue(registry, ClusterStateMetrics.BROKERS_REGISTERED)).isEqualTo(3.0);
        assertThat(clusterValue(registry, ClusterStateMetrics.UNDER_MIN_ISR_PARTITIONS)).isEqualTo(0.0);
        assertThat(clusterValue(registry, ClusterStateMetrics.OFFLINE_PARTITIONS)).isEqualTo(0.0);
        // Well past the stable window and the interval: nothing is reassigned away from the down broker.
        holdsThroughout(STABLE.plus(INTERVAL).plusSeconds(1),
                () -> replicas(shared.admin(), "down").equals(assignment) && clusterValue(registry, TopicManagementMetrics.REASSIGNMENTS_STARTED) == 0.0);
        assertThat(leaders(shared.admin(), "down").values()).doesNotContain(victim);
        assertThat(clusterValue(registry, TopicManagementMetrics.PLANNED_MOVES)).isEqualTo(0.0);
        assertThat(clusterValue(registry, TopicManagementMetrics.PLANNED_PARTITIONS)).isEqualTo(0.0);

        shared.cluster().startBroker(victim);
        // Back in sync, its preferred leaderships are elected back and every partition succeeds again.
        await().atMost(Duration.ofSeconds(60)).until(() -> clusterValue(registry, ClusterStateMetrics.BROKERS_ONLINE) == 3.0
                && clusterValue(registry, ClusterStateMetrics.UNDER_REPLICATED_PARTITIONS) == 0.0
                && leaders(shared.admin(), "down").values().stream().filter(l -> l == victim).count() == 2
                && monitor.snapshot().partitions().values().stream().allMatch(s -> s.consecutiveProduceFailures() == 0));
        assertThat(replicas(shared.admin(), "down")).isEqualTo(assignment);
        SandboxMonitors.awaitNextReading(monitor);
        assertThat(clusterValue(registry, TopicManagementMetrics.LEADER_ELECTIONS_TRIGGERED)).isGreaterThanOrEqualTo(2.0);
        holdsThroughout(PROBE.lossGrace().plusSeconds(1), () -> monitor.snapshot().total().lostAcked() == 0);
        ScopeSnapshot total = monitor.snapshot().total();
        assertThat(total.lostAcked()).isZero();
        assertThat(total.duplicates()).isZero();
        assertThat(monitor.snapshot().brokers().get(victim).produceFailures()).isPositive();
    }

    @Test
    void reportOnlyChangesNothingButReportsThePlan() throws Exception {
        // Broker 3 leads nothing: a topic balanced by someone else, or not at all.
        createTopic(shared.admin(), new NewTopic("report", Map.of(
                0, List.of(1, 2), 1, List.of(2, 1), 2, List.of(1, 3), 3, List.of(2, 3), 4, List.of(1, 2), 5, List.of(2, 1)))
                .configs(Map.of("min.insync.replicas", "1")));
        TopicDescription before = describe(shared.admin(), "report");
        Config configsBefore = configs("report");

        monitor("report", TopicManagement.REPORT_ONLY);
        await().atMost(Duration.ofSeconds(10)).until(() -> clusterValue(registry, TopicManagementMetrics.PLANNED_MOVES) == 1.0);
        holdsThroughout(STABLE.plus(INTERVAL).plusSeconds(1), () -> describe(shared.admin(), "report").equals(before));

        assertThat(describe(shared.admin(), "report")).isEqualTo(before);
        assertThat(configs("report")).isEqualTo(configsBefore);
        assertThat(clusterValue(registry, TopicManagementMetrics.MODE)).isEqualTo(1.0);
        assertThat(clusterValue(registry, TopicManagementMetrics.PLANNED_MOVES)).isEqualTo(1.0);
        assertThat(clusterValue(registry, TopicManagementMetrics.PLANNED_PARTITIONS)).isEqualTo(0.0);
        assertThat(clusterValue(registry, ClusterStateMetrics.BROKERS_LEADING_NO_PARTITION)).isEqualTo(1.0);
        assertThat(clusterValue(registry, TopicManagementMetrics.REASSIGNMENTS_STARTED)).isEqualTo(0.0);
        assertThat(clusterValue(registry, TopicManagementMetrics.LEADER_ELECTIONS_TRIGGERED)).isEqualTo(0.0);
        assertThat(clusterValue(registry, TopicManagementMetrics.SETTINGS_FIXED)).isEqualTo(0.0);
    }

    @Test
    void unsafeSettingsAreFixedWhenManaging() throws Exception {
        createTopic(shared.admin(), new NewTopic("unsafe", Map.of(
                0, List.of(1), 1, List.of(2), 2, List.of(3), 3, List.of(1), 4, List.of(2), 5, List.of(3)))
                .configs(Map.of("min.insync.replicas", "1")));

        monitor("unsafe", TopicManagement.MANAGE);
        // RF 1 -> 3 by reassignment once the stable window passed; then min.insync.replicas 1 -> 2.
        await().atMost(Duration.ofSeconds(60)).until(() -> replicas(shared.admin(), "unsafe").values().stream()
                .allMatch(r -> r.size() == 3) && "2".equals(configs("unsafe").get("min.insync.replicas").value()));
        assertThat(replicas(shared.admin(), "unsafe")).isEqualTo(Map.of(
                0, List.of(1, 2, 3), 1, List.of(2, 1, 3), 2, List.of(3, 1, 2),
                3, List.of(1, 2, 3), 4, List.of(2, 1, 3), 5, List.of(3, 1, 2)));
        assertThat(leaders(shared.admin(), "unsafe")).isEqualTo(Map.of(0, 1, 1, 2, 2, 3, 3, 1, 4, 2, 5, 3));
        SandboxMonitors.awaitNextReading(monitor);
        assertThat(clusterValue(registry, TopicManagementMetrics.REASSIGNMENTS_STARTED)).isEqualTo(6.0);
        assertThat(clusterValue(registry, TopicManagementMetrics.SETTINGS_FIXED)).isEqualTo(1.0);
        ScopeSnapshot total = monitor.snapshot().total();
        assertThat(total.lostAcked()).isZero();
        assertThat(total.duplicates()).isZero();
    }

    private static Config configs(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return shared.admin().describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
