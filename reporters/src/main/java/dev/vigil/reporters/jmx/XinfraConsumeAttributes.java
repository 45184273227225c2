package dev.vigil.reporters.jmx;

import java.util.List;
import java.util.function.Supplier;

import static dev.vigil.reporters.jmx.JmxAttribute.gauge;

/**
 * Xinfra Monitor's {@code consume-service} attributes, computed from a Vigil cluster scope so that
 * alert rules written for Xinfra Monitor keep working (mapping and differences: docs/xinfra-compat.md).
 * Every value is a {@link Double}, as in Xinfra Monitor, whose metrics are Kafka metrics.
 */
final class XinfraConsumeAttributes implements Supplier<List<JmxAttribute>> {

    private final RecentValues cluster;

    XinfraConsumeAttributes(RecentValues cluster) {
        this.cluster = cluster;
    }

    @Override
    public List<JmxAttribute> get() {
        ScopeReading v = cluster.read();
        double duplicates = v.get("duplicates");
        return List.of(
                gauge("consume-availability-avg",
                        "Vigil consumeAvailability: acked probes received within the e2e SLA / acked probes past their deadline, over the window",
                        v.get("consumeAvailability")),
                gauge("records-consumed-total",
                        "Vigil received + duplicates: every probe record consumed since start, repeats included",
                        v.get("received") + duplicates),
                gauge("records-lost-total",
                        "Vigil lostAcked: acked probes not received within the loss grace since start",
                        v.get("lostAcked")),
                gauge("records-duplicated-total",
                        "Vigil duplicates: probes received more than once since start (late arrivals are not counted)",
                        duplicates),
                millis(v, "records-delay-ms-avg", "mean send-to-receipt latency over the window, ms", "e2eLatencyMeanMicros"),
                millis(v, "records-delay-ms-max", "maximum send-to-receipt latency over the window, ms", "e2eLatencyMaxMicros"),
                millis(v, "records-delay-ms-99th", "99th percentile send-to-receipt latency over the window, ms", "e2eLatencyP99Micros"),
                millis(v, "records-delay-ms-999th", "99.9th percentile send-to-receipt latency over the window, ms", "e2eLatencyP999Micros"),
                millis(v, "records-delay-ms-9999th", "99.99th percentile send-to-receipt latency over the window, ms", "e2eLatencyP9999Micros"));
    }

    private static JmxAttribute millis(ScopeReading v, String name, String description, String micros) {
        return gauge(name, description + " (Vigil " + micros + " / 1000)", v.get(micros) / 1_000.0);
    }
}
