package dev.vigil.reporters.slo;

/**
 * Samples of a pair of cumulative counters (good events, all events) over the last hours, enough
 * to tell the error rate over any recent window: the rate over a window is the difference between
 * now and the newest sample at least that old. A fixed ring, so memory does not grow with uptime.
 */
final class EventHistory {

    private final long[] at;
    private final long[] good;
    private final long[] total;
    private int newest = -1;
    private int size;

    EventHistory(int capacity) {
        this.at = new long[capacity];
        this.good = new long[capacity];
        this.total = new long[capacity];
    }

    synchronized void add(long atMicros, long goodEvents, long allEvents) {
        newest = (newest + 1) % at.length;
        at[newest] = atMicros;
        good[newest] = goodEvents;
        total[newest] = allEvents;
        size = Math.min(size + 1, at.length);
    }

    /**
     * The fraction of bad events between the newest sample at least {@code windowMicros} before
     * {@code nowMicros} (or the oldest sample, while the history is shorter than the window) and
     * the current counts; NaN when no event happened in between.
     */
    synchronized double badFraction(long nowMicros, long windowMicros, long goodNow, long totalNow) {
        if (size == 0) {
            return Double.NaN;
        }
        int from = oldest();
        for (int i = 0; i < size; i++) {
            int slot = Math.floorMod(newest - i, at.length);
            if (at[slot] <= nowMicros - windowMicros) {
                from = slot;
                break;
            }
        }
        long events = totalNow - total[from];
        if (events <= 0) {
            return Double.NaN;
        }
        long bad = events - (goodNow - good[from]);
        return Math.max(0, bad) / (double) events;
    }

    private int oldest() {
        return Math.floorMod(newest - size + 1, at.length);
    }
}
