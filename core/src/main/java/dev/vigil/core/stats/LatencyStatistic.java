package dev.vigil.core.stats;

import dev.vigil.core.metrics.LatencyMetrics;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.window.LatencySummary;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * One statistic of a latency window: its metric in a family's {@link LatencyMetrics} and its value in
 * the window's {@link LatencySummary}. A family exports the statistics its readers use (the probe
 * scopes all eight, the optional probes fewer), listed where it makes its values.
 */
public enum LatencyStatistic {
    P50(LatencyMetrics::p50, LatencySummary::p50),
    P75(LatencyMetrics::p75, LatencySummary::p75),
    P90(LatencyMetrics::p90, LatencySummary::p90),
    P99(LatencyMetrics::p99, LatencySummary::p99),
    P999(LatencyMetrics::p999, LatencySummary::p999),
    P9999(LatencyMetrics::p9999, LatencySummary::p9999),
    MAX(LatencyMetrics::max, LatencySummary::max),
    MEAN(LatencyMetrics::mean, LatencySummary::mean);

    private final Function<LatencyMetrics, Metric> metric;
    private final ToDoubleFunction<LatencySummary> value;

    LatencyStatistic(Function<LatencyMetrics, Metric> metric, ToDoubleFunction<LatencySummary> value) {
        this.metric = metric;
        this.value = value;
    }

    /** Adds {@code statistics} of {@code summary} to {@code values} as {@code family}'s metrics, in the order given. */
    static void add(List<MetricValue> values, LatencyMetrics family, LatencySummary summary,
                    LatencyStatistic... statistics) {
        for (LatencyStatistic s : statistics) {
            values.add(s.metric.apply(family).value(s.value.applyAsDouble(summary)));
        }
    }
}
