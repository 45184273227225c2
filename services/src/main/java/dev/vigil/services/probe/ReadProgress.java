package dev.vigil.services.probe;

/**
 * How far the mirror consumer has read one partition of the mirrored topic (or the topic as a whole
 * while the target has none): the latest time T such that everything the partition held at T has
 * been read. Mirror verdicts are given up to there only.
 *
 * <p><b>The hold after an outage.</b> While the partition cannot be looked up (target or partition
 * leader down), the replicator can most likely not write to it either, and the probes it should copy
 * pile up in the source. When the partition answers again, the consumer reaches its log end within a
 * moment, usually before the replicator has copied that backlog; taken as progress, that end would
 * judge every probe of the outage older than a grace lost, although it arrives a moment later. So from
 * the first failed look-up on, progress stays where it was; after the first successful one, at T1, it
 * stays there until everything the partition held at T1 + grace has been read. Every probe sent
 * before T1 so has a full grace with the partition reachable to arrive in; one still missing then is
 * lost, as after any grace. A failure during the hold starts it again from the next success.
 *
 * <p>Not thread-safe: {@link MirrorProgress} guards it.
 */
final class ReadProgress {

    private final long graceMicros;
    private long read;
    /** Progress as shown while {@link #held}: where it was when the first look-up failed. */
    private long heldAt;
    private boolean held;
    /** A look-up failed and none succeeded since. */
    private boolean failing;
    /** While held and no longer failing: the hold ends once {@link #read} reaches this. */
    private long holdUntil;

    ReadProgress(long startMicros, long graceMicros) {
        this.read = startMicros;
        this.graceMicros = graceMicros;
    }

    /** A partition read as far as this one shows, held as this one is. */
    ReadProgress copy() {
        ReadProgress copy = new ReadProgress(progress(), graceMicros);
        copy.heldAt = heldAt;
        copy.held = held;
        copy.failing = failing;
        copy.holdUntil = holdUntil;
        return copy;
    }

    /** Everything the partition held at {@code asOfMicros} has been read. */
    void readUpTo(long asOfMicros) {
        read = Math.max(read, asOfMicros);
        releaseIfDue();
    }

    void lookupFailed() {
        if (!held) {
            held = true;
            heldAt = read;
        }
        failing = true;
    }

    /** A look-up answered at {@code atMicros}; the first after a failure starts the grace of the hold. */
    void lookupSucceeded(long atMicros) {
        if (failing) {
            failing = false;
            holdUntil = atMicros + graceMicros;
            releaseIfDue();
        }
    }

    long progress() {
        return held ? heldAt : read;
    }

    private void releaseIfDue() {
        if (held && !failing && read >= holdUntil) {
            held = false;
        }
    }
}
