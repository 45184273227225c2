package dev.vigil.core.window;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** Percentiles of a latency histogram, in microseconds; all NaN when it holds no value. */
public record LatencySummary(long count, double mean, double p50, double p75, double p90, double p99, double p999,
                             double p9999, double max) {

    public static final LatencySummary EMPTY = new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    private static final double[] PERCENTILES = {50, 75, 90, 99, 99.9, 99.99};

    /**
     * The same values as HdrHistogram's {@code getMean}, {@code getValueAtPercentile} and
     * {@code getMaxValue}, in one pass over the recorded values instead of one walk of the whole
     * counts array per percentile, which visits every index below the highest value, thousands of them.
     */
    public static LatencySummary of(Histogram h) {
        long total = h.getTotalCount();
        if (total == 0) {
            return EMPTY;
        }
        Walk walk = new Walk(total);
        for (HistogramIterationValue v : h.recordedValues()) {
            long value = v.getValueIteratedTo();
            walk.add(h.highestEquivalentValue(value), h.medianEquivalentValue(value), v.getCountAtValueIteratedTo());
        }
        return walk.summary(h.getMaxValue());
    }

    /**
     * The same as {@link #of(Histogram)} for counts by {@link LatencyIndex} index, visiting only
     * the indexes that have a count, not every index below the highest.
     */
    static LatencySummary of(SparseCounts counts) {
        if (counts.total() == 0) {
            return EMPTY;
        }
        Walk walk = new Walk(counts.total());
        long max = 0;
        for (int i = 0; i < counts.size(); i++) {
            max = LatencyIndex.highest(counts.index(i));
            walk.add(max, LatencyIndex.median(counts.index(i)), counts.count(i));
        }
        return walk.summary(max);
    }

    /** One pass over counts in ascending value order, noting each percentile's value as its rank is reached. */
    private static final class Walk {
        private final long total;
        private final long[] rank = new long[PERCENTILES.length];
        private final double[] at = new double[PERCENTILES.length];
        private int next;
        private long seen;
        private double sum;

        Walk(long total) {
            this.total = total;
            for (int i = 0; i < rank.length; i++) {
                // HdrHistogram's own rule (getValueAtPercentile), so both give the same value
                double percentile = Math.nextAfter(PERCENTILES[i], Double.NEGATIVE_INFINITY);
                rank[i] = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
            }
        }

        void add(long highestEquivalent, long medianEquivalent, long count) {
            seen += count;
            sum += (double) medianEquivalent * count;
            while (next < rank.length && seen >= rank[next]) {
                at[next++] = highestEquivalent;
            }
        }

        LatencySummary summary(long max) {
            return new LatencySummary(total, sum / total, at[0], at[1], at[2], at[3], at[4], at[5], max);
        }
    }
}
