package dev.vigil.core.stats;

import dev.vigil.core.window.LatencySummary;

/**
 * The numbers of one scope at one moment. Availabilities are windowed and NaN while the window
 * holds no final outcome; counters are cumulative since start.
 *
 * @param notAttempted       scheduled probes the producer could not attempt on time (also failed produce attempts)
 * @param receivedAfterGrace receipts of a probe whose loss grace had passed, other than {@code lostThenReceived}
 * @param unjudged           probes that left a full ledger before the consumer's progress allowed a loss verdict
 * @param lostThenReceived   probes received after they were judged lost: loss verdicts that proved false (they
 *                           stay counted as lost, and are counted in {@code received})
 * @param lostAckedAfterRead acked probes read and then cut from the log below the consumer (unclean leader
 *                           election, lost disk); never also in {@code lostAcked}, which counts acked probes never read
 * @param consecutiveProduceFailures -1 before the first final produce outcome, else the current run of failures
 */
public record ScopeSnapshot(double produceAvailability, double consumeAvailability,
                            long produceAttempts, long produceFailures, long consumeChecked, long consumeFailures,
                            long received, long lostAcked, long lostUnacked, long duplicates, long late,
                            long notAttempted, long receivedAfterGrace, long unjudged, long lostThenReceived,
                            long lostAckedAfterRead,
                            int consecutiveProduceFailures,
                            LatencySummary produceLatency, LatencySummary e2eLatency) {

    /** A scope with nothing recorded yet. */
    public static final ScopeSnapshot EMPTY = new ScopeSnapshot(Double.NaN, Double.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1,
            LatencySummary.EMPTY, LatencySummary.EMPTY);

    /** Whether the latest final produce probe succeeded; null before any is final. */
    public Boolean lastProduceOk() {
        return consecutiveProduceFailures < 0 ? null : consecutiveProduceFailures == 0;
    }
}
