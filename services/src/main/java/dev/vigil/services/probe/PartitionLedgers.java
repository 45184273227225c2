package dev.vigil.services.probe;

import dev.vigil.core.ledger.SendFailure;
import dev.vigil.core.ledger.SequenceLedger;

/**
 * What the produce probe records a send in: the partition's ledger and, when the cluster is
 * mirrored, its mirror ledger, which learns every send outcome too but is told of receipts by the
 * mirror consumer in the other cluster. Both ledgers of a partition are created together and every
 * sequence is begun in both on the probe thread, so a probe's sequence is the same in both.
 *
 * @param local  read back by this cluster's consume probe
 * @param mirror read back from the mirrored topic in the other cluster; null when not mirrored
 */
public record PartitionLedgers(SequenceLedger local, SequenceLedger mirror) {

    /** See {@link SequenceLedger#begin}. */
    public long begin(long sendMicros, int leaderId) {
        long seq = local.begin(sendMicros, leaderId);
        if (mirror != null) {
            long mirrored = mirror.begin(sendMicros, leaderId);
            if (mirrored != seq) {
                throw new IllegalStateException("mirror ledger at sequence " + mirrored + ", local at " + seq);
            }
        }
        return seq;
    }

    /** See {@link SequenceLedger#notAttempted}. */
    public void notAttempted(long scheduledMicros, int leaderId) {
        local.notAttempted(scheduledMicros, leaderId);
        if (mirror != null) {
            mirror.notAttempted(scheduledMicros, leaderId);
        }
    }

    /** {@code offset}: where the record was written, which the local ledger keeps to tell copies of it apart. */
    public void acked(long seq, long ackMicros, long offset) {
        local.acked(seq, ackMicros, offset);
        if (mirror != null) {
            mirror.acked(seq, ackMicros);
        }
    }

    public void failed(long seq, long atMicros, SendFailure failure) {
        local.failed(seq, atMicros, failure);
        if (mirror != null) {
            mirror.failed(seq, atMicros, failure);
        }
    }
}
