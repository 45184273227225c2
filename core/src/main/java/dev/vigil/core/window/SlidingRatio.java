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

    /** Per slot: its slice index, good and total outcomes, side by side in one array. */
    private static final int INDEX = 0, GOOD = 1, TOTAL = 2, FIELDS = 3;

    private final long sliceMicros;
    private final int slices;
    /**
     * One array rather than one per field: a monitor of 10,000 partitions records into a different
     * partition's ratio at every probe, mostly out of cache, and a record now touches one line of it
     * instead of three.
     */
    private final long[] slots;

    public SlidingRatio(long windowMicros, int slices) {
        if (slices < 1 || windowMicros < slices || windowMicros % slices != 0) {
            throw new IllegalArgumentException("window " + windowMicros + " us must split into " + slices + " equal slices");
        }
        this.sliceMicros = windowMicros / slices;
        this.slices = slices;
        this.slots = new long[slices * FIELDS];
        for (int i = 0; i < slices; i++) {
            slots[i * FIELDS + INDEX] = Long.MIN_VALUE;
        }
    }

    public synchronized void record(boolean ok, long atMicros) {
        long index = Math.floorDiv(atMicros, sliceMicros);
        int at = (int) Math.floorMod(index, slices) * FIELDS;
        if (slots[at + INDEX] != index) {
            if (slots[at + INDEX] > index) {
                return; // older than the window already
            }
            slots[at + INDEX] = index;
            slots[at + GOOD] = 0;
            slots[at + TOTAL] = 0;
        }
        slots[at + TOTAL]++;
        if (ok) {
            slots[at + GOOD]++;
        }
    }

    public synchronized Ratio read(long nowMicros) {
        long current = Math.floorDiv(nowMicros, sliceMicros);
        long g = 0, t = 0;
        for (int at = 0; at < slots.length; at += FIELDS) {
            long index = slots[at + INDEX];
            if (index > current - slices && index <= current) {
                g += slots[at + GOOD];
                t += slots[at + TOTAL];
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
