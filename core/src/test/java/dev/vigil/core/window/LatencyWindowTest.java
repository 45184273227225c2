package dev.vigil.core.window;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
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
    void emptyWindowIsNaN() {
        assertThat(window.summary(100 * S).p99()).isNaN();
        assertThat(window.summary(100 * S).count()).isZero();
    }

    @Test
    void valuesLeaveTheWindowButStayInTheCumulativeHistogram() {
        window.record(1_000);
        window.harvest(100 * S);
        window.record(2_000);
        window.harvest(130 * S);

        assertThat(window.window(150 * S).getTotalCount()).isEqualTo(2);
        assertThat(window.window(165 * S).getTotalCount()).isEqualTo(1);
        assertThat(window.window(200 * S).getTotalCount()).isZero();
        assertThat(window.cumulative(200 * S).getTotalCount()).isEqualTo(2);
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
}
