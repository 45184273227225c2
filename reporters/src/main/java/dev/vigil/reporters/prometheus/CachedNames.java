package dev.vigil.reporters.prometheus;

import dev.vigil.core.metrics.MetricScope;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link PrometheusNames}' results, remembered per scope type: the regular expressions behind them,
 * run for each of ~40 values of each of 1,000 partition scopes, were a third of a scrape once the
 * values themselves came cheap. The metric names are a fixed set, so this stays small; scrapes on
 * several HTTP threads may share it.
 */
final class CachedNames {

    private final Map<MetricScope.Type, Map<String, String>> values = new EnumMap<>(MetricScope.Type.class);
    private final Map<MetricScope.Type, Map<String, String>> histograms = new EnumMap<>(MetricScope.Type.class);

    CachedNames() {
        for (MetricScope.Type type : MetricScope.Type.values()) {
            values.put(type, new ConcurrentHashMap<>());
            histograms.put(type, new ConcurrentHashMap<>());
        }
    }

    String name(MetricScope.Type type, String camelName) {
        return values.get(type).computeIfAbsent(camelName, n -> PrometheusNames.name(type, n));
    }

    String histogramName(MetricScope.Type type, String camelName) {
        return histograms.get(type).computeIfAbsent(camelName, n -> PrometheusNames.histogramName(type, n));
    }
}
