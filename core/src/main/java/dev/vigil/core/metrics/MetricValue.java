package dev.vigil.core.metrics;

import java.util.List;
import java.util.Objects;

/** One value of a scope, with the {@link Metric} that says what it is. */
public record MetricValue(Metric metric, double value) {

    public MetricValue {
        Objects.requireNonNull(metric);
    }

    /** The value of {@code metric} among {@code values} (matched by name), NaN if there is none. */
    public static double find(List<MetricValue> values, Metric metric) {
        for (MetricValue v : values) {
            if (v.metric.name().equals(metric.name())) {
                return v.value;
            }
        }
        return Double.NaN;
    }
}
