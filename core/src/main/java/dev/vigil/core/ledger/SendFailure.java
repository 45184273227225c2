package dev.vigil.core.ledger;

/** What a failed send means for loss accounting. */
public enum SendFailure {
    /** The record was certainly not written (not attempted, rejected, not authorized): never counted as lost. */
    DEFINITE,
    /** The send ended without an ack but may have been written (timed out, disconnected): lost-unacked if it never arrives. */
    OUTCOME_UNKNOWN
}
