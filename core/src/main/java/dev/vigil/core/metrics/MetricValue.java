package dev.vigil.core.metrics;

/**
 * One named value of a scope. Names are camelCase with the unit in the name where there is one
 * ({@code e2eLatencyP99Micros}); reporters derive their own naming from it.
 */
public record MetricValue(String name, Kind kind, String help, double value) {

    public enum Kind {
        /** A value that can go up and down (availability, a percentile). */
        GAUGE,
        /** A cumulative count since start; Prometheus users compute rates from it. */
        COUNTER
    }

    public static MetricValue gauge(String name, String help, double value) {
        return new MetricValue(name, Kind.GAUGE, help, value);
    }

    public static MetricValue counter(String name, String help, double value) {
        return new MetricValue(name, Kind.COUNTER, help, value);
    }
}
