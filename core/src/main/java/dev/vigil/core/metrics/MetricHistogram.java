package dev.vigil.core.metrics;

import org.HdrHistogram.Histogram;

import java.util.Objects;

/**
 * A cumulative latency distribution of a scope, in microseconds, since start. Reporters bucket it
 * as their format needs (Prometheus classic buckets, an SLO threshold count); the histogram is a
 * private copy, so a reporter may read it at leisure but must not keep it across reads.
 */
public record MetricHistogram(Metric metric, Histogram micros) {

    public MetricHistogram {
        if (metric.kind() != Metric.Kind.HISTOGRAM) {
            throw new IllegalArgumentException(metric.name() + " is a " + metric.kind() + ", not a histogram");
        }
        Objects.requireNonNull(micros);
    }
}
