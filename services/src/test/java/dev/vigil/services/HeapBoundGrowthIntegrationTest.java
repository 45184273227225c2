package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.TopicManagement;
import dev.vigil.core.memory.HeapBudget;
import dev.vigil.core.memory.HeapEstimate;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.service.TaskGuard;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.topic.TopicManagementMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static dev.vigil.services.SandboxMonitors.PROBE;
import static dev.vigil.services.SandboxMonitors.clusterValue;
import static dev.vigil.services.SandboxMonitors.holdsThroughout;
import static dev.vigil.services.SandboxMonitors.leaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Topic growth is held to the heap budget: when Vigil's state for brokers × partitions.per.broker would not
 * fit, a broker joining gets no new partitions; the refusal is one line naming the key to lower, and the
 * new broker is covered by moving a partition instead.
 */
class HeapBoundGrowthIntegrationTest {

    @RegisterExtension
    static final SharedSandbox shared = new SharedSandbox(3);

    @Test
    void growthThatWouldNotFitTheHeapIsRefusedInOneLineAndTheNewBrokerIsCoveredByAMove() throws Exception {
        String bootstrap = shared.cluster().bootstrapServers();
        ClusterConfig config = SandboxMonitors.config(bootstrap, "bounded", TopicManagement.MANAGE);
        // A max heap whose usable 3/4 holds the state of 6 partitions on 3 brokers, not of 8 on 4.
        long six = estimate(config, new HeapEstimate.Size(3, 6));
        long eight = estimate(config, new HeapEstimate.Size(4, 8));
        HeapBudget budget = new HeapBudget(List.of(config), false, (six + eight) / 2 / 3 * 4);

        MetricRegistry registry = new MetricRegistry();
        try (LogCapture logs = new LogCapture()) {
            ClusterMonitor monitor = new ClusterMonitor(config, bootstrap, null, MicroClock.system(), registry, false,
                    new TaskGuard(registry), budget);
            monitor.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> monitor.view().snapshot().partitions().size() == 6
                        && monitor.view().snapshot().partitions().values().stream().allMatch(s -> s.received() > 0));
                int added = shared.cluster().addBroker();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    ScopeSnapshot broker = monitor.view().snapshot().brokers().get(added);
                    return broker != null && broker.received() > 0;
                });
                assertThat(leaders(shared.admin(), "bounded")).hasSize(6).containsValue(added);
                assertThat(clusterValue(registry, TopicManagementMetrics.PARTITIONS_ADDED)).isEqualTo(0.0);
                assertThat(clusterValue(registry, TopicManagementMetrics.REASSIGNMENTS_STARTED)).isGreaterThanOrEqualTo(1.0);
                List<String> refusals = logs.lines().stream().filter(l -> l.contains("not growing")).toList();
                assertThat(refusals).hasSize(1);
                assertThat(refusals.get(0)).startsWith("WARN cluster=it topic=bounded not growing from 6 to 8 partitions:"
                        + " clusters[0].partitions.per.broker: Vigil's state needs an estimated ")
                        .endsWith("lower partitions.per.broker 2, or give Vigil more heap (-Xmx in VIGIL_JAVA_OPTS)");

                holdsThroughout(PROBE.lossGrace().plusSeconds(1), () -> {
                    ScopeSnapshot t = monitor.view().snapshot().total();
                    return t.lostAcked() + t.lostUnacked() + t.duplicates() == 0;
                });
                assertThat(monitor.view().partitions()).isEqualTo(6);
            } finally {
                monitor.stop();
                assertThat(monitor.awaitShutdown(Duration.ofSeconds(10))).isTrue();
            }
        }
    }

    private static long estimate(ClusterConfig config, HeapEstimate.Size size) {
        HeapBudget unbounded = new HeapBudget(List.of(config), false, Long.MAX_VALUE);
        unbounded.observed(config.name(), size);
        return unbounded.estimateBytes();
    }
}
