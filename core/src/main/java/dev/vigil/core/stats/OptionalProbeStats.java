package dev.vigil.core.stats;

import dev.vigil.core.metrics.MetricHistogram;
import dev.vigil.core.metrics.MetricValue;

import java.util.List;
import java.util.Set;

/**
 * The numbers of a probe a cluster's monitor runs beside produce and consume when its config asks for
 * it (offset commit, controller, mirror), as the monitor handles them whatever the probe: filed once a
 * second, read for the cluster scope's histograms and for the broker scopes. What the probe adds to
 * the cluster scope's values is its own snapshot, a section of the cluster's reading.
 */
public interface OptionalProbeStats {

    /** Files recently recorded latencies under the current slice (on the monitor's timer, once a second). */
    void harvest(long nowMicros);

    /** The probe's cumulative latency histograms, of the cluster scope. */
    List<MetricHistogram> histograms(long nowMicros);

    /** The brokers the probe attributes outcomes to: each gets a broker scope. */
    default Set<Integer> brokerIds() {
        return Set.of();
    }

    /** The probe's values in {@code broker}'s scope. */
    default List<MetricValue> brokerValues(int broker, long nowMicros) {
        return List.of();
    }
}
