package dev.vigil.reporters.jmx;

import java.util.Objects;

/**
 * One readable attribute of a Vigil MBean with its current value: a {@link Long} for counts, a
 * {@link Double} for everything else (NaN meaning "no data yet"), so JMX clients see the type a
 * count really has instead of a double that happens to be whole.
 */
record JmxAttribute(String name, String description, Object value) {

    JmxAttribute {
        Objects.requireNonNull(name);
        Objects.requireNonNull(description);
        if (!(value instanceof Long) && !(value instanceof Double)) {
            throw new IllegalArgumentException(name + ": a JMX attribute is a Long or a Double, got " + value);
        }
    }

    static JmxAttribute count(String name, String description, long value) {
        return new JmxAttribute(name, description, value);
    }

    static JmxAttribute gauge(String name, String description, double value) {
        return new JmxAttribute(name, description, value);
    }

    String type() {
        return value.getClass().getName();
    }
}
