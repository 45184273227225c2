package dev.vigil.reporters.jmx;

import java.util.List;
import java.util.function.Supplier;

import static dev.vigil.reporters.jmx.JmxAttribute.gauge;

/**
 * Xinfra Monitor's {@code cluster-topic-manipulation-service} creation attributes, computed from
 * the controller probe's values in a Vigil cluster scope (mapping and differences:
 * docs/xinfra-compat.md). Xinfra Monitor's deletion attributes have no counterpart: Vigil's round
 * deletes its topic but does not time how the deletion spreads.
 */
final class XinfraTopicManipulationAttributes implements Supplier<List<JmxAttribute>> {

    private final RecentValues cluster;

    XinfraTopicManipulationAttributes(RecentValues cluster) {
        this.cluster = cluster;
    }

    /** Whether the scope carries the controller probe's values (the probe is on). */
    static boolean present(ScopeReading v) {
        return v.byName().containsKey("controllerProbeAttempts");
    }

    @Override
    public List<JmxAttribute> get() {
        ScopeReading v = cluster.read();
        return List.of(
                millis(v, "topic-creation-metadata-propagation-ms-avg", "mean", "metadataPropagationLatencyMeanMicros"),
                millis(v, "topic-creation-metadata-propagation-ms-max", "maximum", "metadataPropagationLatencyMaxMicros"));
    }

    private static JmxAttribute millis(ScopeReading v, String name, String statistic, String micros) {
        return gauge(name, statistic + " time from a topic's create request until every broker served it, over the"
                + " window, ms (Vigil " + micros + " / 1000)", v.get(micros) / 1_000.0);
    }
}
