package dev.vigil.core.metrics;

import dev.vigil.core.window.LatencyCounts;

import java.util.Objects;

/**
 * A cumulative latency distribution of a scope, in microseconds, since start. Reporters bucket it
 * as their format needs (Prometheus classic buckets, an SLO threshold count); the counts are
 * immutable, so a reporter may read them at leisure.
 */
public record MetricHistogram(Metric metric, LatencyCounts micros) {

    public MetricHistogram {
        if (metric.kind() != Metric.Kind.HISTOGRAM) {
            throw new IllegalArgumentException(metric.name() + " is a " + metric.kind() + ", not a histogram");
        }
        Objects.requireNonNull(micros);
    }
}
