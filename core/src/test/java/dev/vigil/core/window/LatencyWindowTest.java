package dev.vigil.core.window;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LatencyWindowTest {

    private static final long S = 1_000_000;
    private final LatencyWindow window = new LatencyWindow(60 * S, 6);

    @Test
    void percentilesAreMicrosecondsWithThreeSignificantDigits() {
        for (int i = 1; i <= 1000; i++) {
            window.record(i * 10L);  // 10 us .. 10 ms
        }
        LatencySummary s = window.summary(100 * S);

        assertThat(s.count()).isEqualTo(1000);
        assertThat(s.p50()).isCloseTo(5_000, within(5.0));
        assertThat(s.p99()).isCloseTo(9_900, within(10.0));
        assertThat(s.max()).isCloseTo(10_000, within(10.0));
    }

    @Test
    void cumulativeCountsAreSharedUntilSomethingNewIsFiled() {
        window.record(1_000);
        LatencyCounts first = window.cumulative(100 * S);

        assertThat(window.cumulative(101 * S)).isSameAs(first);
        assertThat(window.cumulative(200 * S)).as("a slice boundary alone changes nothing since start").isSameAs(first);
        window.record(2_000);
        LatencyCounts second = window.cumulative(201 * S);
        assertThat(second.totalCount()).isEqualTo(2);
        assertThat(first.totalCount()).as("what a reader already holds does not change").isEqualTo(1);
    }

    @Test
    void emptyWindowIsNaN() {
        assertThat(window.summary(100 * S).p99()).isNaN();
        assertThat(window.summary(100 * S).count()).isZero();
    }

    @Test
    void valuesLeaveTheWindowButStayInTheCumulativeHistogram() {
        recordOneAt100sAndOneAt130s();

        assertThat(window.window(150 * S).getTotalCount()).isEqualTo(2);
        assertThat(window.window(165 * S).getTotalCount()).isEqualTo(1);
        assertThat(window.window(200 * S).getTotalCount()).isZero();
        assertThat(window.cumulative(200 * S).totalCount()).isEqualTo(2);
    }

    @Test
    void aWindowWithoutItsDistributionSinceStartSlidesAlikeAndRefusesToGiveOne() {
        LatencyWindow windowOnly = new LatencyWindow(60 * S, 6, false);
        Random random = new Random(11);
        for (long t = 100 * S; t < 400 * S; t += S) {
            long micros = 500 + random.nextInt(80_000);
            window.record(micros);
            windowOnly.record(micros);
            window.harvest(t);
            windowOnly.harvest(t);
            assertThat(windowOnly.summary(t)).isEqualTo(window.summary(t));
        }

        assertThat(windowOnly.keepsSinceStart()).isFalse();
        assertThat(window.keepsSinceStart()).isTrue();
        assertThat(windowOnly.window(399 * S).getTotalCount()).isEqualTo(60); // slices 340-399 s
        assertThat(window.cumulative(400 * S).totalCount()).isEqualTo(300);
        assertThatThrownBy(() -> windowOnly.cumulative(400 * S)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no distribution since start");
    }

    @Test
    void valuesBeyondAnHourAreClampedAndNegativeOnesAreZero() {
        window.record(10 * LatencyWindow.HIGHEST_MICROS);
        window.record(-5);
        LatencySummary s = window.summary(S);

        assertThat(s.count()).isEqualTo(2);
        assertThat(s.max()).isCloseTo(LatencyWindow.HIGHEST_MICROS, within(LatencyWindow.HIGHEST_MICROS / 500.0));
        assertThat(window.window(S).getMinValue()).isZero();
    }

    @Test
    void summaryAfterNewRecordsShowsThemAlthoughTheWindowWasReadBefore() {
        window.record(1_000);
        assertThat(window.summary(10 * S).max()).isCloseTo(1_000, within(1.0));

        window.record(50_000);
        LatencySummary s = window.summary(10 * S);

        assertThat(s.count()).isEqualTo(2);
        assertThat(s.max()).isCloseTo(50_000, within(50.0));
    }

    @Test
    void summaryFollowsTheWindowAsSlicesExpireWithoutNewRecords() {
        recordOneAt100sAndOneAt130s();
        assertThat(window.summary(150 * S).count()).isEqualTo(2);

        assertThat(window.summary(165 * S).count()).isEqualTo(1);
        assertThat(window.summary(165 * S).max()).isCloseTo(2_000, within(2.0));
        assertThat(window.summary(200 * S).count()).isZero();
    }

    /**
     * The running window sum must read exactly as summing the live slices afresh would: random
     * records, harvests and reads against a model that files each value under the slice of the
     * first harvest or read after it.
     */
    @Test
    void runningWindowReadsTheSameAsSummingTheSlices() {
        LatencyWindow window = new LatencyWindow(60 * S, 6);
        Histogram everything = new PackedHistogram(3);
        Random random = new Random(42);
        long slice = 10 * S;
        List<long[]> filed = new ArrayList<>();  // {value, slice index}
        List<Long> pending = new ArrayList<>();
        long now = 1_000 * S;
        for (int step = 0; step < 3_000; step++) {
            now += (long) (random.nextDouble() * random.nextDouble() * 25 * S);
            int op = random.nextInt(4);
            if (op < 2) {
                long value = random.nextInt(10) == 0 ? random.nextInt(2_000_000) : 2_000 + random.nextInt(30_000);
                window.record(value);
                everything.recordValue(value);
                pending.add(value);
                continue;
            }
            long index = Math.floorDiv(now, slice);
            pending.forEach(v -> filed.add(new long[]{v, index}));
            pending.clear();
            if (op == 2) {
                window.harvest(now);
                continue;
            }
            Histogram expected = new PackedHistogram(3);
            filed.stream().filter(f -> f[1] > index - 6 && f[1] <= index).forEach(f -> expected.recordValue(f[0]));
            assertThat(window.summary(now)).as("step %d", step).isEqualTo(LatencySummary.of(expected));
            assertThat(window.window(now).getTotalCount()).isEqualTo(expected.getTotalCount());
            LatencyCounts cumulative = window.cumulative(now);
            assertThat(cumulative).isEqualTo(LatencyCounts.of(everything));
            assertThat(cumulative.totalCount()).isEqualTo(everything.getTotalCount());
            assertThat(cumulative.meanMicros()).isEqualTo(everything.getMean());
            assertThat(cumulative.countAtOrBelow(20_000)).isEqualTo(everything.getCountBetweenValues(0, 20_000));
        }
    }

    private void recordOneAt100sAndOneAt130s() {
        window.record(1_000);
        window.harvest(100 * S);
        window.record(2_000);
        window.harvest(130 * S);
    }
}
