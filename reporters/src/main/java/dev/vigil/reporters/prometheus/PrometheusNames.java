package dev.vigil.reporters.prometheus;

import dev.vigil.core.metrics.MetricScope;

import java.util.regex.Pattern;

/**
 * Vigil's camelCase metric names in Prometheus form: {@code vigil_} plus a prefix per scope type
 * (so summing a family never mixes a cluster's total with its brokers'), snake case, and the unit
 * in the name: microseconds become {@code _seconds}, availabilities {@code _ratio}. Counter names
 * are given without {@code _total}; the exposition writer appends it.
 */
final class PrometheusNames {

    private static final Pattern CAMEL_BOUNDARY = Pattern.compile("([a-z0-9])([A-Z])");
    // A trailing window such as "5m" or "6h" is a word of its own: burnRate5m -> burn_rate_5m.
    private static final Pattern WINDOW_SUFFIX = Pattern.compile("([a-z])([0-9]+[smhd])$");
    private static final String MICROS = "Micros";

    private PrometheusNames() {
    }

    static String prefix(MetricScope.Type type) {
        return switch (type) {
            case CLUSTER -> "vigil_";
            case BROKER, BROKER_ERROR -> "vigil_broker_";
            case PARTITION -> "vigil_partition_";
            case SLO -> "vigil_slo_";
            // Their names say what they are (verdictAge, internalErrors) and their labels tell them apart.
            case VERDICT, TASK -> "vigil_";
        };
    }

    /** Whether the value is in microseconds and must be exported in seconds. */
    static boolean isMicros(String name) {
        return name.endsWith(MICROS);
    }

    static String name(MetricScope.Type type, String camelName) {
        String base = isMicros(camelName)
                ? camelName.substring(0, camelName.length() - MICROS.length()) + "Seconds"
                : camelName;
        String snake = snake(base);
        if (camelName.endsWith("Availability")) {
            snake += "_ratio";
        }
        return prefix(type) + snake;
    }

    /** The name of a latency histogram: {@code e2eLatency} becomes {@code vigil_e2e_latency_seconds}. */
    static String histogramName(MetricScope.Type type, String camelName) {
        return prefix(type) + snake(camelName) + "_seconds";
    }

    static String snake(String camel) {
        String words = CAMEL_BOUNDARY.matcher(camel).replaceAll("$1_$2");
        return WINDOW_SUFFIX.matcher(words).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
