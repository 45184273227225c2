package dev.vigil.core.window;

/**
 * Good-over-total over a sliding time window made of fixed slices (default 60 s in 10 s slices).
 *
 * <p>An outcome is filed under the slice of the time it became final. The window read at time t
 * holds the slice containing t and the {@code slices - 1} before it. Outcomes older than the
 * window are dropped. With no outcome in the window the ratio is NaN ("no data yet"), never 0.
 * Thread-safe; every call holds the monitor for a few array accesses.
 */
public final class SlidingRatio {

    private final long sliceMicros;
    private final long[] sliceIndex;
    private final long[] good;
    private final long[] total;

    public SlidingRatio(long windowMicros, int slices) {
        if (slices < 1 || windowMicros < slices || windowMicros % slices != 0) {
            throw new IllegalArgumentException("window " + windowMicros + " us must split into " + slices + " equal slices");
        }
        this.sliceMicros = windowMicros / slices;
        this.sliceIndex = new long[slices];
        this.good = new long[slices];
        this.total = new long[slices];
        java.util.Arrays.fill(sliceIndex, Long.MIN_VALUE);
    }

    public synchronized void record(boolean ok, long atMicros) {
        long index = Math.floorDiv(atMicros, sliceMicros);
        int slot = (int) Math.floorMod(index, sliceIndex.length);
        if (sliceIndex[slot] != index) {
            if (sliceIndex[slot] > index) {
                return; // older than the window already
            }
            sliceIndex[slot] = index;
            good[slot] = 0;
            total[slot] = 0;
        }
        total[slot]++;
        if (ok) {
            good[slot]++;
        }
    }

    public synchronized Ratio read(long nowMicros) {
        long current = Math.floorDiv(nowMicros, sliceMicros);
        long g = 0, t = 0;
        for (int i = 0; i < sliceIndex.length; i++) {
            if (sliceIndex[i] > current - sliceIndex.length && sliceIndex[i] <= current) {
                g += good[i];
                t += total[i];
            }
        }
        return new Ratio(g, t);
    }

    /** Outcomes counted in a window. */
    public record Ratio(long good, long total) {
        /** good / total, or NaN when the window holds no outcome. */
        public double value() {
            return total == 0 ? Double.NaN : (double) good / total;
        }
    }
}
