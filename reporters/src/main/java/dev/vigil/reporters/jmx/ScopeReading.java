package dev.vigil.reporters.jmx;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The values of one scope read at one moment, in the source's order and by name. */
record ScopeReading(long atMicros, List<MetricValue> values, Map<String, Double> byName) {

    ScopeReading {
        values = List.copyOf(values);
        byName = Map.copyOf(byName);
    }

    static ScopeReading of(long atMicros, List<MetricValue> values) {
        Map<String, Double> byName = new HashMap<>();
        values.forEach(v -> byName.put(v.metric().name(), v.value()));
        return new ScopeReading(atMicros, values, byName);
    }

    /** The value of {@code metric}, NaN if the scope has none by its name. */
    double get(Metric metric) {
        return byName.getOrDefault(metric.name(), Double.NaN);
    }

    /** Whether the scope has a value of {@code metric}. */
    boolean has(Metric metric) {
        return byName.containsKey(metric.name());
    }

    /** The value of the duration {@code metric} in milliseconds, NaN if the scope has none. */
    double millis(Metric metric) {
        return metric.unit().toMillis(get(metric));
    }
}
