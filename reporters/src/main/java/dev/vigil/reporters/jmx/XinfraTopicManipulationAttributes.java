package dev.vigil.reporters.jmx;

import dev.vigil.core.metrics.LatencyMetrics;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.stats.ControllerProbeMetrics;

import java.util.List;


/**
 * Xinfra Monitor's {@code cluster-topic-manipulation-service} creation attributes, computed from
 * the controller probe's values in a Vigil cluster scope (mapping and differences:
 * docs/xinfra-compat.md). Xinfra Monitor's deletion attributes have no counterpart: Vigil's round
 * deletes its topic but does not time how the deletion spreads.
 */
final class XinfraTopicManipulationAttributes {

    private static final LatencyMetrics PROPAGATION = ControllerProbeMetrics.METADATA_PROPAGATION_LATENCY;

    private XinfraTopicManipulationAttributes() {
    }

    /** Whether the scope carries the controller probe's values (the probe is on). */
    static boolean present(ScopeReading v) {
        return v.has(ControllerProbeMetrics.ATTEMPTS);
    }

    static List<JmxAttribute> of(ScopeReading v) {
        return List.of(
                millis(v, "topic-creation-metadata-propagation-ms-avg", "mean", PROPAGATION.mean()),
                millis(v, "topic-creation-metadata-propagation-ms-max", "maximum", PROPAGATION.max()));
    }

    private static JmxAttribute millis(ScopeReading v, String name, String statistic, Metric micros) {
        return XinfraAttributes.millis(v, name, statistic
                + " time from a topic's create request until every broker served it, over the window, ms", micros);
    }
}
