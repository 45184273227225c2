package dev.vigil.reporters.slo;

import dev.vigil.core.config.SloConfig;
import dev.vigil.core.episodes.EpisodeMetrics;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricHistogram;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.stats.ScopeMetrics;
import dev.vigil.core.window.LatencyCounts;

import java.util.List;

/**
 * The service-level indicators, each counted from a cluster scope's cumulative values as good
 * events out of all events.
 */
enum Sli {
    /**
     * A produce probe is good when acked within the ack SLA; every final attempt is an event, except, with
     * {@code slo.exclude.planned}, one that failed in an outage judged planned (both counts stay monotonic:
     * a probe adds one event at most and one good event at most).
     */
    PRODUCE("produce") {
        @Override
        Counts count(List<MetricValue> values, List<MetricHistogram> histograms, SloConfig slo) {
            long attempts = value(values, ScopeMetrics.PRODUCE_ATTEMPTS);
            long excluded = slo.excludePlanned() ? value(values, EpisodeMetrics.PLANNED_PROBE_FAILURES) : 0;
            return new Counts(attempts - value(values, ScopeMetrics.PRODUCE_FAILURES), attempts - excluded);
        }
    },
    /**
     * A consume event is an acked probe whose e2e deadline passed (good when it arrived within the
     * e2e SLA) or a duplicate delivery (always bad): lost, late beyond the SLA or duplicated is bad.
     */
    CONSUME("consume") {
        @Override
        Counts count(List<MetricValue> values, List<MetricHistogram> histograms, SloConfig slo) {
            long checked = value(values, ScopeMetrics.CONSUME_CHECKED);
            return new Counts(checked - value(values, ScopeMetrics.CONSUME_FAILURES),
                    checked + value(values, ScopeMetrics.DUPLICATES));
        }
    },
    /** A received probe is good when its end-to-end latency is within the latency objective. */
    LATENCY("latency") {
        @Override
        Counts count(List<MetricValue> values, List<MetricHistogram> histograms, SloConfig slo) {
            long thresholdMicros = slo.e2eP99().toNanos() / 1_000;
            for (MetricHistogram h : histograms) {
                if (h.metric().name().equals(ScopeMetrics.E2E_LATENCY_HISTOGRAM.name())) {
                    LatencyCounts micros = h.micros();
                    return new Counts(micros.countAtOrBelow(thresholdMicros), micros.totalCount());
                }
            }
            return new Counts(0, 0);
        }
    };

    record Counts(long good, long total) {
    }

    private final String label;

    Sli(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    abstract Counts count(List<MetricValue> values, List<MetricHistogram> histograms, SloConfig slo);

    /** A cumulative count; 0 while the scope has none (NaN becomes 0). */
    private static long value(List<MetricValue> values, Metric metric) {
        return (long) MetricValue.find(values, metric);
    }
}
