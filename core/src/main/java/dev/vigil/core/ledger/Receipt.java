package dev.vigil.core.ledger;

/** How the ledger classified one received probe. */
public enum Receipt {
    /** First receipt, and the highest sequence so far. */
    IN_ORDER,
    /** First receipt, after a higher sequence had already arrived. */
    LATE,
    /** The sequence had been received before. */
    DUPLICATE,
    /** The sequence's loss grace had passed; its slot is gone, so duplicate and late can no longer be told apart. */
    AFTER_GRACE,
    /** The first receipt of a sequence already judged lost: the loss verdict was false (it stands, counted apart). */
    AFTER_LOSS,
    /**
     * A copy at another offset than the sequence's own record: written by someone else (the producer is
     * idempotent), counted nowhere in the ledger; the caller counts it as forged.
     */
    REPLAY,
    /** A sequence this session never sent (corrupt, or a bug): not counted anywhere else. */
    UNKNOWN
}
