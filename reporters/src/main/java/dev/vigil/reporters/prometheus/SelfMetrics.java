package dev.vigil.reporters.prometheus;

import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.Map;

/**
 * Vigil's metrics of itself on /metrics: {@code vigil_build_info{version,kafka_clients}} and the
 * JVM's own from the Prometheus client's JVM instrumentation (heap and memory pools, GC, threads,
 * classes, buffer pools; process CPU, open files, resident memory and start time), so that a heap
 * running out or threads piling up show before Vigil fails. Also which Vigil this is: the labels
 * ({@code vigil_instance}, {@code zone}) that the exporter adds to every family, these included.
 */
public final class SelfMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Map<String, String> instanceLabels;
    private final Labels labels;

    private SelfMetrics(Map<String, String> instanceLabels) {
        this.instanceLabels = Map.copyOf(instanceLabels);
        Labels.Builder b = Labels.builder();
        instanceLabels.forEach(b::label);
        this.labels = b.build();
    }

    /**
     * Build info and the JVM's metrics.
     *
     * @param instanceLabels labels of every family, e.g. {@code zone}; empty when the config names no instance
     */
    public static SelfMetrics of(String version, String kafkaClientsVersion, Map<String, String> instanceLabels) {
        SelfMetrics self = buildInfo(version, kafkaClientsVersion, instanceLabels);
        JvmMetrics.builder().constLabels(self.labels).register(self.registry);
        return self;
    }

    /**
     * Build info alone: the same from one scrape to the next, unlike the JVM's metrics, so that a test
     * can compare whole scrapes.
     */
    static SelfMetrics buildInfo(String version, String kafkaClientsVersion, Map<String, String> instanceLabels) {
        SelfMetrics self = new SelfMetrics(instanceLabels);
        Info.builder().name("vigil_build_info")
                .help("Vigil's version and the Kafka client library it runs, as labels; the value is always 1")
                .labelNames("version", "kafka_clients")
                .constLabels(self.labels)
                .register(self.registry)
                .setLabelValues(version, kafkaClientsVersion);
        return self;
    }

    /** Nothing: for exporters in tests and benchmarks that look at Vigil's own families only. */
    public static SelfMetrics none() {
        return new SelfMetrics(Map.of());
    }

    /** The labels every family gets: which Vigil this is. */
    Map<String, String> instanceLabels() {
        return instanceLabels;
    }

    MetricSnapshots scrape() {
        return registry.scrape();
    }
}
