package dev.vigil.core.window;

import org.HdrHistogram.Histogram;

/** Percentiles of a latency histogram, in microseconds; all NaN when it holds no value. */
public record LatencySummary(long count, double mean, double p50, double p75, double p90, double p99, double p999,
                             double p9999, double max) {

    public static final LatencySummary EMPTY = new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static LatencySummary of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(h.getTotalCount(), h.getMean(),
                h.getValueAtPercentile(50), h.getValueAtPercentile(75), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getValueAtPercentile(99.99),
                h.getMaxValue());
    }
}
