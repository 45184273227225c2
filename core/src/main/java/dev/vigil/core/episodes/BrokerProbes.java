package dev.vigil.core.episodes;

import java.util.Map;

/**
 * A broker's produce probes so far (attributed to the leader at send time), cumulative since the monitor started.
 *
 * @param consecutiveFailures the current run of failed probes, -1 before any final outcome
 */
public record BrokerProbes(long attempts, long failures, int consecutiveFailures, Map<String, Long> errorClasses) {

    public static final BrokerProbes NONE = new BrokerProbes(0, 0, -1, Map.of());

    public BrokerProbes {
        errorClasses = Map.copyOf(errorClasses);
    }
}
