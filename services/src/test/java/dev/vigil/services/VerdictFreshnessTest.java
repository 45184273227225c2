package dev.vigil.services;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictFreshnessTest {

    private static final long S = 1_000_000;
    private final VerdictFreshness freshness = new VerdictFreshness();
    private final AtomicLong produce = new AtomicLong();
    private final AtomicLong harvest = new AtomicLong();

    VerdictFreshnessTest() {
        freshness.track("produce", produce::get, Duration.ofSeconds(5));
        freshness.track("harvest", harvest::get, Duration.ofSeconds(2));
    }

    @Test
    void nothingIsStaleBeforeProbingStarts() {
        assertThat(freshness.ages(1_000 * S)).isEmpty();
        assertThat(freshness.stale(1_000 * S)).isEmpty();
    }

    @Test
    void agesCountFromTheStartUntilTheFirstVerdictAndBoundsIncludeTheAllowance() {
        freshness.started(100 * S);
        produce.set(104 * S);

        assertThat(freshness.ages(110 * S)).containsExactly(
                new VerdictFreshness.Age("produce", 6 * S, 10 * S),
                new VerdictFreshness.Age("harvest", 10 * S, 7 * S));
        assertThat(freshness.stale(110 * S)).extracting(VerdictFreshness.Age::kind).containsExactly("harvest");
        assertThat(freshness.stale(110 * S).get(0).describe()).isEqualTo("harvest verdicts stale: 10 s without one (bound 7 s)");
    }

    @Test
    void aKindIsStaleOnlyPastItsBound() {
        freshness.started(100 * S);
        harvest.set(200 * S);
        produce.set(190 * S);

        assertThat(freshness.stale(200 * S)).isEmpty();
        assertThat(freshness.stale(200 * S + 1)).extracting(VerdictFreshness.Age::kind).containsExactly("produce");
        assertThat(freshness.age("harvest", 207 * S).stale()).isFalse();
        assertThat(freshness.age("harvest", 207 * S + 1).stale()).isTrue();
    }

    @Test
    void aKindWithARunEveryIntervalIsBoundByItsDelayPlusTwoIntervals() {
        VerdictFreshness periodic = new VerdictFreshness();
        periodic.trackEvery("commit", () -> 0, Duration.ofSeconds(3), Duration.ofSeconds(4));
        periodic.started(100 * S);

        assertThat(periodic.age("commit", 100 * S).boundMicros())
                .isEqualTo((4 + 2 * 3) * S + VerdictFreshness.ALLOWANCE.toMillis() * 1_000);
    }
}
