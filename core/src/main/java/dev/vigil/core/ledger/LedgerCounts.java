package dev.vigil.core.ledger;

/**
 * Cumulative counts of one partition's ledger since it was created.
 *
 * @param attempted        scheduled sends, including those that could not be attempted on time
 * @param notAttempted     scheduled sends that could not be attempted (producer blocked, no metadata)
 * @param acked            sends the broker acknowledged
 * @param failed           sends that failed for certain (not written)
 * @param unknown          sends that ended without an ack but may have been written (timed out)
 * @param received         distinct sequences received
 * @param duplicates       receipts of a sequence already received
 * @param late             receipts after a higher sequence of the same partition
 * @param receivedAfterGrace receipts of a sequence whose loss grace had already passed, other than those
 *                         counted in {@code lostThenReceived}
 * @param lostAcked        acked sequences not received within the loss grace
 * @param lostUnacked      sequences with no ack and no certain failure not received within the loss grace
 * @param produceOk        produce attempts acked within the ack SLA
 * @param produceFinalized produce attempts whose outcome is final
 * @param consumeOk        acked probes received within the e2e SLA
 * @param consumeFinalized acked probes whose consume outcome is final
 * @param unjudged         sequences pushed out of a full ring before the consumer's progress allowed a loss verdict
 * @param lostThenReceived sequences received after they were judged lost (acked or not): loss verdicts that proved
 *                         false; also counted in {@code received}, and still in {@code lostAcked} or {@code lostUnacked}
 */
public record LedgerCounts(long attempted, long notAttempted, long acked, long failed, long unknown,
                           long received, long duplicates, long late, long receivedAfterGrace,
                           long lostAcked, long lostUnacked,
                           long produceOk, long produceFinalized, long consumeOk, long consumeFinalized,
                           long unjudged, long lostThenReceived) {
}
