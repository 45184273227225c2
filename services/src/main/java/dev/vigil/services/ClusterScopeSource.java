package dev.vigil.services;

import dev.vigil.core.metrics.MetricHistogram;
import dev.vigil.core.metrics.MetricSource;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.stats.ScopeSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The metric source of one cluster's scope: its values are the latest {@link ClusterReading}'s (see
 * {@link ClusterReadingMetrics}), so JMX, Prometheus, the summary line and the dashboard show the same
 * numbers; its histograms are the probes' cumulative ones, the total's and each optional probe's.
 */
final class ClusterScopeSource implements MetricSource {

    private final Supplier<ClusterReading> reading;
    private final ClusterStats stats;
    private final List<OptionalProbe> optionalProbes;

    ClusterScopeSource(Supplier<ClusterReading> reading, ClusterStats stats, List<OptionalProbe> optionalProbes) {
        this.reading = reading;
        this.stats = stats;
        this.optionalProbes = optionalProbes;
    }

    @Override
    public List<MetricValue> values(long now) {
        return ClusterReadingMetrics.values(reading.get());
    }

    @Override
    public List<MetricHistogram> histograms(long nowMicros) {
        List<MetricHistogram> out = new ArrayList<>(ScopeSource.histogramsOf(stats.total(), nowMicros));
        for (OptionalProbe probe : optionalProbes) {
            out.addAll(probe.stats().histograms(nowMicros));
        }
        return out;
    }
}
