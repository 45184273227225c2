package dev.vigil.reporters.jmx;

import dev.vigil.core.metrics.MetricValue;

import java.util.ArrayList;
import java.util.List;

/**
 * The JMX attributes of one Vigil scope: every value of the metric model under its own name, a
 * counter as a {@link Long} and a gauge as a {@link Double}; every {@code ...Micros} latency also
 * as a {@code ...Ms} twin in milliseconds, because JMX consoles and most alert rules think in
 * milliseconds while the model keeps the histogram's microseconds.
 */
final class ScopeAttributes {

    static final String MICROS = "Micros";
    static final String MILLIS = "Ms";

    private ScopeAttributes() {
    }

    static List<JmxAttribute> of(List<MetricValue> values) {
        List<JmxAttribute> out = new ArrayList<>(values.size() + 16);
        for (MetricValue v : values) {
            if (v.kind() == MetricValue.Kind.COUNTER) {
                out.add(JmxAttribute.count(v.name(), v.help(), (long) v.value()));
            } else {
                out.add(JmxAttribute.gauge(v.name(), v.help(), v.value()));
                if (v.name().endsWith(MICROS)) {
                    String base = v.name().substring(0, v.name().length() - MICROS.length());
                    out.add(JmxAttribute.gauge(base + MILLIS, v.help() + ", in milliseconds", v.value() / 1_000.0));
                }
            }
        }
        return out;
    }
}
