package dev.vigil.core.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a metric belongs: its scope type (cluster, broker, partition, one service-level indicator
 * of a cluster, one kind of verdict of a cluster, one of Vigil's own tasks, one class of error of a
 * broker, one kind of outage of a cluster's brokers, one consumer group of a cluster, or one phase of a
 * broker's connection check, one partition of a consumer group) and the labels that name it, in a fixed order
 * (cluster, broker, topic, partition, sli, kind, task, error, group, phase; a consumer group's partition: cluster,
 * group, topic, partition) so JMX object names and Prometheus label sets come out the same every time.
 */
public record MetricScope(Type type, Map<String, String> labels) {

    public enum Type { CLUSTER, BROKER, PARTITION, SLO, VERDICT, TASK, BROKER_ERROR, OUTAGE, CONSUMER_GROUP, BROKER_CONNECTION,
        CONSUMER_GROUP_PARTITION }

    public MetricScope {
        Objects.requireNonNull(type);
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    public static MetricScope cluster(String cluster) {
        return new MetricScope(Type.CLUSTER, Map.of("cluster", cluster));
    }

    public static MetricScope broker(String cluster, int broker) {
        return ofCluster(Type.BROKER, cluster, "broker", Integer.toString(broker));
    }

    public static MetricScope partition(String cluster, String topic, int partition) {
        return ofCluster(Type.PARTITION, cluster, "topic", topic, "partition", Integer.toString(partition));
    }

    /** One service-level indicator of a cluster ({@code produce}, {@code consume}, {@code latency}). */
    public static MetricScope slo(String cluster, String sli) {
        return ofCluster(Type.SLO, cluster, "sli", sli);
    }

    /** One kind of verdict of a cluster ({@code produce}, {@code consume}, ...): how fresh it is. */
    public static MetricScope verdict(String cluster, String kind) {
        return ofCluster(Type.VERDICT, cluster, "kind", kind);
    }

    /** One of Vigil's own periodic tasks, of a cluster or, when {@code cluster} is null, of the process. */
    public static MetricScope task(String cluster, String task) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (cluster != null) {
            labels.put("cluster", cluster);
        }
        labels.put("task", task);
        return new MetricScope(Type.TASK, labels);
    }

    /**
     * One class of error of a broker's produce probes ({@code TimeoutException}, ...): a scope of its own, so
     * the broker scope's labels stay fixed; the classes are bounded where they are counted.
     */
    public static MetricScope brokerError(String cluster, int broker, String error) {
        return ofCluster(Type.BROKER_ERROR, cluster, "broker", Integer.toString(broker), "error", error);
    }

    /**
     * One phase of a broker's connection check ({@code connect}, {@code api_versions}): a scope of its own, like
     * {@link #brokerError}, so the broker scope's labels stay fixed.
     */
    public static MetricScope brokerConnection(String cluster, int broker, String phase) {
        return ofCluster(Type.BROKER_CONNECTION, cluster, "broker", Integer.toString(broker), "phase", phase);
    }

    /** One consumer group of a cluster whose lag Vigil evaluates. */
    public static MetricScope consumerGroup(String cluster, String group) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("cluster", cluster);
        labels.put("group", group);
        return new MetricScope(Type.CONSUMER_GROUP, labels);
    }

    /**
     * One partition of a consumer group whose lag Vigil evaluates, when {@code lag.partition.metrics} asks for
     * it: the group's labels, then the partition's.
     */
    public static MetricScope consumerGroupPartition(String cluster, String group, String topic, int partition) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("cluster", cluster);
        labels.put("group", group);
        labels.put("topic", topic);
        labels.put("partition", Integer.toString(partition));
        return new MetricScope(Type.CONSUMER_GROUP_PARTITION, labels);
    }

    /** One kind of outage ({@code planned}, {@code unplanned}, {@code unknown}) of a cluster's brokers. */
    public static MetricScope outage(String cluster, String kind) {
        return ofCluster(Type.OUTAGE, cluster, "kind", kind);
    }

    /** A scope of one cluster: its {@code cluster} label first, then the given names and values in order. */
    private static MetricScope ofCluster(Type type, String cluster, String... namesAndValues) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("cluster", cluster);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            labels.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new MetricScope(type, labels);
    }
}
