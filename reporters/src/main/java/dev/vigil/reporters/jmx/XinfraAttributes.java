package dev.vigil.reporters.jmx;

import dev.vigil.core.metrics.LatencyMetrics;
import dev.vigil.core.metrics.Metric;

import java.util.ArrayList;
import java.util.List;

/** What the Xinfra Monitor attribute classes share. */
final class XinfraAttributes {

    private XinfraAttributes() {
    }

    /**
     * Xinfra Monitor's five latency attributes, {@code prefix} plus {@code avg}, {@code max},
     * {@code 99th}, {@code 999th} and {@code 9999th}, in ms from a Vigil latency window.
     *
     * @param what the latency, as the descriptions name it ("send-to-ack")
     */
    static List<JmxAttribute> latencies(ScopeReading v, String prefix, String what, LatencyMetrics latency) {
        String over = " " + what + " latency over the window, ms";
        return List.of(
                millis(v, prefix + "avg", "mean" + over, latency.mean()),
                millis(v, prefix + "max", "maximum" + over, latency.max()),
                millis(v, prefix + "99th", "99th percentile" + over, latency.p99()),
                millis(v, prefix + "999th", "99.9th percentile" + over, latency.p999()),
                millis(v, prefix + "9999th", "99.99th percentile" + over, latency.p9999()));
    }

    /** {@code first}, then {@code then}. */
    static List<JmxAttribute> concat(List<JmxAttribute> first, List<JmxAttribute> then) {
        List<JmxAttribute> out = new ArrayList<>(first.size() + then.size());
        out.addAll(first);
        out.addAll(then);
        return out;
    }

    /** Vigil's duration {@code metric} in milliseconds, as Xinfra Monitor's {@code ...-ms-...} attributes are. */
    static JmxAttribute millis(ScopeReading v, String name, String description, Metric metric) {
        return JmxAttribute.gauge(name, description + " (Vigil " + metric.name() + " / 1000)", v.millis(metric));
    }
}
