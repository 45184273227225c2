package dev.vigil.webui.dashboard;

import dev.vigil.core.metrics.Unit;

/** JSON has no NaN: "no data yet" travels as null, never as 0. */
public final class Numbers {

    private Numbers() {
    }

    public static Double orNull(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }

    /** Microseconds to milliseconds, null for NaN. */
    public static Double millis(double micros) {
        return orNull(Unit.MICROSECONDS.toMillis(micros));
    }
}
