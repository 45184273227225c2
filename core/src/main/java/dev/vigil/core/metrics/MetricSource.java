package dev.vigil.core.metrics;

import java.util.List;

/** Produces the current values of one scope; called by reporters on their own threads. */
@FunctionalInterface
public interface MetricSource {

    List<MetricValue> values(long nowMicros);
}
