package dev.vigil.reporters.slo;

import dev.vigil.core.metrics.MetricHistogram;
import dev.vigil.core.metrics.MetricValue;
import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * The service-level indicators, each counted from a cluster scope's cumulative values as good
 * events out of all events.
 */
enum Sli {
    /** A produce probe is good when acked within the ack SLA; every final attempt is an event. */
    PRODUCE("produce") {
        @Override
        Counts count(List<MetricValue> values, List<MetricHistogram> histograms, long thresholdMicros) {
            long attempts = value(values, "produceAttempts");
            return new Counts(attempts - value(values, "produceFailures"), attempts);
        }
    },
    /**
     * A consume event is an acked probe whose e2e deadline passed (good when it arrived within the
     * e2e SLA) or a duplicate delivery (always bad): lost, late beyond the SLA or duplicated is bad.
     */
    CONSUME("consume") {
        @Override
        Counts count(List<MetricValue> values, List<MetricHistogram> histograms, long thresholdMicros) {
            long checked = value(values, "consumeChecked");
            return new Counts(checked - value(values, "consumeFailures"), checked + value(values, "duplicates"));
        }
    },
    /** A received probe is good when its end-to-end latency is within the latency objective. */
    LATENCY("latency") {
        @Override
        Counts count(List<MetricValue> values, List<MetricHistogram> histograms, long thresholdMicros) {
            for (MetricHistogram h : histograms) {
                if (h.name().equals("e2eLatency")) {
                    Histogram micros = h.micros();
                    long total = micros.getTotalCount();
                    return new Counts(total == 0 ? 0 : micros.getCountBetweenValues(0, thresholdMicros), total);
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

    abstract Counts count(List<MetricValue> values, List<MetricHistogram> histograms, long thresholdMicros);

    private static long value(List<MetricValue> values, String name) {
        for (MetricValue v : values) {
            if (v.name().equals(name)) {
                return (long) v.value();
            }
        }
        return 0;
    }
}
