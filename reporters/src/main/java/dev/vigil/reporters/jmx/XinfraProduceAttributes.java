package dev.vigil.reporters.jmx;

import java.util.List;
import java.util.function.Supplier;

import static dev.vigil.reporters.jmx.JmxAttribute.gauge;

/**
 * Xinfra Monitor's {@code produce-service} attributes, computed from a Vigil cluster scope so that
 * alert rules written for Xinfra Monitor keep working (mapping and differences: docs/xinfra-compat.md).
 * Every value is a {@link Double}, as in Xinfra Monitor, whose metrics are Kafka metrics.
 */
final class XinfraProduceAttributes implements Supplier<List<JmxAttribute>> {

    /** Xinfra Monitor's rates cover 60 samples of 1 s. */
    static final long RATE_WINDOW_MICROS = 60_000_000L;

    private final RecentValues cluster;
    private final CounterRate errorRate = new CounterRate(RATE_WINDOW_MICROS);

    /**
     * Reads nothing yet: the error rate's first sample is the first read, which is the bean's
     * registration (the MBean server reads the bean's info then), so the rate counts from there.
     */
    XinfraProduceAttributes(RecentValues cluster) {
        this.cluster = cluster;
    }

    @Override
    public List<JmxAttribute> get() {
        ScopeReading v = cluster.read();
        double failures = v.get("produceFailures");
        return List.of(
                gauge("produce-availability-avg",
                        "Vigil produceAvailability: probes acked within the ack SLA / probes due over the window, mean over partitions",
                        v.get("produceAvailability")),
                gauge("records-produced-total",
                        "Vigil produceAttempts - produceFailures: probes acked within the ack SLA since start",
                        v.get("produceAttempts") - failures),
                gauge("produce-error-rate",
                        "produce failures per second over the last 60 s, from Vigil's produceFailures counter",
                        errorRate.sampleAndRate(v.atMicros(), failures)),
                gauge("produce-error-total",
                        "Vigil produceFailures: probes not acked within the ack SLA (errors, timeouts, not sent) since start",
                        failures),
                millis(v, "produce-delay-ms-avg", "mean send-to-ack latency over the window, ms", "produceLatencyMeanMicros"),
                millis(v, "produce-delay-ms-max", "maximum send-to-ack latency over the window, ms", "produceLatencyMaxMicros"),
                millis(v, "produce-delay-ms-99th", "99th percentile send-to-ack latency over the window, ms", "produceLatencyP99Micros"),
                millis(v, "produce-delay-ms-999th", "99.9th percentile send-to-ack latency over the window, ms", "produceLatencyP999Micros"),
                millis(v, "produce-delay-ms-9999th", "99.99th percentile send-to-ack latency over the window, ms", "produceLatencyP9999Micros"));
    }

    private static JmxAttribute millis(ScopeReading v, String name, String description, String micros) {
        return gauge(name, description + " (Vigil " + micros + " / 1000)", v.get(micros) / 1_000.0);
    }
}
