package dev.vigil.reporters.jmx;

import java.util.List;

import static dev.vigil.core.stats.OffsetCommitMetrics.ATTEMPTS;
import static dev.vigil.core.stats.OffsetCommitMetrics.AVAILABILITY;
import static dev.vigil.core.stats.OffsetCommitMetrics.FAILURES;
import static dev.vigil.core.stats.OffsetCommitMetrics.LATENCY;
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
        return v.has(ATTEMPTS);
    }

    static List<JmxAttribute> availability(ScopeReading v) {
        double attempts = v.get(ATTEMPTS);
        double failures = v.get(FAILURES);
        return List.of(
                gauge("commit-availability-avg", "Vigil " + AVAILABILITY.name() + ": commits acknowledged within"
                        + " offset.commit.sla.ms / commits due, over the window", v.get(AVAILABILITY)),
                gauge("offsets-committed-avg", "Vigil (" + ATTEMPTS.name() + " - " + FAILURES.name() + ") / "
                        + ATTEMPTS.name() + ": commit availability since start, NaN before any commit",
                        attempts == 0 ? Double.NaN : (attempts - failures) / attempts),
                gauge("offsets-committed-total", "Vigil " + ATTEMPTS.name() + " - " + FAILURES.name()
                        + ": commits acknowledged within the SLA since start", attempts - failures),
                gauge("failed-commit-offsets-total", "Vigil " + FAILURES.name()
                        + ": commits not acknowledged within the SLA since start", failures));
    }

    static List<JmxAttribute> latency(ScopeReading v) {
        return XinfraAttributes.latencies(v, "commit-offset-latency-ms-", "offset commit", LATENCY);
    }
}
