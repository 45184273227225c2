package dev.vigil.reporters.jmx;

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
        values.forEach(v -> byName.put(v.name(), v.value()));
        return new ScopeReading(atMicros, values, byName);
    }

    /** The value named {@code name}, NaN if the scope has none by that name. */
    double get(String name) {
        return byName.getOrDefault(name, Double.NaN);
    }
}
