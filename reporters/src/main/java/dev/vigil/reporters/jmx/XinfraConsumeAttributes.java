package dev.vigil.reporters.jmx;

import java.util.List;

import static dev.vigil.core.stats.ScopeMetrics.CONSUME_AVAILABILITY;
import static dev.vigil.core.stats.ScopeMetrics.DUPLICATES;
import static dev.vigil.core.stats.ScopeMetrics.E2E_LATENCY;
import static dev.vigil.core.stats.ScopeMetrics.LOST_ACKED;
import static dev.vigil.core.stats.ScopeMetrics.RECEIVED;
import static dev.vigil.reporters.jmx.JmxAttribute.gauge;
import static dev.vigil.reporters.jmx.XinfraAttributes.concat;

/**
 * Xinfra Monitor's {@code consume-service} attributes, computed from a Vigil cluster scope so that
 * alert rules written for Xinfra Monitor keep working (mapping and differences: docs/xinfra-compat.md).
 * Every value is a {@link Double}, as in Xinfra Monitor, whose metrics are Kafka metrics.
 */
final class XinfraConsumeAttributes {

    private XinfraConsumeAttributes() {
    }

    static List<JmxAttribute> of(ScopeReading v) {
        double duplicates = v.get(DUPLICATES);
        return concat(List.of(
                gauge("consume-availability-avg", "Vigil " + CONSUME_AVAILABILITY.name() + ": acked probes received"
                        + " within the e2e SLA / acked probes past their deadline, over the window",
                        v.get(CONSUME_AVAILABILITY)),
                gauge("records-consumed-total", "Vigil " + RECEIVED.name() + " + " + DUPLICATES.name()
                        + ": every probe record consumed since start, repeats included", v.get(RECEIVED) + duplicates),
                gauge("records-lost-total", "Vigil " + LOST_ACKED.name()
                        + ": acked probes not received within the loss grace since start", v.get(LOST_ACKED)),
                gauge("records-duplicated-total", "Vigil " + DUPLICATES.name()
                        + ": probes received more than once since start (late arrivals are not counted)", duplicates)),
                XinfraAttributes.latencies(v, "records-delay-ms-", "send-to-receipt", E2E_LATENCY));
    }
}
