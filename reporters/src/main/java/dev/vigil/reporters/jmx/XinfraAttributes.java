package dev.vigil.reporters.jmx;

import dev.vigil.core.metrics.Metric;

/** What the Xinfra Monitor attribute classes share. */
final class XinfraAttributes {

    private XinfraAttributes() {
    }

    /** Vigil's duration {@code metric} in milliseconds, as Xinfra Monitor's {@code ...-ms-...} attributes are. */
    static JmxAttribute millis(ScopeReading v, String name, String description, Metric metric) {
        return JmxAttribute.gauge(name, description + " (Vigil " + metric.name() + " / 1000)", v.millis(metric));
    }
}
