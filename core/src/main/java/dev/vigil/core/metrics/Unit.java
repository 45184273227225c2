package dev.vigil.core.metrics;

/**
 * What a metric's value measures, so that every reporter converts it the same way without reading
 * the unit back from the name: Prometheus exports durations in seconds, JMX adds milliseconds beside
 * microseconds, the dashboard shows milliseconds.
 */
public enum Unit {
    /** A count, an id, a flag or a multiple: exported as it is. */
    NONE(""),
    /** A fraction between 0 and 1 (an availability, an objective). */
    RATIO(""),
    /** A duration in microseconds, as the latency windows and histograms keep it. */
    MICROSECONDS("Micros");

    private final String nameSuffix;

    Unit(String nameSuffix) {
        this.nameSuffix = nameSuffix;
    }

    /** What a metric's name ends with in this unit ({@code e2eLatencyP99Micros}), empty for none. */
    public String nameSuffix() {
        return nameSuffix;
    }

    public boolean isDuration() {
        return this == MICROSECONDS;
    }

    /** The value in its base unit: seconds for a duration, unchanged otherwise. */
    public double toBase(double value) {
        return this == MICROSECONDS ? value / 1e6 : value;
    }

    /** A duration in milliseconds. */
    public double toMillis(double value) {
        if (!isDuration()) {
            throw new IllegalStateException(this + " is not a duration");
        }
        return value / 1_000.0;
    }
}
