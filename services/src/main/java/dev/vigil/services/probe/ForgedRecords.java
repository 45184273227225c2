package dev.vigil.services.probe;

import dev.vigil.core.time.MicroClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Records on a monitor topic that carry this session's id but were not written by it: counted by
 * reason, never fed to a ledger. Whoever can write to the topic can read it, so the session id alone
 * proves nothing; the MAC and the offset do.
 *
 * <p>One per cluster monitor, shared by its consume and mirror probes (their threads), and kept across
 * probe restarts so the count only grows. At most one log line a minute: a flood of forgeries must not
 * flood the log; the line names the latest one and how many went unlogged since the previous line.
 */
public final class ForgedRecords {

    private static final Logger log = LoggerFactory.getLogger(ForgedRecords.class);
    private static final long LOG_EVERY_MICROS = 60_000_000L;

    public enum Reason {
        /** A version-2 probe whose MAC does not match under this session's key. */
        BAD_MAC("bad MAC"),
        /** A version-1 (unsigned) probe with this session's id: this session writes only signed ones. */
        UNSIGNED("unsigned (version 1) probe with this session's id"),
        /** A valid probe at another offset than the one it was written at: a copy of it. */
        REPLAY("copy of a probe at another offset than its own");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final String cluster;
    private final MicroClock clock;
    private final AtomicLongArray counts = new AtomicLongArray(Reason.values().length);
    private final AtomicLong nextLogMicros = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong unlogged = new AtomicLong();

    public ForgedRecords(String cluster, MicroClock clock) {
        this.cluster = cluster;
        this.clock = clock;
    }

    /**
     * Counts one forged record read by {@code reader} ("consume", "mirror") from {@code partition} at
     * {@code offset} of {@code topic}; logs it if no line was logged in the last minute.
     */
    public void record(Reason reason, String reader, String topic, int partition, long offset, long sequence) {
        counts.incrementAndGet(reason.ordinal());
        long now = clock.nowMicros();
        long next = nextLogMicros.get();
        if (now < next || !nextLogMicros.compareAndSet(next, now + LOG_EVERY_MICROS)) {
            unlogged.incrementAndGet();
            return;
        }
        log.warn("cluster={} {} probe read a forged record on {} partition={} offset={} claiming sequence {}: {};"
                        + " not counted as a receipt ({} more since the previous line; at most one line a minute,"
                        + " see forgedRecords)", cluster, reader, topic, partition, offset, sequence,
                reason.description(), unlogged.getAndSet(0));
    }

    public long total() {
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += counts.get(i);
        }
        return total;
    }

    public long count(Reason reason) {
        return counts.get(reason.ordinal());
    }
}
