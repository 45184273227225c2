package dev.vigil.core.stats;

import dev.vigil.core.window.LatencySummary;
import dev.vigil.core.window.LatencyWindow;
import dev.vigil.core.window.SlidingRatio;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The probe numbers of one scope (a partition, a broker or a whole cluster): windowed availability
 * and latency, cumulative counters, and the last produce outcome with its run of failures.
 *
 * <p>Written by ledger listeners on the producer, consumer and scheduler threads (several
 * partitions feed one broker scope at once), read by reporters; every field is thread-safe.
 */
public final class ScopeStats {

    private final SlidingRatio produce;
    private final SlidingRatio consume;
    private final LatencyWindow produceLatency;
    private final LatencyWindow e2eLatency;
    private final AtomicLong produceAttempts = new AtomicLong();
    private final AtomicLong produceFailures = new AtomicLong();
    private final AtomicLong consumeChecked = new AtomicLong();
    private final AtomicLong consumeFailures = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong lostAcked = new AtomicLong();
    private final AtomicLong lostUnacked = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    /** -1 until a produce outcome is final, then the length of the current run of failures (0 = last one ok). */
    private final AtomicInteger consecutiveProduceFailures = new AtomicInteger(-1);

    public ScopeStats(long windowMicros, int slices) {
        this.produce = new SlidingRatio(windowMicros, slices);
        this.consume = new SlidingRatio(windowMicros, slices);
        this.produceLatency = new LatencyWindow(windowMicros, slices);
        this.e2eLatency = new LatencyWindow(windowMicros, slices);
    }

    void produceFinalized(boolean ok, long atMicros) {
        produce.record(ok, atMicros);
        produceAttempts.incrementAndGet();
        if (ok) {
            consecutiveProduceFailures.set(0);
        } else {
            produceFailures.incrementAndGet();
            consecutiveProduceFailures.updateAndGet(n -> n < 0 ? 1 : n + 1);
        }
    }

    void consumeFinalized(boolean ok, long atMicros) {
        consume.record(ok, atMicros);
        consumeChecked.incrementAndGet();
        if (!ok) {
            consumeFailures.incrementAndGet();
        }
    }

    void produceLatency(long micros) {
        produceLatency.record(micros);
    }

    void e2eLatency(long micros) {
        received.incrementAndGet();
        e2eLatency.record(micros);
    }

    void lost(boolean acked) {
        (acked ? lostAcked : lostUnacked).incrementAndGet();
    }

    void duplicate() {
        duplicates.incrementAndGet();
    }

    void late() {
        late.incrementAndGet();
    }

    /** -1 before any final produce outcome, else the current run of failed produce probes. */
    public int consecutiveProduceFailures() {
        return consecutiveProduceFailures.get();
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
                produceAttempts.get(), produceFailures.get(), consumeChecked.get(), consumeFailures.get(),
                received.get(), lostAcked.get(), lostUnacked.get(), duplicates.get(), late.get(),
                consecutiveProduceFailures.get(),
                produceSummary, e2eSummary);
    }
}
