package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.config.TopicManagement;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the sandbox tests of topic management and cluster state share: short timings, metric and topic readers. */
final class SandboxMonitors {

    static final String CLUSTER = "it";
    static final Duration STABLE = Duration.ofSeconds(2);
    static final Duration INTERVAL = Duration.ofSeconds(5);
    /** Fast probes and cluster-state observations; SLAs well above an in-process cluster's latency. */
    static final ProbeConfig PROBE = new ProbeConfig(Duration.ofMillis(200), 100, Duration.ofMillis(2_000),
            Duration.ofMillis(4_000), Duration.ofMillis(8_000), Duration.ofSeconds(10), 5, Duration.ofSeconds(1));

    private SandboxMonitors() {
    }

    static ClusterConfig config(String bootstrap, String topic, TopicManagement mode) {
        return config(bootstrap, topic, mode, STABLE);
    }

    static ClusterConfig config(String bootstrap, String topic, TopicManagement mode, Duration stable) {
        return new ClusterConfig(CLUSTER, Optional.of(bootstrap), Optional.empty(), Map.of(),
                new TopicConfig(topic, 2, OptionalInt.empty(), OptionalInt.empty()).withManagement(mode, stable, INTERVAL),
                PROBE);
    }

    /**
     * Returns once the monitor has made a reading after this call. Cluster-scope values are those of the
     * latest reading, made once a second: after this they show what happened before the call.
     */
    /** Stops a test's monitor, if it started one, and asserts it shut down within 10 s. */
    static void stop(ClusterMonitor monitor) throws InterruptedException {
        if (monitor != null) {
            monitor.stop();
            assertThat(monitor.awaitShutdown(Duration.ofSeconds(10))).isTrue();
        }
    }

    static void awaitNextReading(ClusterMonitor monitor) {
        ClusterReading current = monitor.reading();
        await().atMost(Duration.ofSeconds(10)).until(() -> monitor.reading() != current);
    }

    /** A cluster-scope metric, or NaN while it is not registered. */
    static double clusterValue(MetricRegistry registry, Metric metric) {
        return registry.value(MetricScope.cluster(CLUSTER), metric, 0);
    }

    /**
     * Creates the topic and returns once every broker a request may land on knows it: describeTopics
     * and describeConfigs go to any broker, and one that has just restarted may lag the controller's
     * metadata and answer UnknownTopicOrPartition.
     */
    static void createTopic(Admin admin, NewTopic topic) throws Exception {
        admin.createTopics(List.of(topic)).all().get();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .during(Duration.ofSeconds(1))
                .until(() -> describe(admin, topic.name()).partitions().size() == topic.replicasAssignments().size()
                        && admin.describeConfigs(List.of(resource)).all().get().containsKey(resource));
    }

    static TopicDescription describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    }

    /** Replicas by partition, preferred leader first. */
    static Map<Integer, List<Integer>> replicas(Admin admin, String topic) throws Exception {
        Map<Integer, List<Integer>> out = new TreeMap<>();
        for (TopicPartitionInfo p : describe(admin, topic).partitions()) {
            out.put(p.partition(), p.replicas().stream().map(Node::id).toList());
        }
        return out;
    }

    /** Leader by partition, -1 when offline. */
    static Map<Integer, Integer> leaders(Admin admin, String topic) throws Exception {
        Map<Integer, Integer> out = new TreeMap<>();
        for (TopicPartitionInfo p : describe(admin, topic).partitions()) {
            out.put(p.partition(), p.leader() == null || p.leader().isEmpty() ? -1 : p.leader().id());
        }
        return out;
    }

    /** Waits out {@code period} checking all along that the invariant holds; fails the moment it does not. */
    static void holdsThroughout(Duration period, Callable<Boolean> invariant) {
        await().during(period).atMost(period.plusSeconds(15)).pollInterval(Duration.ofMillis(250)).until(invariant);
    }
}
