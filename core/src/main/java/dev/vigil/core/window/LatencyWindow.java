package dev.vigil.core.window;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.HdrHistogram.Recorder;

/**
 * A latency distribution in microseconds (3 significant digits, up to one hour) over a sliding
 * window of fixed slices, plus the cumulative distribution since start.
 *
 * <p>Stored slices are packed, auto-resizing histograms: memory, and the time to sum or walk
 * them, follow the values seen, not the one-hour range (a dense 3-digit histogram up to one hour
 * is ~184 KB, and a scope holds 14 of them; summing fixed-range packed slices cost ~2 ms per read).
 *
 * <p>Writers call {@link #record} from any thread; it is wait-free (HdrHistogram {@link Recorder}).
 * Readers ({@link #harvest}, {@link #window}, {@link #cumulative}) take the reader lock, swap out
 * the interval histogram and file it under the slice of the harvest time, so call {@link #harvest}
 * about once per slice to keep values in the slice they were recorded in. Values above one hour
 * are recorded as one hour, negative ones (clock steps) as zero.
 */
public final class LatencyWindow {

    public static final long HIGHEST_MICROS = 3_600_000_000L;
    private static final int DIGITS = 3;

    private final long sliceMicros;
    private final Recorder recorder;
    private final Histogram[] slices;
    private final long[] sliceIndex;
    private final Histogram cumulative = new PackedHistogram(DIGITS);
    private Histogram recycled;

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
        for (int i = 0; i < sliceCount; i++) {
            slices[i] = new PackedHistogram(DIGITS);
            sliceIndex[i] = Long.MIN_VALUE;
        }
    }

    public void record(long micros) {
        recorder.recordValue(Math.min(Math.max(micros, 0), HIGHEST_MICROS));
    }

    /** Moves what was recorded since the last harvest into the slice of {@code nowMicros}. */
    public synchronized void harvest(long nowMicros) {
        Histogram interval = recorder.getIntervalHistogram(recycled);
        recycled = interval;
        if (interval.getTotalCount() == 0) {
            return;
        }
        cumulative.add(interval);
        long index = Math.floorDiv(nowMicros, sliceMicros);
        int slot = (int) Math.floorMod(index, slices.length);
        if (sliceIndex[slot] != index) {
            slices[slot].reset();
            sliceIndex[slot] = index;
        }
        slices[slot].add(interval);
    }

    /** A copy of the distribution over the window ending at {@code nowMicros}. */
    public synchronized Histogram window(long nowMicros) {
        harvest(nowMicros);
        long current = Math.floorDiv(nowMicros, sliceMicros);
        Histogram sum = new PackedHistogram(DIGITS);
        for (int i = 0; i < slices.length; i++) {
            if (sliceIndex[i] > current - slices.length && sliceIndex[i] <= current) {
                sum.add(slices[i]);
            }
        }
        return sum;
    }

    public LatencySummary summary(long nowMicros) {
        return LatencySummary.of(window(nowMicros));
    }

    /** A copy of everything recorded since start (after a harvest at {@code nowMicros}). */
    public synchronized Histogram cumulative(long nowMicros) {
        harvest(nowMicros);
        return cumulative.copy();
    }
}
