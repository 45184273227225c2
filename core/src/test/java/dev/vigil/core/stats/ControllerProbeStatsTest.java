package dev.vigil.core.stats;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.window.SlidingRatio;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ControllerProbeStatsTest {

    private static final long S = 1_000_000;
    private final ControllerProbeStats stats = new ControllerProbeStats(60 * S, 6);

    @Test
    void noRoundYetReadsNaNNotZero() {
        assertThat(values(100 * S).get(ControllerProbeMetrics.AVAILABILITY)).isNaN();
        assertThat(values(100 * S).get(ControllerProbeMetrics.METADATA_PROPAGATION_LATENCY.p99())).isNaN();
    }

    @Test
    void failedRoundsLowerAvailabilityAndAddNoLatency() {
        stats.round(true, 50_000, 100 * S);
        stats.round(true, 70_000, 110 * S);
        stats.round(false, 10 * S, 120 * S);
        stats.leftoversDeleted(2);

        Map<Metric, Double> v = values(121 * S);
        assertThat(stats.availability(121 * S)).isEqualTo(new SlidingRatio.Ratio(2, 3));
        assertThat(v).containsEntry(ControllerProbeMetrics.ATTEMPTS, 3.0).containsEntry(ControllerProbeMetrics.FAILURES, 1.0)
                .containsEntry(ControllerProbeMetrics.LEFTOVERS_DELETED, 2.0);
        assertThat(v.get(ControllerProbeMetrics.METADATA_PROPAGATION_LATENCY.max())).isBetween(69_000.0, 71_000.0);
        assertThat(stats.histograms(121 * S).get(0).micros().totalCount()).isEqualTo(2);
    }

    @Test
    void availabilityForgetsRoundsOlderThanTheWindow() {
        stats.round(false, 0, 100 * S);
        stats.round(true, 1_000, 161 * S);

        assertThat(stats.availability(161 * S)).isEqualTo(new SlidingRatio.Ratio(1, 1));
    }

    @Test
    void deniedIsAFlagNotAFailure() {
        stats.denied(true);

        assertThat(values(100 * S)).containsEntry(ControllerProbeMetrics.DENIED, 1.0).containsEntry(ControllerProbeMetrics.FAILURES, 0.0);
    }

    @Test
    void roundsABrokerDidNotServeCountPerBroker() {
        stats.round(false, 0, 100 * S);
        stats.notServed(3);

        assertThat(stats.brokerIds()).containsExactly(3);
        assertThat(stats.brokerValues(3, 100 * S)).extracting(MetricValue::value).containsExactly(1.0);
        assertThat(stats.brokerValues(1, 100 * S)).extracting(MetricValue::value).containsExactly(0.0);
    }

    private Map<Metric, Double> values(long now) {
        return stats.snapshot(now).clusterValues().stream().collect(Collectors.toMap(MetricValue::metric, MetricValue::value));
    }
}
