package dev.vigil.core.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a metric belongs: its scope type (cluster, broker, partition, one service-level indicator
 * of a cluster, one kind of verdict of a cluster, one of Vigil's own tasks, one class of error of a
 * broker, or one kind of outage of a cluster's brokers) and the labels that name it, in a fixed order (cluster, broker, topic, partition, sli, kind,
 * task, error) so JMX object names and Prometheus label sets come out the same every time.
 */
public record MetricScope(Type type, Map<String, String> labels) {

    public enum Type { CLUSTER, BROKER, PARTITION, SLO, VERDICT, TASK, BROKER_ERROR, OUTAGE }

    public MetricScope {
        Objects.requireNonNull(type);
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    public static MetricScope cluster(String cluster) {
        return new MetricScope(Type.CLUSTER, Map.of("cluster", cluster));
    }

    public static MetricScope broker(String cluster, int broker) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("cluster", cluster);
        labels.put("broker", Integer.toString(broker));
        return new MetricScope(Type.BROKER, labels);
    }

    public static MetricScope partition(String cluster, String topic, int partition) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("cluster", cluster);
        labels.put("topic", topic);
        labels.put("partition", Integer.toString(partition));
        return new MetricScope(Type.PARTITION, labels);
    }

    /** One service-level indicator of a cluster ({@code produce}, {@code consume}, {@code latency}). */
    public static MetricScope slo(String cluster, String sli) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("cluster", cluster);
        labels.put("sli", sli);
        return new MetricScope(Type.SLO, labels);
    }

    /** One kind of verdict of a cluster ({@code produce}, {@code consume}, ...): how fresh it is. */
    public static MetricScope verdict(String cluster, String kind) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("cluster", cluster);
        labels.put("kind", kind);
        return new MetricScope(Type.VERDICT, labels);
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
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("cluster", cluster);
        labels.put("broker", Integer.toString(broker));
        labels.put("error", error);
        return new MetricScope(Type.BROKER_ERROR, labels);
    }

    /** One kind of outage ({@code planned}, {@code unplanned}, {@code unknown}) of a cluster's brokers. */
    public static MetricScope outage(String cluster, String kind) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("cluster", cluster);
        labels.put("kind", kind);
        return new MetricScope(Type.OUTAGE, labels);
    }
}
