package dev.vigil.reporters.prometheus;

import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * Vigil's metrics of itself on /metrics: {@code vigil_build_info{version,kafka_clients}} and the
 * JVM's own from the Prometheus client's JVM instrumentation (heap and memory pools, GC, threads,
 * classes, buffer pools; process CPU, open files, resident memory and start time), so that a heap
 * running out or threads piling up show before Vigil fails.
 */
public final class SelfMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();

    private SelfMetrics() {
    }

    /** Build info and the JVM's metrics. */
    public static SelfMetrics of(String version, String kafkaClientsVersion) {
        SelfMetrics self = new SelfMetrics();
        JvmMetrics.builder().register(self.registry);
        Info.builder().name("vigil_build_info")
                .help("Vigil's version and the Kafka client library it runs, as labels; the value is always 1")
                .labelNames("version", "kafka_clients")
                .register(self.registry)
                .setLabelValues(version, kafkaClientsVersion);
        return self;
    }

    /** Nothing: for exporters in tests and benchmarks that look at Vigil's own families only. */
    public static SelfMetrics none() {
        return new SelfMetrics();
    }

    MetricSnapshots scrape() {
        return registry.scrape();
    }
}
