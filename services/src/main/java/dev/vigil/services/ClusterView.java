package dev.vigil.services;

import dev.vigil.core.stats.ClusterSnapshot;

/**
 * What one cluster's monitor reports at one moment: its state, why (when not running), how many
 * partitions it probes, and the numbers.
 */
public record ClusterView(String cluster, ClusterMonitor.Status status, String reason, int partitions,
                          ClusterSnapshot snapshot, long foreignRecords, long otherSessionRecords, long truncations) {

    /**
     * Mean produce availability over partitions. A cluster that could not be reached at all reads 0,
     * not "no data": probes were due and none could be sent.
     */
    public double produceAvailability() {
        return orZeroWhenUnreachable(snapshot.produceAvailability());
    }

    public double consumeAvailability() {
        return orZeroWhenUnreachable(snapshot.consumeAvailability());
    }

    private double orZeroWhenUnreachable(double value) {
        return Double.isNaN(value) && status == ClusterMonitor.Status.UNREACHABLE ? 0.0 : value;
    }
}
