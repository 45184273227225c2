package dev.vigil.core.window;

import dev.vigil.core.concurrent.FieldHandles;

import org.HdrHistogram.Histogram;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A latency distribution in microseconds (3 significant digits, up to one hour) over a sliding
 * window of fixed slices, plus the cumulative distribution since start.
 *
 * <p>Counts are kept by HdrHistogram index ({@link LatencyIndex}): slices and the window's sum as
 * {@link SparseCounts}. Memory and work follow the values seen, not the one-hour range (a dense
 * 3-digit histogram up to one hour is ~184 KB, and a scope has two windows of several slices), and
 * unlike packed <em>histograms</em>, whose every operation visits each index below their highest
 * value, thousands of them, nothing here walks empty indexes.
 * The window's sum is kept up to date as slices fill and expire instead of being summed per read,
 * and its summary is kept until the window changes (new values or a slice boundary). The cumulative
 * distribution, if the window keeps one, is a running sum of everything filed, added to at each
 * harvest.
 *
 * <p>Writers call {@link #record} from any thread; it never waits for a reader (an {@link IndexLog},
 * wait-free for a partition's few values between harvests, plus one ordered store). Readers
 * ({@link #harvest}, {@link #window}, {@link #summary}, {@link #cumulative}) take the monitor, swap out what was recorded since the last harvest and
 * file it under the slice of the harvest time, so call {@link #harvest} about once per slice to
 * keep values in the slice they were recorded in. Values above one hour are recorded as one hour,
 * negative ones (clock steps) as zero.
 *
 * <p>Why not HdrHistogram's {@code Recorder}, and what stays exactly as a histogram would read:
 * docs/design.md, "Latency windows".
 */
public final class LatencyWindow {

    public static final long HIGHEST_MICROS = 3_600_000_000L;
    private static final int DIGITS = 3;

    private final long sliceMicros;
    /**
     * Where {@link #record} puts values until a harvest takes them out: a few indexes as they came,
     * then counts in chunked arrays, whose memory follows the values seen and whose drain visits only the chunks
     * recorded. (Not an HdrHistogram {@code Recorder}: its interval histogram is concurrent, and walking
     * it takes a reader lock per index, thousands of them per harvest.)
     */
    private final IndexLog log = new IndexLog();
    private final SparseCounts[] slices;
    private final long[] sliceIndex;
    /**
     * Everything filed, added to at each harvest: in place once the distribution's indexes are known, so a
     * read copies one array instead of folding every slice into new ones (most of a hundred-cluster scrape's
     * allocation). Null in a window that keeps none: a partition's windows keep none unless their histograms
     * are exported, since it grows to a few hundred indexes, held per window.
     */
    private final SparseCounts sinceStart;
    private int highestIndex;
    /** The sum of the slices flagged in {@link #inSum}, changed only by adding or subtracting a slice. */
    private final SparseCounts sum = new SparseCounts();
    private final boolean[] inSum;
    /**
     * Set by writers after each record, cleared by the reader before it drains the log: a
     * record that lands after the swap sets it again, so no value waits beyond the next read,
     * and reads with nothing new skip the swap. A field, not an {@code AtomicBoolean}: one object
     * less to reach (and miss in cache) per record at 10,000 partitions.
     */
    private volatile boolean recorded;
    private static final VarHandle RECORDED =
            FieldHandles.of(MethodHandles.lookup(), LatencyWindow.class, "recorded", boolean.class);
    /** Counts harvests that filed values, so a kept summary knows it is stale. */
    private long filed;
    private LatencySummary summary;
    private long summaryFiled = -1;
    private long summarySlice;
    private LatencyCounts cumulative = LatencyCounts.EMPTY;
    private long cumulativeFiled;

    /** A window that also keeps the distribution since start ({@link #cumulative}). */
    public LatencyWindow(long windowMicros, int sliceCount) {
        this(windowMicros, sliceCount, true);
    }

    /** @param sinceStart whether to keep the distribution since start, for {@link #cumulative} */
    public LatencyWindow(long windowMicros, int sliceCount, boolean sinceStart) {
        if (sliceCount < 1 || windowMicros < sliceCount || windowMicros % sliceCount != 0) {
            throw new IllegalArgumentException("window " + windowMicros + " us must split into " + sliceCount + " equal slices");
        }
        this.sliceMicros = windowMicros / sliceCount;
        this.slices = new SparseCounts[sliceCount];
        this.sliceIndex = new long[sliceCount];
        this.inSum = new boolean[sliceCount];
        this.sinceStart = sinceStart ? new SparseCounts() : null;
        for (int i = 0; i < sliceCount; i++) {
            slices[i] = new SparseCounts();
            sliceIndex[i] = Long.MIN_VALUE;
        }
    }

    public void record(long micros) {
        log.record(LatencyIndex.of(Math.min(Math.max(micros, 0), HIGHEST_MICROS)));
        // an ordered (not volatile) store: a plain move on x86, so the hot path pays nothing for it
        RECORDED.setRelease(this, true);
    }

    /** Moves what was recorded since the last harvest into the slice of {@code nowMicros}. */
    public synchronized void harvest(long nowMicros) {
        if (!(boolean) RECORDED.getAndSet(this, false)) {
            return;
        }
        // What the log held, before it is filed; made per harvest, not kept per window: harvests
        // are a few per slice, windows two per partition.
        SparseCounts interval = new SparseCounts();
        log.drainTo(interval);
        if (interval.total() == 0) {
            return;
        }
        highestIndex = Math.max(highestIndex, interval.index(interval.size() - 1));
        long index = Math.floorDiv(nowMicros, sliceMicros);
        int slot = (int) Math.floorMod(index, slices.length);
        if (sliceIndex[slot] != index) {
            leaveSum(slot);
            slices[slot].clear();
            sliceIndex[slot] = index;
        }
        slices[slot].add(interval);
        if (inSum[slot]) {
            sum.add(interval);
        }
        if (sinceStart != null) {
            sinceStart.add(interval);
        }
        filed++;
    }

    /** A copy of the distribution over the window ending at {@code nowMicros}. */
    public synchronized Histogram window(long nowMicros) {
        alignSum(nowMicros);
        Histogram h = emptyHistogram();
        fill(h, sum);
        return h;
    }

    public synchronized LatencySummary summary(long nowMicros) {
        alignSum(nowMicros);
        long current = Math.floorDiv(nowMicros, sliceMicros);
        if (summaryFiled != filed || summarySlice != current) {
            summary = LatencySummary.of(sum);
            summaryFiled = filed;
            summarySlice = current;
        }
        return summary;
    }

    public boolean keepsSinceStart() {
        return sinceStart != null;
    }

    /**
     * Everything recorded since start (after a harvest at {@code nowMicros}); the same object until
     * something new is filed, so readers in the same second (a scrape, the SLO reporter) share one.
     *
     * @throws IllegalStateException if this window keeps no distribution since start
     */
    public synchronized LatencyCounts cumulative(long nowMicros) {
        if (sinceStart == null) {
            throw new IllegalStateException("this latency window keeps no distribution since start");
        }
        harvest(nowMicros);
        if (cumulativeFiled != filed) {
            cumulative = LatencyCounts.of(sinceStart);
            cumulativeFiled = filed;
        }
        return cumulative;
    }

    /**
     * Brings the running sum, after a harvest, to exactly the slices in the window ending at
     * {@code nowMicros}: usually nothing to do, one subtraction when a slice expires.
     */
    private void alignSum(long nowMicros) {
        harvest(nowMicros);
        long current = Math.floorDiv(nowMicros, sliceMicros);
        for (int i = 0; i < slices.length; i++) {
            boolean inWindow = sliceIndex[i] > current - slices.length && sliceIndex[i] <= current;
            if (inWindow && !inSum[i]) {
                sum.add(slices[i]);
                inSum[i] = true;
            } else if (!inWindow) {
                leaveSum(i);
            }
        }
    }

    private void leaveSum(int slot) {
        if (inSum[slot]) {
            sum.subtract(slices[slot]);
            inSum[slot] = false;
        }
    }

    private static void fill(Histogram h, SparseCounts counts) {
        for (int i = 0; i < counts.size(); i++) {
            h.recordValueWithCount(LatencyIndex.lowest(counts.index(i)), counts.count(i));
        }
    }

    /**
     * A dense histogram sized to the highest value seen: reporters walk it index by index, which
     * is cheap on an array and costly on a packed one.
     */
    private Histogram emptyHistogram() {
        Histogram h = new Histogram(1, Math.max(2, LatencyIndex.highest(highestIndex)), DIGITS);
        h.setAutoResize(true);
        return h;
    }
}
