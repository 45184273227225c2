package dev.vigil.webui.dashboard;

import dev.vigil.core.stats.ScopeSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.vigil.webui.dashboard.Reports.totals;
import static org.assertj.core.api.Assertions.assertThat;

class ClusterHistoryTest {

    @Test
    void availabilityIsChartedOverTheLast10SecondsFromCounterDifferences() {
        ClusterHistory history = sampledAt0And10And20Seconds();
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

    @Test
    void aDayAndAnHourOfSamplesKeeps451RecentSamplesAnd1441PointsAMinuteApart() {
        ClusterHistory history = new ClusterHistory(Dashboard.RECENT_SAMPLES);
        long every = Dashboard.SAMPLE_EVERY.toMillis();
        int samples = (int) (25 * 3_600_000L / every);
        for (int i = 0; i <= samples; i++) {
            history.add(i * every, totals(i, 0, 0, 0, 0));
        }
        long last = samples * every;

        // The memory bound counted: 451 samples and 1,441 coarse points, whatever the uptime.
        assertThat(history.samplesKept()).isEqualTo(451);
        assertThat(history.dayPointsKept()).isEqualTo(1_441);
        assertThat(DayHistory.CAPACITY).isEqualTo(1_441);
        List<Long> recent = history.series().t();
        assertThat(recent).hasSize(451);
        assertThat(recent.get(0)).isEqualTo(last - 15 * 60_000L);
        List<Long> day = history.daySeries(Long.MIN_VALUE).t();
        assertThat(day).hasSize(1_441);
        assertThat(day.get(1_440)).isEqualTo(last);
        assertThat(day.get(0)).isEqualTo(last - 24 * 3_600_000L);
        assertThat(day.get(1) - day.get(0)).isEqualTo(60_000L);
    }

    @Test
    void eachDayPointIsTheMinuteSinceThePreviousOneAndLatencyAndCountersAsSampled() {
        ClusterHistory history = new ClusterHistory(100);
        history.add(0, totals(0, 0, 0, 0, 0));
        history.add(30_000, totals(300, 10, 0, 0, 0)); // within the minute: no point
        history.add(60_000, totals(600, 30, 6, 2, 0));
        history.add(120_000, totals(1_200, 30, 6, 2, 0));

        Series day = history.daySeries(Long.MIN_VALUE);

        assertThat(day.t()).containsExactly(0L, 60_000L, 120_000L);
        // 0: nothing final yet; 60 s: 30 of 600 failed; 120 s: none of the 600 since.
        assertThat(day.values().get("produceAvailability1m")).containsExactly(null, 0.95, 1.0);
        assertThat(day.values().get("consumeAvailability1m")).containsExactly(null, 0.99, 1.0);
        assertThat(day.values().get("e2eP99")).containsExactly(4.0, 4.0, 4.0);
        assertThat(day.values().get("produceP99")).containsExactly(null, null, null);
        assertThat(day.values().get("lostAcked")).containsExactly(0.0, 2.0, 2.0);
        assertThat(history.daySeries(60_000).t()).containsExactly(120_000L);
        assertThat(history.dayNewestMs()).isEqualTo(120_000L);
    }

    @Test
    void seriesAfterATimeHasOnlyTheNewerSamplesWithRatesReachingBackBeforeIt() {
        ClusterHistory history = sampledAt0And10And20Seconds();

        Series newer = history.series(10_000);

        assertThat(newer.t()).containsExactly(20_000L);
        assertThat(newer.values().get("produceAvailability10s")).containsExactly(0.75);
        assertThat(history.series(20_000).t()).isEmpty();
        assertThat(history.newestMs()).isEqualTo(20_000L);
    }

    /** 100 good outcomes by 10 s, then 25 failed produces and 10 failed consumes of the next 100 by 20 s. */
    private static ClusterHistory sampledAt0And10And20Seconds() {
        ClusterHistory history = new ClusterHistory(100);
        history.add(0, totals(0, 0, 0, 0, 0));
        history.add(10_000, totals(100, 0, 0, 0, 0));
        history.add(20_000, totals(200, 25, 10, 0, 0));
        return history;
    }
}
