package dev.vigil.core.stats;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Records read back that are not this session's probes, counted, never judged: records that are not
 * Vigil probes at all (foreign), and probes of another producer session (an earlier run, another Vigil).
 * One per reader of a topic (the consume probe's, the mirror probe's); written by its thread, read by reporters.
 */
public final class OtherRecords {

    private final AtomicLong foreign = new AtomicLong();
    private final AtomicLong otherSession = new AtomicLong();

    public void countForeign() {
        foreign.incrementAndGet();
    }

    public void countOtherSession() {
        otherSession.incrementAndGet();
    }

    public long foreign() {
        return foreign.get();
    }

    public long otherSession() {
        return otherSession.get();
    }
}
