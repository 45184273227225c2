package dev.vigil.core.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each rule with the cases of Burrow's own evaluator tests ({@code caching_test.go}, cases 0 to 10, the
 * case number in each test's name); Burrow's times are milliseconds for commits and seconds for "now",
 * here both milliseconds.
 */
class LagRulesTest {

    private static final long[] NO_END_OFFSETS = {};

    @Test
    void zeroLagAtTheStartOfTheWindowIsOk_case0() {
        List<CommitSample> w = window(new long[]{1000, 2000, 3000, 4000, 5000}, new long[]{0, 50, 100, 150, 200});
        assertThat(LagRules.partition(w, new long[]{5200}, 200, 600_000)).isEqualTo(LagStatus.OK);
    }

    @Test
    void timeSinceLastCommitEqualToTheWindowIsNotYetStop_case1() {
        List<CommitSample> w = window(new long[]{1000, 2000, 3000, 4000, 5000}, new long[]{0, 50, 100, 150, 200});
        assertThat(LagRules.stopped(w, 900_000)).isFalse();
        assertThat(LagRules.partition(w, new long[]{5200}, 200, 900_000)).isEqualTo(LagStatus.OK);
    }

    @Test
    void noCommitForLongerThanTheWindowSpansIsStopEvenAfterZeroLag_case2() {
        List<CommitSample> w = window(new long[]{1000, 2000, 3000, 4000, 5000}, new long[]{0, 50, 100, 150, 200});
        assertThat(LagRules.partition(w, new long[]{5200}, 200, 1_000_000)).isEqualTo(LagStatus.STOP);
    }

    @Test
    void noCommitForLongerThanTheWindowSpansIsStop_case3() {
        List<CommitSample> w = window(new long[]{1000, 2000, 3000, 4000, 5000}, new long[]{50, 100, 150, 200, 250});
        assertThat(LagRules.partition(w, new long[]{5250}, 250, 1_000_000)).isEqualTo(LagStatus.STOP);
    }

    @Test
    void sameOffsetWithZeroLagOnceIsOk_case4() {
        List<CommitSample> w = window(new long[]{1000, 1000, 1000, 1000, 1000}, new long[]{0, 50, 100, 150, 200});
        assertThat(LagRules.stalled(w)).isTrue();
        assertThat(LagRules.partition(w, new long[]{1200}, 200, 600_000)).isEqualTo(LagStatus.OK);
    }

    @Test
    void sameOffsetWithGrowingLagIsStall_case5() {
        List<CommitSample> w = window(new long[]{1000, 1000, 1000, 1000, 1000}, new long[]{100, 150, 200, 250, 300});
        assertThat(LagRules.partition(w, new long[]{1300}, 300, 600_000)).isEqualTo(LagStatus.STALL);
    }

    @Test
    void sameOffsetWithSteadyLagIsStall_case6() {
        List<CommitSample> w = window(new long[]{1000, 1000, 1000, 1000, 1000}, new long[]{100, 100, 100, 100, 100});
        assertThat(LagRules.partition(w, new long[]{1100}, 100, 600_000)).isEqualTo(LagStatus.STALL);
    }

    @Test
    void anOffsetBelowTheOneBeforeIsRewindEvenThoughLagDecreases_case7() {
        List<CommitSample> w = window(new long[]{1000, 2000, 3000, 2000, 4000}, new long[]{100, 150, 200, 1250, 300});
        assertThat(LagRules.lagNeverDecreased(w)).isFalse();
        assertThat(LagRules.partition(w, new long[]{4300}, 300, 600_000)).isEqualTo(LagStatus.REWIND);
    }

    @Test
    void noLagNowIsOkWhateverTheWindow_case8() {
        List<CommitSample> w = window(new long[]{1000, 2000, 3000, 4000, 5000}, new long[]{50, 100, 150, 200, 250});
        assertThat(LagRules.stopped(w, 1_000_000)).isTrue();
        assertThat(LagRules.partition(w, new long[]{5250}, 0, 1_000_000)).isEqualTo(LagStatus.OK);
    }

    @Test
    void newDataAfterCommitsThatStoppedIsStop_case9() {
        List<CommitSample> w = secondlyFrom(792748079, 1512224618356L, 15);
        long[] ends = {792749024, 792749000, 792748800, 792748600, 792748500};
        assertThat(LagRules.recentlyCaughtUp(w, ends)).isFalse();
        assertThat(LagRules.partition(w, ends, 931, 1512224650_000L)).isEqualTo(LagStatus.STOP);
    }

    @Test
    void caughtUpWithinTheRecentEndOffsetsIsNotYetStop_case10() {
        List<CommitSample> w = secondlyFrom(792748079, 1512224618356L, 15);
        long[] ends = {792748094, 792748093, 792748093, 792748093};
        assertThat(LagRules.recentlyCaughtUp(w, ends)).isTrue();
        assertThat(LagRules.partition(w, ends, 1, 1512224650_000L)).isEqualTo(LagStatus.OK);
    }

    @Test
    void advancingWithLagThatNeverDecreasesIsWarn() {
        // case 3's window, judged before it could be STOP
        List<CommitSample> w = window(new long[]{1000, 2000, 3000, 4000, 5000}, new long[]{50, 100, 150, 200, 250});
        assertThat(LagRules.partition(w, new long[]{5250}, 250, 600_000)).isEqualTo(LagStatus.WARN);
    }

    @Test
    void advancingWithLagThatDecreasesOnceIsOk() {
        List<CommitSample> w = window(new long[]{1000, 2000, 3000, 4000, 5000}, new long[]{50, 100, 90, 200, 250});
        assertThat(LagRules.partition(w, new long[]{5250}, 250, 600_000)).isEqualTo(LagStatus.OK);
    }

    @Test
    void emptyWindowIsOk() {
        assertThat(LagRules.partition(List.of(), NO_END_OFFSETS, 10, 600_000)).isEqualTo(LagStatus.OK);
    }

    @Test
    void groupIsItsWorstPartitionAndNotFoundWithoutPartitions() {
        assertThat(LagRules.group(List.of(LagStatus.OK, LagStatus.STALL, LagStatus.WARN))).isEqualTo(LagStatus.STALL);
        assertThat(LagRules.group(List.of(LagStatus.OK, LagStatus.OK))).isEqualTo(LagStatus.OK);
        assertThat(LagRules.group(List.of())).isEqualTo(LagStatus.NOTFOUND);
    }

    @Test
    void statusesKeepBurrowsNumbers() {
        assertThat(LagStatus.values()).extracting(LagStatus::code).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(LagStatus.values()).extracting(Enum::name)
                .containsExactly("NOTFOUND", "OK", "WARN", "ERR", "STOP", "STALL", "REWIND");
    }

    /** Commits 100 s apart from 100 s on, as in Burrow's cases 0 to 8. */
    private static List<CommitSample> window(long[] offsets, long[] lags) {
        List<CommitSample> w = new ArrayList<>();
        for (int i = 0; i < offsets.length; i++) {
            w.add(new CommitSample(offsets[i], (i + 1) * 100_000L, lags[i]));
        }
        return w;
    }

    /** Consecutive offsets about a second apart with zero lag, as in Burrow's cases 9 and 10. */
    private static List<CommitSample> secondlyFrom(long offset, long atMillis, int count) {
        List<CommitSample> w = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            w.add(new CommitSample(offset + i, atMillis + i * 1_002L, 0));
        }
        return w;
    }
}
