package dev.vigil.services.topic;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.config.TopicManagement;
import dev.vigil.core.memory.HeapBudget;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.time.MicroClock;
import dev.vigil.sandbox.StopMode;
import dev.vigil.services.SharedSandbox;
import dev.vigil.services.state.BrokerState;
import dev.vigil.services.state.ClusterState;
import dev.vigil.services.state.ClusterStateProbe;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The topic manager's rate limits, each checked on its own: a batch starts only once the registered
 * brokers held still for the stable window, batches start at least an interval apart, and no batch
 * starts while one is in flight. Time is the observation's own timestamp, set by the test (the manager
 * reads no clock); the Admin calls go to a real sandbox. The topic's six partitions are on brokers 1
 * and 2 only, so the plan moves partitions to broker 3, which leads none.
 *
 * <p>A reassignment onto a stopped broker stays in flight (the new replica cannot catch up), which
 * holds a batch in flight for as long as the test needs; cancelling it ends it at once.
 */
class TopicManagerRateLimitsTest {

    private static final Duration STABLE = Duration.ofSeconds(10);
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final int NEW_BROKER = 3;

    @RegisterExtension
    static final SharedSandbox shared = new SharedSandbox(3);

    @Test
    void aBatchStartsOnlyOnceTheRegisteredBrokersHeldStillForTheStableWindow() throws Exception {
        String topic = "stable-window";
        ClusterState observed = createTopicOnBrokersOneAndTwo(topic);
        TopicManager manager = manager(topic);
        ClusterState withoutNewBroker = new ClusterState(0, observed.brokers().stream()
                .filter(b -> b.id() != NEW_BROKER).toList(), observed.controllerId(), observed.partitions(),
                observed.topicConfigs(), observed.latencyMicros());

        manager.reconcile(at(observed, 0));
        manager.reconcile(at(observed, micros(STABLE) - 1));
        assertThat(value(manager, TopicManagementMetrics.REASSIGNMENTS_STARTED)).as("within the first stable window").isZero();
        // The registered set changes twice: the window starts again from the last change.
        long changed = micros(STABLE) - 1;
        manager.reconcile(at(withoutNewBroker, changed));
        long back = changed + micros(STABLE) / 2;
        manager.reconcile(at(observed, back));
        manager.reconcile(at(observed, back + micros(STABLE) - 1));
        assertThat(value(manager, TopicManagementMetrics.REASSIGNMENTS_STARTED)).as("within the window after the last change").isZero();
        assertThat(inFlight(topic)).isEmpty();

        manager.reconcile(at(observed, back + micros(STABLE)));
        double planned = value(manager, TopicManagementMetrics.PLANNED_MOVES);
        assertThat(planned).isPositive();
        assertThat(value(manager, TopicManagementMetrics.REASSIGNMENTS_STARTED)).isEqualTo(planned);
        // The cluster carries the batch out: broker 3 becomes a preferred leader.
        await().atMost(Duration.ofSeconds(60)).until(() -> inFlight(topic).isEmpty() && observe(topic).partitions()
                .stream().anyMatch(p -> p.preferredLeader() == NEW_BROKER));
    }

    @Test
    void batchesStartAnIntervalApartAndNeverWhileOneIsInFlight() throws Exception {
        String topic = "paced";
        ClusterState observed = createTopicOnBrokersOneAndTwo(topic);
        TopicManager manager = manager(topic);
        shared.cluster().stopBroker(NEW_BROKER, StopMode.GRACEFUL); // what moves onto it stays in flight
        long first = micros(STABLE);

        manager.reconcile(at(observed, 0));
        manager.reconcile(at(observed, first));
        double batch = value(manager, TopicManagementMetrics.PLANNED_MOVES);
        assertThat(batch).isPositive();
        assertThat(value(manager, TopicManagementMetrics.REASSIGNMENTS_STARTED)).isEqualTo(batch);
        assertThat(inFlight(topic)).hasSize((int) batch);

        // Nothing in flight: only the interval holds the next batch back.
        cancelReassignments(topic);
        manager.reconcile(at(observed, first + micros(INTERVAL) - 1));
        assertThat(value(manager, TopicManagementMetrics.REASSIGNMENTS_STARTED)).as("within the interval").isEqualTo(batch);
        manager.reconcile(at(observed, first + micros(INTERVAL)));
        assertThat(value(manager, TopicManagementMetrics.REASSIGNMENTS_STARTED)).as("an interval later").isEqualTo(2 * batch);

        // Long past the interval, a batch in flight holds the next one back, and only it.
        long later = first + 3 * micros(INTERVAL);
        manager.reconcile(at(observed, later));
        assertThat(value(manager, TopicManagementMetrics.REASSIGNMENTS_STARTED)).as("while a batch is in flight").isEqualTo(2 * batch);
        cancelReassignments(topic);
        manager.reconcile(at(observed, later));
        assertThat(value(manager, TopicManagementMetrics.REASSIGNMENTS_STARTED)).as("once it is not").isEqualTo(3 * batch);
        cancelReassignments(topic);
    }

    /**
     * Six partitions, RF 2, led alternately by brokers 1 and 2; returns the cluster as the cluster-state
     * probe sees it once every partition has its preferred leader and every broker is online.
     */
    private static ClusterState createTopicOnBrokersOneAndTwo(String topic) throws Exception {
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        for (int p = 0; p < 6; p++) {
            assignment.put(p, p % 2 == 0 ? List.of(1, 2) : List.of(2, 1));
        }
        shared.admin().createTopics(List.of(new NewTopic(topic, assignment)
                .configs(Map.of("min.insync.replicas", "1")))).all().get();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            ClusterState s = observe(topic);
            return s.partitions().size() == 6 && s.brokersOnline() == 3 && !s.topicConfigs().isEmpty()
                    && s.partitions().stream().allMatch(p -> p.leader() == p.preferredLeader());
        });
        return observe(topic);
    }

    private static ClusterState observe(String topic) throws Exception {
        return new ClusterStateProbe("rate-limits", shared.admin(), topic, MicroClock.system(), 10_000).observe();
    }

    /** The same observation, made at {@code micros} on the manager's time line. */
    private static ClusterState at(ClusterState state, long micros) {
        List<BrokerState> brokers = state.brokers();
        return new ClusterState(micros, brokers, state.controllerId(), state.partitions(), state.topicConfigs(),
                state.latencyMicros());
    }

    private static TopicManager manager(String topic) {
        TopicConfig config = new TopicConfig(topic, 2, OptionalInt.empty(), OptionalInt.empty())
                .withManagement(TopicManagement.MANAGE, STABLE, INTERVAL);
        ClusterConfig cluster = new ClusterConfig("rate-limits", Optional.of(shared.cluster().bootstrapServers()),
                Optional.empty(), Map.of(), config, ProbeConfig.defaults());
        return new TopicManager("rate-limits", shared.admin(), config,
                new HeapBudget(List.of(cluster), false, Long.MAX_VALUE));
    }

    private static Set<TopicPartition> inFlight(String topic) throws Exception {
        return Set.copyOf(shared.admin().listPartitionReassignments().reassignments().get().keySet().stream()
                .filter(tp -> tp.topic().equals(topic)).toList());
    }

    private static void cancelReassignments(String topic) throws Exception {
        Map<TopicPartition, Optional<NewPartitionReassignment>> cancel = new HashMap<>();
        inFlight(topic).forEach(tp -> cancel.put(tp, Optional.empty()));
        shared.admin().alterPartitionReassignments(cancel).all().get();
        await().atMost(Duration.ofSeconds(30)).until(() -> inFlight(topic).isEmpty());
    }

    private static double value(TopicManager manager, Metric metric) {
        double value = MetricValue.find(manager.values(), metric);
        assertThat(value).as(metric.name()).isNotNaN();
        return value;
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1_000;
    }
}
