package dev.vigil.services.faults;

import static dev.vigil.services.faults.FaultScenarios.brokerValue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.stats.ScopeMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.services.ClusterMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Latency injected between clients and one broker shows in that broker's latency, by the amount
 * injected, and nowhere else. The sandbox's proxy adds {@value #ONE_WAY_MS} ms each way to broker 2's
 * client traffic (not to replication). A probe's produce crosses it twice (request, ack), and its
 * end-to-end path twice too (the produce request in, the fetch response out), so both of broker 2's
 * latencies rise by {@value #RISE_MS} ms; brokers 1 and 3 lead partitions whose replication still goes
 * through broker 2, unaffected. One partition per broker: probes of two partitions sent in the same
 * tick reach a broker in two produce requests, the first completes the consumer's waiting fetch and the
 * second waits for the next fetch, one round trip more (real Kafka consumer behaviour, measured in
 * {@code bench/}).
 *
 * <p>Bounds: the rise is a floor (no byte passes sooner), so broker 2's median is at least the rise,
 * exactly; its p99 may exceed baseline + rise only by {@value #TOLERANCE_MS} ms of scheduling noise on a
 * loaded 2-core machine, its median by {@value #MEDIAN_TOLERANCE_MS} ms. The others' p99 must stay below the rise, which they would reach if the delay
 * leaked into replication or their connections.
 */
class InjectedLatencyScenarioTest {

    private static final Logger LOG = LoggerFactory.getLogger(InjectedLatencyScenarioTest.class);
    private static final int DELAYED = 2;
    private static final long ONE_WAY_MS = 100;
    private static final long RISE_MS = 2 * ONE_WAY_MS;
    private static final long TOLERANCE_MS = 150;
    /**
     * The median hardly moves with scheduling noise. It is what tells a probe consumer that waits a
     * round trip too many apart: with {@code fetch.max.wait.ms} 100 the median rose by ~300 ms here.
     */
    private static final long MEDIAN_TOLERANCE_MS = 75;
    /**
     * One probe per partition every 500 ms, more than the delayed round trip (see
     * {@code KafkaClients.fetchMaxWaitMs}); 20 s windows of 5 s slices hold ~80 probes per broker.
     */
    private static final ProbeConfig PROBE = new ProbeConfig(Duration.ofMillis(500), 100, Duration.ofMillis(2_000),
            Duration.ofMillis(4_000), Duration.ofMillis(8_000), Duration.ofSeconds(20), 4, Duration.ofSeconds(1));

    @RegisterExtension
    static final ScenarioMonitor scenario = new ScenarioMonitor(3);

    @Test
    void delayedBrokersLatencyRisesByTheInjectedAmountAndNoOtherBrokersDoes() throws Exception {
        String topic = "latency";
        scenario.createTopic(topic, 1, 3, 2);
        ClusterMonitor monitor = scenario.start(topic, PROBE, 3, Map.of());
        // A full window of undisturbed probes, none failing.
        FaultScenarios.holdsThroughout(PROBE.window(), () -> noFailures(monitor));
        Map<Integer, double[]> before = latencies(scenario.registry());

        scenario.cluster().setLatency(DELAYED, Duration.ofMillis(ONE_WAY_MS));
        // The window slides by whole slices: after window + slice it holds only delayed probes.
        FaultScenarios.holdsThroughout(PROBE.window().plus(PROBE.slice()), () -> noFailures(monitor));
        Map<Integer, double[]> after = latencies(scenario.registry());
        scenario.cluster().setLatency(DELAYED, Duration.ZERO);
        LOG.info("latency ms before {} after {}", describe(before), describe(after));

        double[] delayed = after.get(DELAYED);
        assertThat(delayed[E2E_P50]).as("broker 2 e2e p50")
                .isBetween((double) RISE_MS, before.get(DELAYED)[E2E_P50] + RISE_MS + MEDIAN_TOLERANCE_MS);
        assertThat(delayed[E2E_P99]).as("broker 2 e2e p99")
                .isBetween((double) RISE_MS, before.get(DELAYED)[E2E_P99] + RISE_MS + TOLERANCE_MS);
        assertThat(delayed[PRODUCE_P50]).as("broker 2 produce p50").isGreaterThanOrEqualTo(RISE_MS);
        assertThat(delayed[PRODUCE_P99]).as("broker 2 produce p99")
                .isBetween((double) RISE_MS, before.get(DELAYED)[PRODUCE_P99] + RISE_MS + TOLERANCE_MS);
        for (int other : new int[] {1, 3}) {
            assertThat(after.get(other)[E2E_P99]).as("broker %d e2e p99", other).isLessThan(RISE_MS);
            assertThat(after.get(other)[PRODUCE_P99]).as("broker %d produce p99", other).isLessThan(RISE_MS);
        }
        ScopeSnapshot total = monitor.view().snapshot().total();
        assertThat(total.produceFailures()).isZero();
        assertThat(total.consumeFailures()).isZero();
        assertThat(FaultScenarios.anomalies(total)).isZero();
    }

    private static boolean noFailures(ClusterMonitor monitor) {
        ScopeSnapshot total = monitor.view().snapshot().total();
        return total.produceFailures() + total.consumeFailures() == 0;
    }

    private static final int E2E_P50 = 0;
    private static final int E2E_P99 = 1;
    private static final int PRODUCE_P50 = 2;
    private static final int PRODUCE_P99 = 3;

    /** Per broker: e2e p50, e2e p99, produce p50, produce p99, in milliseconds, over the current window. */
    private static Map<Integer, double[]> latencies(MetricRegistry registry) {
        Map<Integer, double[]> out = new TreeMap<>();
        for (int broker : scenario.cluster().brokerIds()) {
            out.put(broker, new double[] {
                    brokerValue(registry, broker, ScopeMetrics.E2E_LATENCY.p50()) / 1_000,
                    brokerValue(registry, broker, ScopeMetrics.E2E_LATENCY.p99()) / 1_000,
                    brokerValue(registry, broker, ScopeMetrics.PRODUCE_LATENCY.p50()) / 1_000,
                    brokerValue(registry, broker, ScopeMetrics.PRODUCE_LATENCY.p99()) / 1_000});
        }
        return out;
    }

    private static String describe(Map<Integer, double[]> latencies) {
        StringBuilder out = new StringBuilder();
        latencies.forEach((b, l) -> out.append(String.format(" b%d[e2e p50=%.1f p99=%.1f produce p50=%.1f p99=%.1f]",
                b, l[E2E_P50], l[E2E_P99], l[PRODUCE_P50], l[PRODUCE_P99])));
        return out.toString();
    }
}
