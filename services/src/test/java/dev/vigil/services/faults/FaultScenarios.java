package dev.vigil.services.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.config.TopicManagement;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.ClusterMonitor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * What the fault scenarios share: a monitor on a topic the test created itself (topic management off,
 * so leaders are where the test put them and only the fault moves them), short timings, metric readers.
 */
final class FaultScenarios {

    static final String CLUSTER = "faults";
    /** Probe every 200 ms; ack SLA 2 s, e2e SLA 4 s, loss grace 8 s, 10 s windows, cluster state every 1 s. */
    static final ProbeConfig PROBE = new ProbeConfig(Duration.ofMillis(200), 100, Duration.ofMillis(2_000),
            Duration.ofMillis(4_000), Duration.ofMillis(8_000), Duration.ofSeconds(10), 5, Duration.ofSeconds(1));
    /** Bound on conditions that need a cluster reaction (leader election, restart) on a loaded 2-core machine. */
    static final Duration REACTION = Duration.ofSeconds(60);

    private FaultScenarios() {
    }

    /**
     * Creates {@code topic} with {@code partitionsPerBroker} partitions per broker; partition p's replicas
     * are brokers p % n + 1, then the next ones, so broker b is the preferred leader of partitions
     * b - 1, b - 1 + n, ... Returns once every partition has its preferred leader.
     */
    static void createTopic(Admin admin, String topic, List<Integer> brokers, int partitionsPerBroker, int rf,
                            int minIsr) throws Exception {
        Map<Integer, List<Integer>> assignment = new TreeMap<>();
        int n = brokers.size();
        for (int p = 0; p < n * partitionsPerBroker; p++) {
            List<Integer> replicas = new ArrayList<>();
            for (int r = 0; r < rf; r++) {
                replicas.add(brokers.get((p + r) % n));
            }
            assignment.put(p, replicas);
        }
        admin.createTopics(List.of(new NewTopic(topic, assignment)
                .configs(Map.of("min.insync.replicas", Integer.toString(minIsr))))).all().get();
        // The broker that answers describeTopics may not have the new topic's metadata yet: "unknown topic"
        // right after the create means "not yet", not a failure.
        await().atMost(REACTION).ignoreExceptionsMatching(e -> e.getCause() instanceof UnknownTopicOrPartitionException)
                .until(() -> {
                    Map<Integer, Integer> leaders = leaders(admin, topic);
                    return assignment.entrySet().stream()
                            .allMatch(e -> e.getValue().get(0).equals(leaders.get(e.getKey())));
                });
    }

    static ClusterConfig config(String bootstrap, String topic, ProbeConfig probe) {
        return config(bootstrap, topic, probe, Map.of());
    }

    static ClusterConfig config(String bootstrap, String topic, ProbeConfig probe, Map<String, String> client) {
        return new ClusterConfig(CLUSTER, Optional.of(bootstrap), Optional.empty(), client,
                new TopicConfig(topic, 2, OptionalInt.empty(), OptionalInt.empty())
                        .withManagement(TopicManagement.OFF, Duration.ofSeconds(2), Duration.ofSeconds(5)),
                probe);
    }

    /** Starts a monitor and returns once every one of {@code partitions} partitions received a probe. */
    static ClusterMonitor startMonitor(ClusterConfig config, String bootstrap, MetricRegistry registry,
                                       int partitions) {
        ClusterMonitor monitor = new ClusterMonitor(config, bootstrap, MicroClock.system(), registry);
        monitor.start();
        awaitEveryPartitionProbed(monitor, partitions);
        return monitor;
    }

    /** Returns once every one of {@code partitions} partitions received a probe. */
    static void awaitEveryPartitionProbed(ClusterMonitor monitor, int partitions) {
        await().atMost(REACTION).until(() -> monitor.snapshot().partitions().size() == partitions
                && monitor.snapshot().partitions().values().stream().allMatch(s -> s.received() > 0));
    }

    static void stop(ClusterMonitor monitor) throws InterruptedException {
        if (monitor != null) {
            monitor.stop();
            if (!monitor.awaitShutdown(Duration.ofSeconds(10))) {
                throw new AssertionError("monitor did not stop within 10 s");
            }
        }
    }

    /** Leader by partition, -1 while a partition has none. */
    static Map<Integer, Integer> leaders(Admin admin, String topic) throws Exception {
        Map<Integer, Integer> out = new TreeMap<>();
        for (TopicPartitionInfo p : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()) {
            out.put(p.partition(), p.leader() == null || p.leader().isEmpty() ? -1 : p.leader().id());
        }
        return out;
    }

    /** A metric of one broker's scope, or NaN while it is not registered. */
    static double brokerValue(MetricRegistry registry, int broker, Metric metric) {
        return registry.value(MetricScope.broker(CLUSTER, broker), metric, MicroClock.system().nowMicros());
    }

    static double clusterValue(MetricRegistry registry, Metric metric) {
        return registry.value(MetricScope.cluster(CLUSTER), metric, MicroClock.system().nowMicros());
    }

    static Map<Integer, Long> produceFailuresByPartition(ClusterMonitor monitor) {
        Map<Integer, Long> out = new HashMap<>();
        monitor.snapshot().partitions().forEach((p, s) -> out.put(p, s.produceFailures()));
        return out;
    }

    /** Lost (acked or not), duplicate and late probes so far. */
    static long anomalies(ScopeSnapshot s) {
        return s.lostAcked() + s.lostUnacked() + s.duplicates() + s.late();
    }

    /** Lets the probes sent so far get past their ack SLA, each acked or failed, before a test acts on them. */
    static void awaitAckSlaPassed() {
        await().pollDelay(PROBE.produceAckSla().plusSeconds(1)).atMost(REACTION).until(() -> true);
    }

    /** Waits out {@code period} checking all along that the invariant holds; fails the moment it does not. */
    static void holdsThroughout(Duration period, Callable<Boolean> invariant) {
        await().during(period).atMost(period.plusSeconds(30)).pollInterval(Duration.ofMillis(250)).until(invariant);
    }
}
