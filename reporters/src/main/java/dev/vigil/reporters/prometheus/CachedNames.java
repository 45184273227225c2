package dev.vigil.reporters.prometheus;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricScope;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link PrometheusNames}' results, remembered per scope type: the regular expressions behind them,
 * run for each of ~40 values of each of 1,000 partition scopes, were a third of a scrape once the
 * values themselves came cheap. The metrics are a fixed set of constants, so this stays small;
 * scrapes on several HTTP threads may share it.
 */
final class CachedNames {

    private final Map<MetricScope.Type, Map<Metric, String>> names = new EnumMap<>(MetricScope.Type.class);

    CachedNames() {
        for (MetricScope.Type type : MetricScope.Type.values()) {
            names.put(type, new ConcurrentHashMap<>());
        }
    }

    String name(MetricScope.Type type, Metric metric) {
        Map<Metric, String> ofType = names.get(type);
        // Looked up before computeIfAbsent, whose lambda (it captures the type) is an allocation per call.
        String name = ofType.get(metric);
        return name != null ? name : ofType.computeIfAbsent(metric, m -> PrometheusNames.name(type, m));
    }
}
