package dev.vigil.reporters.jmx;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricValue;

import java.util.ArrayList;
import java.util.List;

/**
 * The JMX attributes of one Vigil scope: every value of the metric model under its own name, a
 * counter as a {@link Long} and a gauge as a {@link Double}; every duration also as a {@code ...Ms}
 * twin in milliseconds ({@code e2eLatencyP99Micros} and {@code e2eLatencyP99Ms}), because JMX
 * consoles and most alert rules think in milliseconds while the model keeps the histogram's
 * microseconds.
 */
final class ScopeAttributes {

    static final String MILLIS = "Ms";

    private ScopeAttributes() {
    }

    static List<JmxAttribute> of(List<MetricValue> values) {
        List<JmxAttribute> out = new ArrayList<>(values.size() + 16);
        for (MetricValue v : values) {
            Metric m = v.metric();
            if (m.kind() == Metric.Kind.COUNTER) {
                out.add(JmxAttribute.count(m.name(), m.help(), (long) v.value()));
            } else {
                out.add(JmxAttribute.gauge(m.name(), m.help(), v.value()));
                if (m.unit().isDuration()) {
                    out.add(JmxAttribute.gauge(m.stem() + MILLIS, m.help() + ", in milliseconds",
                            m.unit().toMillis(v.value())));
                }
            }
        }
        return out;
    }
}
