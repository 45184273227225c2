package dev.vigil.reporters.slo;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.Unit;

import java.util.List;

/** The metrics of an SLO scope (one indicator of one cluster), written by {@link SloReporter}. */
public final class SloMetrics {

    public static final Metric GOOD_EVENTS = Metric.counter("goodEvents", "events that met the objective, since start");
    public static final Metric EVENTS = Metric.counter("events", "events of the indicator, since start");
    public static final Metric OBJECTIVE = Metric.gauge("objectiveRatio", Unit.RATIO,
            "the fraction of the indicator's events that must be good");
    public static final Metric BURN_RATE_5M = burnRate("5m");
    public static final Metric BURN_RATE_1H = burnRate("1h");
    public static final Metric BURN_RATE_6H = burnRate("6h");
    /** In the order of {@link SloReporter#WINDOWS_MICROS}. */
    static final List<Metric> BURN_RATES = List.of(BURN_RATE_5M, BURN_RATE_1H, BURN_RATE_6H);

    private SloMetrics() {
    }

    private static Metric burnRate(String window) {
        return Metric.gauge("burnRate" + window, "bad fraction over the last " + window
                + " / allowed bad fraction (1 = spending the error budget exactly on time); NaN without events");
    }
}
