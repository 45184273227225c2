package dev.vigil.core.stats;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.window.SlidingRatio;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetCommitStatsTest {

    private static final long S = 1_000_000;
    private final OffsetCommitStats stats = new OffsetCommitStats(60 * S, 6);

    @Test
    void noCommitYetReadsNaNNotZero() {
        Map<Metric, Double> v = values(stats.snapshot(100 * S).clusterValues());

        assertThat(v.get(OffsetCommitMetrics.AVAILABILITY)).isNaN();
        assertThat(v.get(OffsetCommitMetrics.COORDINATOR_ID)).isNaN();
        assertThat(v.get(OffsetCommitMetrics.ATTEMPTS)).isZero();
        assertThat(v.get(OffsetCommitMetrics.LATENCY.p99())).isNaN();
    }

    @Test
    void failuresAreAttributedToTheCoordinatorAtCommitTime() {
        for (int i = 0; i < 8; i++) {
            stats.committed(2, true, 1_000, 100 * S + i * S);
        }
        stats.committed(2, false, 3 * S, 108 * S); // broker 2 went away
        stats.committed(2, false, 3 * S, 109 * S);
        stats.committed(3, true, 2_000, 110 * S); // the group moved to broker 3

        assertThat(stats.availability(111 * S)).isEqualTo(new SlidingRatio.Ratio(9, 11));
        assertThat(stats.availability(2, 111 * S)).isEqualTo(new SlidingRatio.Ratio(8, 10));
        assertThat(stats.availability(3, 111 * S)).isEqualTo(new SlidingRatio.Ratio(1, 1));
        assertThat(stats.availability(1, 111 * S).value()).isNaN();
        assertThat(stats.brokerIds()).containsExactly(2, 3);
        assertThat(values(stats.brokerValues(2, 111 * S))).containsEntry(OffsetCommitMetrics.BROKER_ATTEMPTS, 10.0)
                .containsEntry(OffsetCommitMetrics.BROKER_FAILURES, 2.0).containsEntry(OffsetCommitMetrics.BROKER_AVAILABILITY, 0.8);
        Map<Metric, Double> total = values(stats.snapshot(111 * S).clusterValues());
        assertThat(total).containsEntry(OffsetCommitMetrics.ATTEMPTS, 11.0).containsEntry(OffsetCommitMetrics.FAILURES, 2.0);
    }

    @Test
    void commitsWithNoKnownCoordinatorCountOnlyInTheTotal() {
        stats.committed(OffsetCommitStats.UNKNOWN_COORDINATOR, false, 0, 100 * S);

        assertThat(stats.attempts()).isEqualTo(1);
        assertThat(stats.failures()).isEqualTo(1);
        assertThat(stats.brokerIds()).isEmpty();
    }

    @Test
    void latencyCountsSuccessfulCommitsOnly() {
        stats.committed(1, true, 1_000, 100 * S);
        stats.committed(1, true, 3_000, 101 * S);
        stats.committed(1, false, 3 * S, 102 * S); // its duration is the timeout, not the coordinator's latency

        assertThat(stats.latency(103 * S).count()).isEqualTo(2);
        assertThat(stats.latency(103 * S).max()).isBetween(2_999.0, 3_002.0);
        assertThat(stats.histograms(103 * S).get(0).micros().totalCount()).isEqualTo(2);
    }

    @Test
    void availabilityForgetsCommitsOlderThanTheWindow() {
        stats.committed(1, false, 0, 100 * S);
        stats.committed(1, true, 1_000, 161 * S);

        assertThat(stats.availability(161 * S)).isEqualTo(new SlidingRatio.Ratio(1, 1));
        assertThat(stats.failures()).isEqualTo(1); // cumulative
    }

    @Test
    void coordinatorIsTheLatestLookedUp() {
        stats.coordinator(3);

        assertThat(values(stats.snapshot(100 * S).clusterValues())).containsEntry(OffsetCommitMetrics.COORDINATOR_ID, 3.0);
    }

    @Test
    void deniedIsAFlagNotAFailure() {
        stats.denied(true);

        assertThat(values(stats.snapshot(100 * S).clusterValues())).containsEntry(OffsetCommitMetrics.DENIED, 1.0)
                .containsEntry(OffsetCommitMetrics.FAILURES, 0.0);
        stats.denied(false);
        assertThat(values(stats.snapshot(100 * S).clusterValues())).containsEntry(OffsetCommitMetrics.DENIED, 0.0);
    }

    private static Map<Metric, Double> values(List<MetricValue> values) {
        return values.stream().collect(Collectors.toMap(MetricValue::metric, MetricValue::value));
    }
}
