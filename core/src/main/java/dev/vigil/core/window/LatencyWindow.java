package dev.vigil.core.window;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A latency distribution in microseconds (3 significant digits, up to one hour) over a sliding
 * window of fixed slices, plus the cumulative distribution since start.
 *
 * <p>Stored slices are packed, auto-resizing histograms: memory, and the time to sum or walk
 * them, follow the values seen, not the one-hour range (a dense 3-digit histogram up to one hour
 * is ~184 KB, and a scope holds 14 of them; summing fixed-range packed slices cost ~2 ms per read).
 * Every operation on a packed histogram still visits each index up to its highest value (about
 * 100 ns each, thousands of them), so reads avoid them: the window's sum is kept up to date as
 * slices fill and expire instead of being summed per read, the summary is kept until the window
 * changes (new values or a slice boundary), and the recorder is only swapped when something was
 * recorded since the last swap (the swap clears a packed histogram index by index).
 *
 * <p>Writers call {@link #record} from any thread; it is wait-free (HdrHistogram {@link Recorder}
 * plus one ordered store). Readers ({@link #harvest}, {@link #window}, {@link #summary},
 * {@link #cumulative}) take the monitor, swap out the interval histogram and file it under the
 * slice of the harvest time, so call {@link #harvest} about once per slice to keep values in the
 * slice they were recorded in. Values above one hour are recorded as one hour, negative ones
 * (clock steps) as zero.
 */
public final class LatencyWindow {

    public static final long HIGHEST_MICROS = 3_600_000_000L;
    private static final int DIGITS = 3;

    private final long sliceMicros;
    private final Recorder recorder;
    private final Histogram[] slices;
    private final long[] sliceIndex;
    private final Histogram cumulative = new PackedHistogram(DIGITS);
    /** The sum of the slices flagged in {@link #inSum}; only ever changed by adding or subtracting a slice. */
    private final Histogram sum = new PackedHistogram(DIGITS);
    private final boolean[] inSum;
    /**
     * Set by writers after each record, cleared by the reader before it swaps the recorder: a
     * record that lands after the swap sets it again, so no value waits beyond the next read.
     */
    private final AtomicBoolean recorded = new AtomicBoolean();
    private Histogram recycled;
    /** Counts harvests that filed values, so a cached summary knows it is stale. */
    private long filed;
    private LatencySummary summary;
    private long summaryFiled = -1;
    private long summarySlice;

    public LatencyWindow(long windowMicros, int sliceCount) {
        this(windowMicros, sliceCount, false);
    }

    /**
     * @param compact record into packed (sparse) histograms, whose memory follows the values
     *                actually seen (a few KB for a typical latency spread) instead of an
     *                auto-sized dense array (tens of KB); recording costs about 50 ns more. Meant
     *                for the many low-rate partition scopes, not the few busy aggregate ones.
     */
    public LatencyWindow(long windowMicros, int sliceCount, boolean compact) {
        if (sliceCount < 1 || windowMicros < sliceCount || windowMicros % sliceCount != 0) {
            throw new IllegalArgumentException("window " + windowMicros + " us must split into " + sliceCount + " equal slices");
        }
        this.sliceMicros = windowMicros / sliceCount;
        this.recorder = new Recorder(DIGITS, compact);
        this.slices = new Histogram[sliceCount];
        this.sliceIndex = new long[sliceCount];
        this.inSum = new boolean[sliceCount];
        for (int i = 0; i < sliceCount; i++) {
            slices[i] = new PackedHistogram(DIGITS);
            sliceIndex[i] = Long.MIN_VALUE;
        }
    }

    public void record(long micros) {
        recorder.recordValue(Math.min(Math.max(micros, 0), HIGHEST_MICROS));
        // an ordered (not volatile) store: a plain move on x86, so the hot path pays nothing for it
        recorded.lazySet(true);
    }

    /** Moves what was recorded since the last harvest into the slice of {@code nowMicros}. */
    public synchronized void harvest(long nowMicros) {
        if (!recorded.getAndSet(false)) {
            return;
        }
        Histogram interval = recorder.getIntervalHistogram(recycled);
        recycled = interval;
        if (interval.getTotalCount() == 0) {
            return;
        }
        cumulative.add(interval);
        long index = Math.floorDiv(nowMicros, sliceMicros);
        int slot = (int) Math.floorMod(index, slices.length);
        if (sliceIndex[slot] != index) {
            leaveSum(slot);
            slices[slot].reset();
            sliceIndex[slot] = index;
        }
        slices[slot].add(interval);
        if (inSum[slot]) {
            sum.add(interval);
        }
        filed++;
    }

    /** A copy of the distribution over the window ending at {@code nowMicros}. */
    public synchronized Histogram window(long nowMicros) {
        return alignedSum(nowMicros).copy();
    }

    public synchronized LatencySummary summary(long nowMicros) {
        Histogram window = alignedSum(nowMicros);
        long current = Math.floorDiv(nowMicros, sliceMicros);
        if (summaryFiled != filed || summarySlice != current) {
            summary = LatencySummary.of(window);
            summaryFiled = filed;
            summarySlice = current;
        }
        return summary;
    }

    /** A copy of everything recorded since start (after a harvest at {@code nowMicros}). */
    public synchronized Histogram cumulative(long nowMicros) {
        harvest(nowMicros);
        return cumulative.copy();
    }

    /**
     * The running sum, after a harvest, holding exactly the slices in the window ending at
     * {@code nowMicros}: usually nothing to do, one subtraction when a slice expires.
     */
    private Histogram alignedSum(long nowMicros) {
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
        return sum;
    }

    private void leaveSum(int slot) {
        if (inSum[slot]) {
            sum.subtract(slices[slot]);
            inSum[slot] = false;
        }
    }
}
