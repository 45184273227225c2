package dev.vigil.core.stats;

import dev.vigil.core.concurrent.FieldHandles;
import dev.vigil.core.episodes.ProduceOutcomes;
import dev.vigil.core.window.LatencySummary;
import dev.vigil.core.window.LatencyWindow;
import dev.vigil.core.window.SlidingRatio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;

/**
 * The probe numbers of one scope (a partition, a broker or a whole cluster): windowed availability
 * and latency, cumulative counters, and the last produce outcome with its run of failures.
 *
 * <p>Written by ledger listeners on the producer, consumer and scheduler threads (several
 * partitions feed one broker scope at once), read by reporters; every field is thread-safe.
 *
 * <p>The counters are volatile fields updated atomically through {@link VarHandle}s rather than
 * {@code AtomicLong}s: a cluster has a scope per partition, and ten counter objects would be ten more
 * objects per partition to hold and for the garbage collector to trace.
 */
public final class ScopeStats {

    private final SlidingRatio produce;
    private final SlidingRatio consume;
    private final LatencyWindow produceLatency;
    private final LatencyWindow e2eLatency;
    private volatile long produceAttempts;
    private volatile long produceFailures;
    private volatile long consumeChecked;
    private volatile long consumeFailures;
    private volatile long received;
    private volatile long lostAcked;
    private volatile long lostUnacked;
    private volatile long duplicates;
    private volatile long late;
    private volatile long notAttempted;
    private volatile long receivedAfterGrace;
    private volatile long unjudged;
    private volatile long lostThenReceived;
    private volatile long lostAckedAfterRead;
    /** Acks that came {@link ProduceOutcomes#STALL_MICROS} or more after their send: outage evidence. */
    private volatile long stalledAcks;
    /** -1 until a produce outcome is final, then the length of the current run of failures (0 = last one ok). */
    private volatile int consecutiveProduceFailures = -1;

    private static final VarHandle PRODUCE_ATTEMPTS = counter("produceAttempts");
    private static final VarHandle PRODUCE_FAILURES = counter("produceFailures");
    private static final VarHandle CONSUME_CHECKED = counter("consumeChecked");
    private static final VarHandle CONSUME_FAILURES = counter("consumeFailures");
    private static final VarHandle RECEIVED = counter("received");
    private static final VarHandle LOST_ACKED = counter("lostAcked");
    private static final VarHandle LOST_UNACKED = counter("lostUnacked");
    private static final VarHandle DUPLICATES = counter("duplicates");
    private static final VarHandle LATE = counter("late");
    private static final VarHandle NOT_ATTEMPTED = counter("notAttempted");
    private static final VarHandle RECEIVED_AFTER_GRACE = counter("receivedAfterGrace");
    private static final VarHandle UNJUDGED = counter("unjudged");
    private static final VarHandle LOST_THEN_RECEIVED = counter("lostThenReceived");
    private static final VarHandle LOST_ACKED_AFTER_READ = counter("lostAckedAfterRead");
    private static final VarHandle STALLED_ACKS = counter("stalledAcks");
    private static final VarHandle CONSECUTIVE_PRODUCE_FAILURES =
            FieldHandles.of(MethodHandles.lookup(), ScopeStats.class, "consecutiveProduceFailures", int.class);

    private static VarHandle counter(String field) {
        return FieldHandles.of(MethodHandles.lookup(), ScopeStats.class, field, long.class);
    }

    /** A scope whose latency windows also keep their distributions since start. */
    public ScopeStats(long windowMicros, int slices) {
        this(windowMicros, slices, true);
    }

    /** @param sinceStart whether the latency windows keep their distributions since start ({@link #keepsSinceStart}) */
    public ScopeStats(long windowMicros, int slices, boolean sinceStart) {
        this.produce = new SlidingRatio(windowMicros, slices);
        this.consume = new SlidingRatio(windowMicros, slices);
        this.produceLatency = new LatencyWindow(windowMicros, slices, sinceStart);
        this.e2eLatency = new LatencyWindow(windowMicros, slices, sinceStart);
    }

    /** Whether the latency windows can give their distributions since start ({@link LatencyWindow#cumulative}). */
    public boolean keepsSinceStart() {
        return produceLatency.keepsSinceStart();
    }

    void produceFinalized(boolean ok, long atMicros) {
        produce.record(ok, atMicros);
        PRODUCE_ATTEMPTS.getAndAdd(this, 1L);
        if (ok) {
            consecutiveProduceFailures = 0;
        } else {
            PRODUCE_FAILURES.getAndAdd(this, 1L);
            int n;
            do {
                n = consecutiveProduceFailures;
            } while (!CONSECUTIVE_PRODUCE_FAILURES.compareAndSet(this, n, n < 0 ? 1 : n + 1));
        }
    }

    void consumeFinalized(boolean ok, long atMicros) {
        consume.record(ok, atMicros);
        CONSUME_CHECKED.getAndAdd(this, 1L);
        if (!ok) {
            CONSUME_FAILURES.getAndAdd(this, 1L);
        }
    }

    void produceLatency(long micros) {
        produceLatency.record(micros);
        if (micros >= ProduceOutcomes.STALL_MICROS) {
            STALLED_ACKS.getAndAdd(this, 1L);
        }
    }

    void e2eLatency(long micros) {
        RECEIVED.getAndAdd(this, 1L);
        e2eLatency.record(micros);
    }

    void lost(boolean acked) {
        (acked ? LOST_ACKED : LOST_UNACKED).getAndAdd(this, 1L);
    }

    void duplicate() {
        DUPLICATES.getAndAdd(this, 1L);
    }

    void late() {
        LATE.getAndAdd(this, 1L);
    }

    void notAttempted() {
        NOT_ATTEMPTED.getAndAdd(this, 1L);
    }

    void receivedAfterGrace() {
        RECEIVED_AFTER_GRACE.getAndAdd(this, 1L);
    }

    void unjudged() {
        UNJUDGED.getAndAdd(this, 1L);
    }

    void lostThenReceived() {
        LOST_THEN_RECEIVED.getAndAdd(this, 1L);
    }

    void lostAckedAfterRead() {
        LOST_ACKED_AFTER_READ.getAndAdd(this, 1L);
    }

    /** -1 before any final produce outcome, else the current run of failed produce probes. */
    public int consecutiveProduceFailures() {
        return consecutiveProduceFailures;
    }

    /** The produce outcomes so far, without reading the windows: cheap enough for every scope each second. */
    public ProduceOutcomes produceOutcomes() {
        return new ProduceOutcomes(produceAttempts, produceFailures, consecutiveProduceFailures, stalledAcks, Map.of());
    }

    /** Files recently recorded latencies under the current slice; call about once per slice. */
    public void harvest(long nowMicros) {
        produceLatency.harvest(nowMicros);
        e2eLatency.harvest(nowMicros);
    }

    public LatencyWindow produceLatencyWindow() {
        return produceLatency;
    }

    public LatencyWindow e2eLatencyWindow() {
        return e2eLatency;
    }

    public ScopeSnapshot snapshot(long nowMicros) {
        return snapshot(nowMicros, produceLatency.summary(nowMicros), e2eLatency.summary(nowMicros));
    }

    /**
     * Availability and counters without the latency summaries (left empty), which are what costs:
     * for aggregates over many scopes that need only the former.
     */
    public ScopeSnapshot countsSnapshot(long nowMicros) {
        return snapshot(nowMicros, LatencySummary.EMPTY, LatencySummary.EMPTY);
    }

    private ScopeSnapshot snapshot(long nowMicros, LatencySummary produceSummary, LatencySummary e2eSummary) {
        return new ScopeSnapshot(
                produce.read(nowMicros).value(), consume.read(nowMicros).value(),
                produceAttempts, produceFailures, consumeChecked, consumeFailures,
                received, lostAcked, lostUnacked, duplicates, late,
                notAttempted, receivedAfterGrace, unjudged, lostThenReceived, lostAckedAfterRead,
                consecutiveProduceFailures,
                produceSummary, e2eSummary);
    }
}
