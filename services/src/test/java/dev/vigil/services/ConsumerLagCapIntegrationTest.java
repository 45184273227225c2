package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ConsumerLagConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.lag.LagSnapshot;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.time.MicroClock;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code lag.max.group.partitions} on a real sandbox: three groups of four partitions under a cap of eight
 * partitions evaluate two groups, the first by id, and skip the third, counted in {@code consumerGroupsSkipped}
 * with no metrics of its own and one line; a group that appears later does not take the place of one already
 * evaluated, and when an evaluated group goes, the first skipped group by id takes its place.
 */
class ConsumerLagCapIntegrationTest {

    private static final String CLUSTER = "lag-cap";
    private static final String TOPIC = "lag-cap-data";
    private static final int PARTITIONS = 4;
    private static final String A = "lag-cap-a";
    private static final String B = "lag-cap-b";
    private static final String C = "lag-cap-c";
    /** Sorts before every other group: would be kept first if the groups already evaluated did not come first. */
    private static final String FIRST_BY_ID = "lag-cap-0";

    @RegisterExtension
    static final SharedSandbox shared = new SharedSandbox(1);

    @Test
    void groupsBeyondTheCapAreSkippedCountedAndSaidOnceAndTheEvaluatedOnesKeepTheirPlace() throws Exception {
        int broker = shared.cluster().brokerIds().get(0);
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            assignment.put(p, List.of(broker));
        }
        SandboxMonitors.createTopic(shared.admin(), new NewTopic(TOPIC, assignment));
        for (String group : List.of(A, B, C)) {
            commitEveryPartition(group);
        }
        ClusterConfig config = new ClusterConfig(CLUSTER, Optional.of(shared.cluster().bootstrapServers()),
                Optional.empty(), Map.of(), new TopicConfig("lag-cap-probe", 1, OptionalInt.empty(),
                OptionalInt.empty()), SandboxMonitors.PROBE);
        config = config.withOffsetCommit(config.offsetCommit().withEnabled(false)).withLag(new ConsumerLagConfig(
                Optional.of(Pattern.compile("lag-cap-.*")), Optional.empty(), Duration.ofSeconds(1), 3, true)
                .withMaxGroupPartitions(8));
        MetricRegistry registry = new MetricRegistry();
        ClusterMonitor monitor = new ClusterMonitor(config, shared.cluster().bootstrapServers(), MicroClock.system(),
                registry);
        try (LogCapture log = new LogCapture()) {
            monitor.start();
            // 12 group partitions, 8 allowed: a and b (first by id) are evaluated, c is skipped.
            awaitEvaluation(monitor, Set.of(A, B), 1);
            afterThreeMoreEvaluations(monitor);
            LagSnapshot s = lag(monitor).orElseThrow();
            assertThat(s.groups()).containsOnlyKeys(A, B);
            assertThat(s.skipped()).isEqualTo(1);
            assertThat(s.groups().get(A).partitions()).hasSize(PARTITIONS);
            SandboxMonitors.awaitNextReading(monitor);
            assertThat(registry.value(MetricScope.cluster(CLUSTER), LagSnapshot.SKIPPED, 0)).isEqualTo(1.0);
            assertThat(registry.value(MetricScope.cluster(CLUSTER), LagSnapshot.GROUPS, 0)).isEqualTo(2.0);
            assertThat(registry.sources(MetricScope.Type.CONSUMER_GROUP).keySet()).containsExactlyInAnyOrder(
                    MetricScope.consumerGroup(CLUSTER, A), MetricScope.consumerGroup(CLUSTER, B));

            // A group that sorts first appears: a and b keep their place, and it is skipped too.
            commitEveryPartition(FIRST_BY_ID);
            awaitEvaluation(monitor, Set.of(A, B), 2);
            afterThreeMoreEvaluations(monitor);
            assertThat(lag(monitor).orElseThrow().groups()).containsOnlyKeys(A, B);
            assertThat(lag(monitor).orElseThrow().skipped()).isEqualTo(2);

            // a goes: of the two skipped, the first by id takes its place; c is still skipped.
            shared.admin().deleteConsumerGroups(List.of(A)).all().get();
            awaitEvaluation(monitor, Set.of(FIRST_BY_ID, B), 1);
            afterThreeMoreEvaluations(monitor);
            assertThat(lag(monitor).orElseThrow().groups()).containsOnlyKeys(FIRST_BY_ID, B);
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.sources(MetricScope.Type.CONSUMER_GROUP).keySet()
                    .equals(Set.of(MetricScope.consumerGroup(CLUSTER, FIRST_BY_ID), MetricScope.consumerGroup(CLUSTER, B))));
            assertThat(registry.value(MetricScope.cluster(CLUSTER), LagSnapshot.SKIPPED, 0)).isEqualTo(1.0);

            // One line each time the number of skipped groups changed, none for the rounds between.
            String fix = " groups not evaluated (narrow consumer.groups.include, or raise lag.max.group.partitions and"
                    + " Vigil's -Xmx)";
            assertThat(log.lines()).filteredOn(l -> l.contains("lag.max.group.partitions")).containsExactly(
                    "WARN cluster=lag-cap: 12 partitions of 3 groups match consumer.groups.include, more than"
                            + " lag.max.group.partitions 8; 1" + fix,
                    "WARN cluster=lag-cap: 16 partitions of 4 groups match consumer.groups.include, more than"
                            + " lag.max.group.partitions 8; 2" + fix,
                    "WARN cluster=lag-cap: 12 partitions of 3 groups match consumer.groups.include, more than"
                            + " lag.max.group.partitions 8; 1" + fix);
            assertThat(monitor.status()).isEqualTo(ClusterMonitor.Status.RUNNING);
        } finally {
            monitor.stop();
            assertThat(monitor.awaitShutdown(Duration.ofSeconds(10))).isTrue();
        }
    }

    private static void commitEveryPartition(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            offsets.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(0));
        }
        shared.admin().alterConsumerGroupOffsets(group, offsets).all().get();
    }

    private static void awaitEvaluation(ClusterMonitor monitor, Set<String> evaluated, int skipped) {
        await().atMost(Duration.ofSeconds(60)).until(() -> lag(monitor)
                .map(s -> s.groups().keySet().equals(evaluated) && s.skipped() == skipped).orElse(false));
    }

    private static void afterThreeMoreEvaluations(ClusterMonitor monitor) {
        long first = lag(monitor).orElseThrow().atMillis();
        await().atMost(Duration.ofSeconds(30)).until(() -> lag(monitor).orElseThrow().atMillis() >= first + 3_000);
    }

    private static Optional<LagSnapshot> lag(ClusterMonitor monitor) {
        return monitor.reading().consumerLag();
    }
}
