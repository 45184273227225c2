package dev.vigil.reporters.jmx;

import java.util.List;
import java.util.function.Function;

import static dev.vigil.core.stats.ScopeMetrics.PRODUCE_ATTEMPTS;
import static dev.vigil.core.stats.ScopeMetrics.PRODUCE_AVAILABILITY;
import static dev.vigil.core.stats.ScopeMetrics.PRODUCE_FAILURES;
import static dev.vigil.core.stats.ScopeMetrics.PRODUCE_LATENCY;
import static dev.vigil.reporters.jmx.JmxAttribute.gauge;
import static dev.vigil.reporters.jmx.XinfraAttributes.concat;

/**
 * Xinfra Monitor's {@code produce-service} attributes, computed from a Vigil cluster scope so that
 * alert rules written for Xinfra Monitor keep working (mapping and differences: docs/xinfra-compat.md).
 * Every value is a {@link Double}, as in Xinfra Monitor, whose metrics are Kafka metrics.
 */
final class XinfraProduceAttributes implements Function<ScopeReading, List<JmxAttribute>> {

    /** Xinfra Monitor's rates cover 60 samples of 1 s. */
    static final long RATE_WINDOW_MICROS = 60_000_000L;

    /**
     * Sampled at each reading: the first is the bean's registration (the MBean server reads the bean's
     * info then), so the rate counts from there.
     */
    private final CounterRate errorRate = new CounterRate(RATE_WINDOW_MICROS);

    @Override
    public List<JmxAttribute> apply(ScopeReading v) {
        double failures = v.get(PRODUCE_FAILURES);
        return concat(List.of(
                gauge("produce-availability-avg", "Vigil " + PRODUCE_AVAILABILITY.name() + ": probes acked within the"
                        + " ack SLA / probes due over the window, mean over partitions", v.get(PRODUCE_AVAILABILITY)),
                gauge("records-produced-total", "Vigil " + PRODUCE_ATTEMPTS.name() + " - " + PRODUCE_FAILURES.name()
                        + ": probes acked within the ack SLA since start", v.get(PRODUCE_ATTEMPTS) - failures),
                gauge("produce-error-rate", "produce failures per second over the last 60 s, from Vigil's "
                        + PRODUCE_FAILURES.name() + " counter", errorRate.sampleAndRate(v.atMicros(), failures)),
                gauge("produce-error-total", "Vigil " + PRODUCE_FAILURES.name()
                        + ": probes not acked within the ack SLA (errors, timeouts, not sent) since start", failures)),
                XinfraAttributes.latencies(v, "produce-delay-ms-", "send-to-ack", PRODUCE_LATENCY));
    }
}
