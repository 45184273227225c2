package dev.vigil.core.stats;

import dev.vigil.core.metrics.MetricHistogram;
import dev.vigil.core.metrics.MetricValue;

import java.util.List;
import java.util.Set;

/**
 * What a cluster's monitor reads of an optional probe's numbers besides its section of the reading:
 * filed once a second, its histograms for the cluster scope, and what it attributes to brokers.
 * {@link OptionalProbeStats} is the one of the probes that give verdicts; {@link #NONE} the one of a
 * probe that publishes whole evaluations (consumer-group lag).
 */
public interface ProbeNumbers {

    /** Nothing to file, no histogram, nothing by broker. */
    ProbeNumbers NONE = new ProbeNumbers() {
        @Override
        public void harvest(long nowMicros) {
        }

        @Override
        public List<MetricHistogram> histograms(long nowMicros) {
            return List.of();
        }
    };

    /** Files recently recorded values (on the monitor's timer, once a second). */
    void harvest(long nowMicros);

    /** Histograms since start, of the cluster scope. */
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
