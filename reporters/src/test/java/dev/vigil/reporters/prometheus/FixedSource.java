package dev.vigil.reporters.prometheus;

import dev.vigil.core.metrics.MetricHistogram;
import dev.vigil.core.metrics.MetricSource;
import dev.vigil.core.metrics.MetricValue;

import java.util.List;

/** A scope's values and histograms, the same at every read: the exporter's tests fix what a scrape finds. */
record FixedSource(List<MetricValue> fixedValues, List<MetricHistogram> fixedHistograms) implements MetricSource {

    static FixedSource source(List<MetricValue> values, MetricHistogram... histograms) {
        return new FixedSource(values, List.of(histograms));
    }

    @Override
    public List<MetricValue> values(long nowMicros) {
        return fixedValues;
    }

    @Override
    public List<MetricHistogram> histograms(long nowMicros) {
        return fixedHistograms;
    }
}
