package dev.vigil.core.window;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlidingRatioTest {

    private static final long S = 1_000_000;
    private final SlidingRatio ratio = new SlidingRatio(60 * S, 6);

    @Test
    void emptyWindowIsNaNNotZero() {
        assertThat(ratio.read(100 * S).value()).isNaN();
    }

    @Test
    void countsGoodOverTotalWithinTheWindow() {
        for (int i = 0; i < 9; i++) {
            ratio.record(true, 100 * S + i * S);
        }
        ratio.record(false, 109 * S);

        assertThat(ratio.read(110 * S)).isEqualTo(new SlidingRatio.Ratio(9, 10));
        assertThat(ratio.read(110 * S).value()).isEqualTo(0.9);
    }

    @Test
    void outcomesLeaveTheWindowWhenTheirSliceFallsOut() {
        ratio.record(false, 100 * S);   // slice [100,110)
        ratio.record(true, 115 * S);    // slice [110,120)

        assertThat(ratio.read(159 * S).total()).isEqualTo(2);
        assertThat(ratio.read(160 * S)).isEqualTo(new SlidingRatio.Ratio(1, 1));
        assertThat(ratio.read(170 * S).value()).isNaN();
    }

    @Test
    void outcomeOlderThanTheSliceItWouldOverwriteIsDropped() {
        ratio.record(true, 160 * S);
        ratio.record(false, 100 * S);  // same slot, 60 s older

        assertThat(ratio.read(160 * S)).isEqualTo(new SlidingRatio.Ratio(1, 1));
    }

    @Test
    void futureOutcomesAreNotCountedInAnEarlierRead() {
        ratio.record(true, 200 * S);
        assertThat(ratio.read(150 * S).value()).isNaN();
    }

    @Test
    void windowMustSplitEvenly() {
        assertThatThrownBy(() -> new SlidingRatio(60 * S + 1, 6)).isInstanceOf(IllegalArgumentException.class);
    }
}
