package dev.vigil.core.ledger;

/**
 * Receives every outcome a {@link SequenceLedger} finalizes, tagged with the broker that led the
 * partition when the probe was sent, so per-broker numbers attribute each probe to that leader.
 *
 * <p>Called while the ledger's lock is held: implementations must be quick and must not call back
 * into the ledger.
 */
public interface LedgerListener {

    /** A produce attempt is final: acked within the SLA ({@code ok}), or failed, or past its deadline. */
    void produceFinalized(int leader, boolean ok, long atMicros);

    /** Send to ack, for every ack (late ones too). */
    void produceLatency(int leader, long micros);

    /** An acked probe's consume outcome is final: received within the e2e SLA or not. */
    void consumeFinalized(int leader, boolean ok, long atMicros);

    /** Send to first receipt. */
    void e2eLatency(int leader, long micros);

    /** A sequence was not received within the loss grace; {@code acked} tells the two kinds of loss apart. */
    void lost(int leader, boolean acked, long sequence, long sendTimeMicros);

    /** A second receipt of {@code sequence}, at {@code atMicros}. */
    void duplicate(int leader, long sequence, long atMicros);

    /** Received after a higher sequence of the same partition. */
    void late(int leader, long sequence, long atMicros);

    /** A scheduled send that could not be attempted on time; its failed produce outcome is reported too. */
    void notAttempted(int leader);

    /**
     * A receipt of a sequence whose loss grace had passed, not judged lost (or judged lost and received
     * already); {@code leaderKnown} is false when the ledger has reused its slot and no longer knows the leader.
     */
    void receivedAfterGrace(int leader, boolean leaderKnown);

    /** A sequence left a full ledger before the consumer's progress allowed its loss verdict. */
    void unjudged(int leader);

    /**
     * The first receipt of a sequence judged lost: a loss verdict that proved false. Its latency is
     * reported too; the loss verdict stands.
     */
    void lostThenReceived(int leader);

    /**
     * An acked probe the consumer had read was cut from the partition's log below the consumer's position
     * ({@link SequenceLedger#cut}): lost after read, counted once.
     */
    void lostAckedAfterRead(int leader, long sequence, long sendTimeMicros);

    LedgerListener NONE = new LedgerListener() {
        @Override public void produceFinalized(int leader, boolean ok, long atMicros) { }
        @Override public void produceLatency(int leader, long micros) { }
        @Override public void consumeFinalized(int leader, boolean ok, long atMicros) { }
        @Override public void e2eLatency(int leader, long micros) { }
        @Override public void lost(int leader, boolean acked, long sequence, long sendTimeMicros) { }
        @Override public void duplicate(int leader, long sequence, long atMicros) { }
        @Override public void late(int leader, long sequence, long atMicros) { }
        @Override public void notAttempted(int leader) { }
        @Override public void receivedAfterGrace(int leader, boolean leaderKnown) { }
        @Override public void unjudged(int leader) { }
        @Override public void lostThenReceived(int leader) { }
        @Override public void lostAckedAfterRead(int leader, long sequence, long sendTimeMicros) { }
    };
}
