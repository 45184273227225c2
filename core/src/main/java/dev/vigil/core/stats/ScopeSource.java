package dev.vigil.core.stats;

import dev.vigil.core.metrics.MetricHistogram;
import dev.vigil.core.metrics.MetricSource;
import dev.vigil.core.metrics.MetricValue;

import java.util.List;

/** The metric source of one partition or broker scope: its snapshot values and its latency histograms. */
public final class ScopeSource implements MetricSource {

    private final ScopeStats stats;

    public ScopeSource(ScopeStats stats) {
        this.stats = stats;
    }

    @Override
    public List<MetricValue> values(long nowMicros) {
        ScopeSnapshot snap = stats.snapshot(nowMicros);
        return ScopeMetrics.of(snap, snap.produceAvailability(), snap.consumeAvailability());
    }

    @Override
    public List<MetricHistogram> histograms(long nowMicros) {
        return histogramsOf(stats, nowMicros);
    }

    /** The produce and end-to-end latency distributions of {@code stats} since start; none if it keeps none. */
    public static List<MetricHistogram> histogramsOf(ScopeStats stats, long nowMicros) {
        if (!stats.keepsSinceStart()) {
            return List.of();
        }
        return List.of(
                new MetricHistogram(ScopeMetrics.PRODUCE_LATENCY_HISTOGRAM,
                        stats.produceLatencyWindow().cumulative(nowMicros)),
                new MetricHistogram(ScopeMetrics.E2E_LATENCY_HISTOGRAM, stats.e2eLatencyWindow().cumulative(nowMicros)));
    }
}
