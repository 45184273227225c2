package dev.vigil.core.window;

/**
 * HdrHistogram's bucketing of microsecond values at 3 significant digits (lowest discernible
 * value 1), as plain arithmetic: which counts-array index a value falls in, and the lowest,
 * median and highest value that index stands for. The same numbers as {@code Histogram}'s
 * {@code lowestEquivalentValue}, {@code medianEquivalentValue} and {@code highestEquivalentValue},
 * so {@link LatencyWindow} can keep its counts in packed arrays, which it can walk by their
 * populated entries only, and still read exactly as a histogram would.
 */
final class LatencyIndex {

    /** 2 × 10^3 values at unit resolution need 2^11 sub-buckets. */
    private static final int SUB_BUCKET_COUNT_MAGNITUDE = 11;
    private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = SUB_BUCKET_COUNT_MAGNITUDE - 1;
    private static final int SUB_BUCKET_COUNT = 1 << SUB_BUCKET_COUNT_MAGNITUDE;
    private static final int SUB_BUCKET_HALF_COUNT = SUB_BUCKET_COUNT / 2;
    private static final long SUB_BUCKET_MASK = SUB_BUCKET_COUNT - 1;
    private static final int LEADING_ZERO_COUNT_BASE = 64 - SUB_BUCKET_COUNT_MAGNITUDE;

    /** Indexes needed for values up to {@link LatencyWindow#HIGHEST_MICROS}. */
    static final int LENGTH = of(LatencyWindow.HIGHEST_MICROS) + 1;

    private LatencyIndex() {
    }

    /** The index of {@code micros} (0 or more). */
    static int of(long micros) {
        int bucket = LEADING_ZERO_COUNT_BASE - Long.numberOfLeadingZeros(micros | SUB_BUCKET_MASK);
        int subBucket = (int) (micros >>> bucket);
        return ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + subBucket - SUB_BUCKET_HALF_COUNT;
    }

    static long lowest(int index) {
        int bucket = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
        int subBucket = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
        if (bucket < 0) {
            subBucket -= SUB_BUCKET_HALF_COUNT;
            bucket = 0;
        }
        return (long) subBucket << bucket;
    }

    static long highest(int index) {
        return lowest(index) + width(index) - 1;
    }

    static long median(int index) {
        return lowest(index) + (width(index) >> 1);
    }

    /** How many values the index stands for: 1 in the first bucket, doubling with each bucket after. */
    private static long width(int index) {
        int bucket = Math.max(0, (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1);
        return 1L << bucket;
    }
}
