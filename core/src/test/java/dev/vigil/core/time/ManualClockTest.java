package dev.vigil.core.time;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ManualClockTest {

    @Test
    void wallClockFollowsSteadyTimeUntilStepped() {
        ManualClock clock = new ManualClock(5_000_000L);
        clock.advanceMillis(250);
        assertThat(clock.nowMicros()).isEqualTo(5_250_000L);
        assertThat(clock.wallMillis()).isEqualTo(5_250L);
    }

    @Test
    void aWallStepLeavesSteadyTimeAlone() {
        ManualClock clock = new ManualClock(10_000_000L);
        clock.stepWallMillis(-7_200_000L);
        assertThat(clock.nowMicros()).isEqualTo(10_000_000L);
        assertThat(clock.wallMillis()).isEqualTo(10_000L - 7_200_000L);
        clock.advanceMillis(1_000);
        clock.stepWallMillis(2 * 7_200_000L);
        assertThat(clock.nowMicros()).isEqualTo(11_000_000L);
        assertThat(clock.wallMillis()).isEqualTo(11_000L + 7_200_000L);
    }

    @Test
    void aClockGivenAsALambdaReadsItsSteadyTimeAsTheWallClock() {
        MicroClock clock = () -> 42_123_456L;
        assertThat(clock.wallMillis()).isEqualTo(42_123L);
    }
}
