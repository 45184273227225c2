package dev.vigil.core.metrics;

import java.util.List;

/** Produces the current values of one scope; called by reporters on their own threads. */
@FunctionalInterface
public interface MetricSource {

    List<MetricValue> values(long nowMicros);

    /**
     * The scope's cumulative latency distributions. Copies are made per call, so reporters ask
     * only when they export histograms.
     */
    default List<MetricHistogram> histograms(long nowMicros) {
        return List.of();
    }
}
