package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.MetricSource;
import dev.vigil.core.stats.OffsetCommitMetrics;
import dev.vigil.core.time.MicroClock;
import dev.vigil.sandbox.StopMode;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The offset-commit probe on a real 3-broker sandbox: commits succeed and are attributed to the
 * coordinator Kafka names; crashing the coordinator fails commits, all attributed to it, until the
 * group moves to another broker, where commits succeed again and availability recovers.
 */
class OffsetCommitProbeIntegrationTest {

    private static final String CLUSTER = "commit-it";
    private static final String TOPIC = "commit-probe";
    private static final String GROUP = "vigil-commit." + TOPIC + "." + CLUSTER;
    private static final ProbeConfig PROBE = new ProbeConfig(Duration.ofMillis(200), 100, Duration.ofMillis(2_000),
            Duration.ofMillis(4_000), Duration.ofMillis(8_000), Duration.ofSeconds(10), 5, Duration.ofSeconds(1));

    private static final MicroClock CLOCK = MicroClock.system();

    @RegisterExtension
    static final SharedSandbox shared = new SharedSandbox(3);

    @Test
    void crashedCoordinatorFailsCommitsAttributedToItUntilTheGroupMoves() throws Exception {
        MetricRegistry registry = new MetricRegistry();
        ClusterConfig config = new ClusterConfig(CLUSTER, Optional.of(shared.cluster().bootstrapServers()), Optional.empty(),
                Map.of(), new TopicConfig(TOPIC, 2, OptionalInt.empty(), OptionalInt.empty()), PROBE);
        config = config.withOffsetCommit(config.offsetCommit().withTiming(Duration.ofMillis(200), Duration.ofMillis(1_000)));
        assertThat(config.offsetCommit().groupId()).isEqualTo(GROUP);
        ClusterMonitor monitor = new ClusterMonitor(config, shared.cluster().bootstrapServers(), CLOCK, registry);
        monitor.start();
        MetricSource clusterSource = registry.sources(MetricScope.Type.CLUSTER).get(MetricScope.cluster(CLUSTER));
        try {
            // Healthy: the coordinator is known and agrees with Kafka; every commit so far succeeded.
            await().atMost(Duration.ofSeconds(60)).until(() -> cluster(registry, OffsetCommitMetrics.ATTEMPTS) >= 10
                    && !Double.isNaN(cluster(registry, OffsetCommitMetrics.COORDINATOR_ID)));
            int coordinator = (int) cluster(registry, OffsetCommitMetrics.COORDINATOR_ID);
            ConsumerGroupDescription group =
                    shared.admin().describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP).get();
            assertThat(group.coordinator().id()).isEqualTo(coordinator);
            assertThat(group.members()).isEmpty(); // committing, never joining: no rebalance anywhere
            Map<TopicPartition, OffsetAndMetadata> committed =
                    shared.admin().listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
            assertThat(committed).containsEntry(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(0, "vigil offset-commit probe"));
            assertThat(cluster(registry, OffsetCommitMetrics.FAILURES)).isZero();
            assertThat(cluster(registry, OffsetCommitMetrics.AVAILABILITY)).isEqualTo(1.0);
            await().atMost(Duration.ofSeconds(10)).until(() -> broker(registry, coordinator, OffsetCommitMetrics.BROKER_ATTEMPTS) > 0);
            assertThat(broker(registry, coordinator, OffsetCommitMetrics.BROKER_AVAILABILITY)).isEqualTo(1.0);
            assertThat(cluster(registry, OffsetCommitMetrics.LATENCY.p99())).isBetween(1.0, 1_000_000.0);

            shared.cluster().stopBroker(coordinator, StopMode.ABRUPT);

            // Commits fail, attributed to the crashed coordinator ...
            await().atMost(Duration.ofSeconds(20)).until(() -> broker(registry, coordinator, OffsetCommitMetrics.BROKER_FAILURES) > 0);
            // The cluster scope shows the latest harvest's reading, at most a harvest (1 s) behind the broker's.
            await().atMost(Duration.ofSeconds(5)).until(() -> cluster(registry, OffsetCommitMetrics.AVAILABILITY) < 1.0);
            assertThat(broker(registry, coordinator, OffsetCommitMetrics.BROKER_AVAILABILITY)).isLessThan(1.0);
            // ... until its session expires (3 s in the sandbox) and another broker takes the group over.
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                double now = cluster(registry, OffsetCommitMetrics.COORDINATOR_ID);
                return !Double.isNaN(now) && (int) now != coordinator;
            });
            int successor = (int) cluster(registry, OffsetCommitMetrics.COORDINATOR_ID);
            await().atMost(Duration.ofSeconds(30)).until(() -> broker(registry, successor, OffsetCommitMetrics.BROKER_ATTEMPTS) >= 5);
            // Nothing fails any more, and every failure so far is the crashed coordinator's.
            double failures = cluster(registry, OffsetCommitMetrics.FAILURES);
            SandboxMonitors.holdsThroughout(Duration.ofSeconds(3),
                    () -> cluster(registry, OffsetCommitMetrics.FAILURES) == failures);
            assertThat(broker(registry, coordinator, OffsetCommitMetrics.BROKER_FAILURES)).isEqualTo(failures);
            assertThat(broker(registry, successor, OffsetCommitMetrics.BROKER_FAILURES)).isZero();
            assertThat(broker(registry, successor, OffsetCommitMetrics.BROKER_AVAILABILITY)).isEqualTo(1.0);
            // An outage of the session timeout plus the group's reload: a few seconds of 200 ms commits.
            assertThat(failures).isBetween(2.0, 150.0);
            // Availability recovers once the failures leave the 10 s window.
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster(registry, OffsetCommitMetrics.AVAILABILITY) == 1.0);
        } finally {
            monitor.stop();
            assertThat(monitor.awaitShutdown(Duration.ofSeconds(10))).isTrue();
        }
        // Stopped, the numbers hold still: the latency histogram holds exactly the successful commits.
        long now = CLOCK.nowMicros();
        Map<Metric, Double> last = new java.util.HashMap<>();
        clusterSource.values(now).forEach(v -> last.put(v.metric(), v.value()));
        long successes = (long) (last.get(OffsetCommitMetrics.ATTEMPTS) - last.get(OffsetCommitMetrics.FAILURES));
        assertThat(successes).isGreaterThan(20);
        assertThat(clusterSource.histograms(now).stream().filter(h -> h.metric().equals(OffsetCommitMetrics.LATENCY_HISTOGRAM))
                .mapToLong(h -> h.micros().totalCount()).sum()).isEqualTo(successes);
    }

    private static double cluster(MetricRegistry registry, Metric metric) {
        return registry.value(MetricScope.cluster(CLUSTER), metric, CLOCK.nowMicros());
    }

    private static double broker(MetricRegistry registry, int broker, Metric metric) {
        return registry.value(MetricScope.broker(CLUSTER, broker), metric, CLOCK.nowMicros());
    }
}
