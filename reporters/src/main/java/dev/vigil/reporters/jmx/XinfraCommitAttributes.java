package dev.vigil.reporters.jmx;

import java.util.List;
import java.util.function.Supplier;

import static dev.vigil.reporters.jmx.JmxAttribute.gauge;

/**
 * Xinfra Monitor's {@code commit-availability-service} and {@code commit-latency-service}
 * attributes, computed from the offset-commit probe's values in a Vigil cluster scope
 * (mapping and differences: docs/xinfra-compat.md). Every value is a {@link Double}, as in Xinfra
 * Monitor.
 */
final class XinfraCommitAttributes {

    private XinfraCommitAttributes() {
    }

    /** Whether the scope carries the offset-commit probe's values (the probe is on). */
    static boolean present(ScopeReading v) {
        return v.byName().containsKey("offsetCommitAttempts");
    }

    static Supplier<List<JmxAttribute>> availability(RecentValues cluster) {
        return () -> {
            ScopeReading v = cluster.read();
            double attempts = v.get("offsetCommitAttempts");
            double failures = v.get("offsetCommitFailures");
            return List.of(
                    gauge("commit-availability-avg", "Vigil offsetCommitAvailability: commits acknowledged within"
                            + " offset.commit.sla.ms / commits due, over the window", v.get("offsetCommitAvailability")),
                    gauge("offsets-committed-avg", "Vigil (offsetCommitAttempts - offsetCommitFailures) /"
                            + " offsetCommitAttempts: commit availability since start, NaN before any commit",
                            attempts == 0 ? Double.NaN : (attempts - failures) / attempts),
                    gauge("offsets-committed-total", "Vigil offsetCommitAttempts - offsetCommitFailures: commits"
                            + " acknowledged within the SLA since start", attempts - failures),
                    gauge("failed-commit-offsets-total", "Vigil offsetCommitFailures: commits not acknowledged within"
                            + " the SLA since start", failures));
        };
    }

    static Supplier<List<JmxAttribute>> latency(RecentValues cluster) {
        return () -> {
            ScopeReading v = cluster.read();
            return List.of(
                    millis(v, "commit-offset-latency-ms-avg", "mean", "offsetCommitLatencyMeanMicros"),
                    millis(v, "commit-offset-latency-ms-max", "maximum", "offsetCommitLatencyMaxMicros"),
                    millis(v, "commit-offset-latency-ms-99th", "99th percentile", "offsetCommitLatencyP99Micros"),
                    millis(v, "commit-offset-latency-ms-999th", "99.9th percentile", "offsetCommitLatencyP999Micros"),
                    millis(v, "commit-offset-latency-ms-9999th", "99.99th percentile", "offsetCommitLatencyP9999Micros"));
        };
    }

    private static JmxAttribute millis(ScopeReading v, String name, String statistic, String micros) {
        return gauge(name, statistic + " offset commit latency over the window, ms (Vigil " + micros + " / 1000)",
                v.get(micros) / 1_000.0);
    }
}
