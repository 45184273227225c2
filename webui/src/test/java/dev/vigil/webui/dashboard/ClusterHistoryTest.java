package dev.vigil.webui.dashboard;

import dev.vigil.core.stats.ScopeSnapshot;
import org.junit.jupiter.api.Test;

import static dev.vigil.webui.dashboard.Reports.totals;
import static org.assertj.core.api.Assertions.assertThat;

class ClusterHistoryTest {

    @Test
    void availabilityIsChartedOverTheLast10SecondsFromCounterDifferences() {
        ClusterHistory history = new ClusterHistory(100);
        history.add(0, totals(0, 0, 0, 0, 0));
        history.add(10_000, totals(100, 0, 0, 0, 0));
        history.add(20_000, totals(200, 25, 10, 0, 0));
        history.add(22_000, totals(200, 25, 10, 0, 0));

        Series series = history.series();

        assertThat(series.t()).containsExactly(0L, 10_000L, 20_000L, 22_000L);
        // 0: nothing final yet; 10 s: 100 good; 20 s: 25 of the 100 since 10 s failed; 22 s: 100 outcomes
        // since the sample at 10 s (the newest at least 10 s older), 25 failed.
        assertThat(series.values().get("produceAvailability10s")).containsExactly(null, 1.0, 0.75, 0.75);
        assertThat(series.values().get("consumeAvailability10s")).containsExactly(null, 1.0, 0.9, 0.9);
        assertThat(history.produceAvailability10s()).isEqualTo(0.75);
        assertThat(series.values().get("e2eP99")).containsExactly(4.0, 4.0, 4.0, 4.0);
        assertThat(series.values().get("e2eMax")).containsExactly(12.0, 12.0, 12.0, 12.0);
        assertThat(series.values().get("produceP99")).containsExactly(null, null, null, null);
    }

    @Test
    void itKeepsOnlyItsCapacityOfNewestSamples() {
        ClusterHistory history = new ClusterHistory(3);
        for (int i = 0; i < 10; i++) {
            history.add(i * 2_000L, totals(i, 0, 0, i, 0));
        }
        assertThat(history.series().t()).containsExactly(14_000L, 16_000L, 18_000L);
        assertThat(history.series().values().get("lostAcked")).containsExactly(7.0, 8.0, 9.0);
        // 4 s back from 18 s is the sample at 14 s
        assertThat(history.increase(ScopeSnapshot::lostAcked, 4_000)).isEqualTo(2);
    }

    @Test
    void counterIncreaseCountsFromZeroWhileTheHistoryIsShorterThanTheSpan() {
        ClusterHistory history = new ClusterHistory(10);
        assertThat(history.increase(ScopeSnapshot::lostAcked, 600_000)).isZero();
        assertThat(history.produceAvailability10s()).isNull();
        history.add(1_000, totals(6, 0, 0, 2, 0));
        history.add(3_000, totals(12, 0, 0, 5, 0));
        assertThat(history.increase(ScopeSnapshot::lostAcked, 600_000)).isEqualTo(5);
    }
}
