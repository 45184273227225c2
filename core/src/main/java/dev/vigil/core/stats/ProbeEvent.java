package dev.vigil.core.stats;

/**
 * One probe that went wrong in a way an operator wants to see individually: lost, duplicated or
 * late, with the partition, the broker that led it when it was sent, and when.
 *
 * @param atMicros for a loss (after read too), when the probe was sent; for a duplicate or a late arrival, when it was received
 */
public record ProbeEvent(Kind kind, int partition, int leader, long sequence, long atMicros) {

    /** {@code LOST_ACKED_AFTER_READ}: an acked probe read, then cut from the log (its time: the send's). */
    public enum Kind { LOST_ACKED, LOST_UNACKED, DUPLICATE, LATE, LOST_ACKED_AFTER_READ }
}
