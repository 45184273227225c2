package dev.vigil.reporters.prometheus;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricScope;

import java.util.regex.Pattern;

/**
 * Vigil's metrics under Prometheus names: {@code vigil_} plus a prefix per scope type (so summing a
 * family never mixes a cluster's total with its brokers'), the metric's stem in snake case, and the
 * unit's suffix: {@code _seconds} for durations (exported in seconds), {@code _ratio} for ratios,
 * unless the stem already ends with it. Counter names are given without {@code _total}; the
 * exposition writer appends it.
 */
final class PrometheusNames {

    private static final Pattern CAMEL_BOUNDARY = Pattern.compile("([a-z0-9])([A-Z])");
    // A trailing window such as "5m" or "6h" is a word of its own: burnRate5m -> burn_rate_5m.
    private static final Pattern WINDOW_SUFFIX = Pattern.compile("([a-z])([0-9]+[smhd])$");

    private PrometheusNames() {
    }

    static String prefix(MetricScope.Type type) {
        return switch (type) {
            case CLUSTER -> "vigil_";
            case BROKER, BROKER_ERROR, OUTAGE, BROKER_CONNECTION -> "vigil_broker_";
            case PARTITION -> "vigil_partition_";
            case SLO -> "vigil_slo_";
            case CONSUMER_GROUP -> "vigil_consumer_group_";
            case CONSUMER_GROUP_PARTITION -> "vigil_consumer_group_partition_";
            // Their names say what they are (verdictAge, internalErrors) and their labels tell them apart.
            case VERDICT, TASK -> "vigil_";
        };
    }

    /** The family name of a gauge, a counter or a histogram: {@code e2eLatency} becomes {@code vigil_e2e_latency_seconds}. */
    static String name(MetricScope.Type type, Metric metric) {
        String snake = snake(metric.stem());
        String unit = switch (metric.unit()) {
            case NONE -> "";
            case RATIO -> "_ratio";
            case MICROSECONDS -> "_seconds";
        };
        return prefix(type) + (snake.endsWith(unit) ? snake : snake + unit);
    }

    static String snake(String camel) {
        String words = CAMEL_BOUNDARY.matcher(camel).replaceAll("$1_$2");
        return WINDOW_SUFFIX.matcher(words).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
