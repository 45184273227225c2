package dev.vigil.services;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void waitsOneSecondThenDoublesUpToThirtySeconds() {
        List<Long> seconds = new ArrayList<>();
        Backoff backoff = Backoff.FIRST;
        for (int i = 0; i < 8; i++) {
            seconds.add(backoff.delay().toSeconds());
            backoff = backoff.next();
        }

        assertThat(seconds).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    @Test
    void aWaitAlreadyAtTheCapStaysThere() {
        assertThat(new Backoff(Duration.ofSeconds(30)).next().delay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(new Backoff(Duration.ofSeconds(20)).next().delay()).isEqualTo(Backoff.MAX);
    }
}
