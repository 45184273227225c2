package dev.vigil.core.metrics;

/**
 * The statistics of one latency window as gauges in microseconds, named {@code stem} plus the
 * statistic ({@code e2eLatencyP99Micros}). A family declares one and exports the statistics it
 * needs.
 */
public record LatencyMetrics(Metric p50, Metric p75, Metric p90, Metric p99, Metric p999, Metric p9999,
                             Metric max, Metric mean) {

    /** @param what the help's start, completed with the statistic: "{@code what} median over the window" */
    public static LatencyMetrics of(String stem, String what) {
        return new LatencyMetrics(
                gauge(stem, "P50", what, "median"),
                gauge(stem, "P75", what, "75th percentile"),
                gauge(stem, "P90", what, "90th percentile"),
                gauge(stem, "P99", what, "99th percentile"),
                gauge(stem, "P999", what, "99.9th percentile"),
                gauge(stem, "P9999", what, "99.99th percentile"),
                gauge(stem, "Max", what, "maximum"),
                gauge(stem, "Mean", what, "mean"));
    }

    private static Metric gauge(String stem, String statistic, String what, String statisticHelp) {
        return Metric.gauge(stem + statistic, Unit.MICROSECONDS, what + " " + statisticHelp + " over the window");
    }
}
