package dev.vigil.core.metrics;

import java.util.Objects;

/**
 * What one metric is, declared once as a constant beside the code that produces it
 * ({@code ScopeMetrics.LOST_ACKED}): its name in the metric model and as a JMX attribute, whether
 * it is a gauge, a counter or a histogram, its unit and its help. Reporters derive their own names
 * and conversions from the kind and the unit; code and tests that read a value name it by its
 * constant.
 *
 * @param name camelCase, ending with the unit's {@link Unit#nameSuffix() suffix}
 *             ({@code e2eLatencyP99Micros}); the factories append it to the stem they are given
 */
public record Metric(String name, Kind kind, Unit unit, String help) {

    public enum Kind {
        /** A value that can go up and down (availability, a percentile). */
        GAUGE,
        /** A cumulative count since start; Prometheus users compute rates from it. */
        COUNTER,
        /** A cumulative distribution since start ({@link MetricHistogram}). */
        HISTOGRAM
    }

    public Metric {
        Objects.requireNonNull(name);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(unit);
        Objects.requireNonNull(help);
        if (!name.endsWith(unit.nameSuffix()) || name.length() == unit.nameSuffix().length()) {
            throw new IllegalArgumentException(name + ": the name of a metric in " + unit + " ends with '"
                    + unit.nameSuffix() + "' after a stem");
        }
    }

    /** A gauge without a unit (a count at this moment, an id, a flag). */
    public static Metric gauge(String name, String help) {
        return gauge(name, Unit.NONE, help);
    }

    /** A gauge named {@code stem} plus the unit's suffix. */
    public static Metric gauge(String stem, Unit unit, String help) {
        return new Metric(stem + unit.nameSuffix(), Kind.GAUGE, unit, help);
    }

    /** A count since start. */
    public static Metric counter(String name, String help) {
        return new Metric(name, Kind.COUNTER, Unit.NONE, help);
    }

    /** A count since start in {@code unit} (a total of durations), named {@code stem} plus the unit's suffix. */
    public static Metric counter(String stem, Unit unit, String help) {
        return new Metric(stem + unit.nameSuffix(), Kind.COUNTER, unit, help);
    }

    /** A latency distribution in microseconds, named {@code stem} plus the unit's suffix. */
    public static Metric histogram(String stem, String help) {
        return new Metric(stem + Unit.MICROSECONDS.nameSuffix(), Kind.HISTOGRAM, Unit.MICROSECONDS, help);
    }

    /** The name without the unit's suffix: {@code e2eLatencyP99}. */
    public String stem() {
        return name.substring(0, name.length() - unit.nameSuffix().length());
    }

    /**
     * The name's hash: a record's generated hash goes through method handles over every component,
     * and reporters look metrics up in maps tens of thousands of times a scrape (a fifth of a
     * hundred-cluster scrape's CPU). Equal metrics have equal names, so this agrees with equals.
     */
    @Override
    public int hashCode() {
        return name.hashCode();
    }

    public MetricValue value(double value) {
        return new MetricValue(this, value);
    }
}
