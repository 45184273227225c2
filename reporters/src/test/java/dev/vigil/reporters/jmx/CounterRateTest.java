package dev.vigil.reporters.jmx;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CounterRateTest {

    private static final long SECOND = 1_000_000L;
    private static final long T0 = 1_700_000_000L * SECOND;

    @Test
    void firstSampleIsTheBaselineAndReadsZero() {
        assertThat(new CounterRate(60 * SECOND).sampleAndRate(T0, 42)).isEqualTo(0.0);
    }

    @Test
    void increaseOverTheWindowDividedByTheTimeSinceTheBaseline() {
        CounterRate rate = new CounterRate(60 * SECOND);
        rate.sampleAndRate(T0, 0);
        assertThat(rate.sampleAndRate(T0 + 10 * SECOND, 6)).isEqualTo(0.1); // first minute: 6 / 60 s
        assertThat(rate.sampleAndRate(T0 + 70 * SECOND, 66)).isEqualTo(1.0); // since the sample at 10 s
        // frequent reads: the baseline is the newest sample at least a minute old (the one at 70 s)
        for (int s = 71; s < 130; s++) {
            rate.sampleAndRate(T0 + s * SECOND, 66);
        }
        assertThat(rate.sampleAndRate(T0 + 130 * SECOND, 126)).isEqualTo(1.0);
    }

    @Test
    void aCounterThatGoesDownStartsOver() {
        CounterRate rate = new CounterRate(60 * SECOND);
        rate.sampleAndRate(T0, 500);
        assertThat(rate.sampleAndRate(T0 + 30 * SECOND, 3)).isEqualTo(0.0);
        assertThat(rate.sampleAndRate(T0 + 60 * SECOND, 9)).isEqualTo(0.1);
    }

    @Test
    void aMissingCounterHasNoRate() {
        CounterRate rate = new CounterRate(60 * SECOND);
        rate.sampleAndRate(T0, 1);
        assertThat(rate.sampleAndRate(T0 + SECOND, Double.NaN)).isNaN();
        assertThat(rate.sampleAndRate(T0 + 60 * SECOND, 7)).isEqualTo(0.1);
    }

    @Test
    void readsCloserThanAWindowSixtiethKeepOneSample() {
        CounterRate rate = new CounterRate(60 * SECOND);
        rate.sampleAndRate(T0, 0);
        for (int ms = 1; ms <= 60_000; ms++) {  // a read every millisecond for a minute, 1 failure per second
            rate.sampleAndRate(T0 + ms * 1_000L, ms / 1_000);
        }
        assertThat(rate.sampleAndRate(T0 + 120 * SECOND, 120)).isEqualTo(1.0);
        assertThatThrownBy(() -> new CounterRate(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
