package dev.vigil.core.window;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.Arrays;

/**
 * An immutable latency distribution in microseconds, by HdrHistogram index at 3 significant digits
 * ({@link LatencyIndex}): what a reporter reads of a window's counts since start. It holds only the
 * populated indexes, so a reader's work follows the values seen: a dense copy of the same counts is an
 * array up to the highest value, which a scrape allocated, filled and walked twice (mean, then buckets)
 * for each of a few thousand scopes at a hundred clusters, most of the scrape's time.
 *
 * <p>Reads as the equivalent {@link Histogram} would, exactly: {@link #meanMicros} as
 * {@code getMean()}, {@link #countAtOrBelow} as {@code getCountBetweenValues(0, micros)}, and
 * {@link #highestMicros} / {@link #medianMicros} as its highest and median equivalent values.
 */
public final class LatencyCounts {

    public static final LatencyCounts EMPTY = new LatencyCounts(new long[0], 0);

    /** Index above count, as {@link SparseCounts} packs them: a copy is one array. */
    private final long[] entries;
    private final long total;

    private LatencyCounts(long[] entries, long total) {
        this.entries = entries;
        this.total = total;
    }

    static LatencyCounts of(SparseCounts sparse) {
        return new LatencyCounts(sparse.copyOfEntries(), sparse.total());
    }

    /** The counts of {@code micros}, a histogram of microseconds (any precision; 3 digits reads back unchanged). */
    public static LatencyCounts of(Histogram micros) {
        SparseCounts sparse = new SparseCounts();
        for (HistogramIterationValue v : micros.recordedValues()) {
            sparse.append(LatencyIndex.of(Math.min(v.getValueIteratedTo(), LatencyWindow.HIGHEST_MICROS)),
                    v.getCountAtValueIteratedTo());
        }
        return of(sparse);
    }

    public long totalCount() {
        return total;
    }

    /** How many indexes hold a count; {@link #highestMicros}, {@link #medianMicros} and {@link #count} take 0 to this. */
    public int size() {
        return entries.length;
    }

    /** The highest value the i-th populated index stands for, ascending with i. */
    public long highestMicros(int i) {
        return LatencyIndex.highest(SparseCounts.indexOf(entries[i]));
    }

    /** The value in the middle of the i-th populated index's range: what a mean counts each of its values as. */
    public long medianMicros(int i) {
        return LatencyIndex.median(SparseCounts.indexOf(entries[i]));
    }

    public long count(int i) {
        return SparseCounts.countOf(entries[i]);
    }

    /** The mean, each value counted as its index's median (0 when empty), in HdrHistogram's order of operations. */
    public double meanMicros() {
        if (total == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < entries.length; i++) {
            sum += medianMicros(i) * (double) count(i);
        }
        return sum / total;
    }

    /** Values in the index of {@code micros} or below: at most 0.1 % above it. */
    public long countAtOrBelow(long micros) {
        if (micros < 0) {
            return 0;
        }
        int last = LatencyIndex.of(Math.min(micros, LatencyWindow.HIGHEST_MICROS));
        long n = 0;
        for (int i = 0; i < entries.length && SparseCounts.indexOf(entries[i]) <= last; i++) {
            n += count(i);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyCounts other && Arrays.equals(entries, other.entries);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(entries);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("LatencyCounts[");
        for (int i = 0; i < entries.length; i++) {
            s.append(i == 0 ? "" : ", ").append(highestMicros(i)).append(" µs: ").append(count(i));
        }
        return s.append(']').toString();
    }
}
