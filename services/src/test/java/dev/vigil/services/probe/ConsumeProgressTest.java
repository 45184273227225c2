package dev.vigil.services.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The consume probe's per-partition progress, with positions and log ends set by hand and times in
 * seconds: {@code polled(start, end, stalled)} is one consume-loop iteration.
 */
class ConsumeProgressTest {

    private static final long S = 1_000_000L;
    private static final long GIVE_UP = 8 * S;
    private static final long SILENCE = 2 * S;

    private final FakeReads reads = new FakeReads(List.of(0, 1, 2));
    private final ConsumeProgress progress = new ConsumeProgress(0, GIVE_UP, SILENCE);

    @Test
    void keepingUpEveryPartitionIsAtTheStartOfTheLatestCompletedPoll() {
        poll(1, 1.5, false);
        poll(2, 2.5, false);
        assertThat(progressOf(0, 1, 2)).containsOnly(2 * S);
        assertThat(progress.holding()).isFalse();
    }

    @Test
    void afterAStallEachPartitionIsHeldUntilItReachesTheLogEndReadAfterTheStall() {
        afterFirstPoll(new long[]{100, 50, 7}, new long[]{90, 50, 7}); // partition 0 has 10 probes still on the broker
        poll(2, 20, true);
        // 1 and 2 were already at their ends: caught up at 20 s, released once a poll completes without a stall
        assertThat(progressOf(0, 1, 2)).containsExactly(S, 20 * S, 20 * S);

        poll(21, 21.5, false);
        assertThat(progressOf(0, 1, 2)).containsExactly(S, 21 * S, 21 * S);

        reads.positions(100, 52, 8);
        poll(22, 22.5, false);
        assertThat(progress.progressMicros(0)).isEqualTo(20 * S);
        poll(23, 23.5, false);
        assertThat(progressOf(0, 1, 2)).containsOnly(23 * S);
        assertThat(progress.holding()).isFalse();
    }

    @Test
    void aPartitionFallingBehindWithoutAStallIsHeldBeforeTheBasePassesWhatItRead() {
        afterFirstPoll(new long[]{100, 100, 100}, new long[]{100, 40, 100});
        reads.lagBehind(1); // the consumer's fetch results show it 60 probes behind
        poll(2, 2.5, false);
        assertThat(progressOf(0, 1, 2)).containsExactly(2 * S, S, 2 * S);

        reads.lagBehind();
        reads.positions(100, 99, 100);
        poll(3, 3.5, false);
        assertThat(progress.progressMicros(1)).isEqualTo(S);
        reads.positions(100, 100, 100);
        poll(4, 4.5, false);
        assertThat(progress.progressMicros(1)).isEqualTo((long) (2.5 * S)); // its end was read after the poll at 2 s
        poll(5, 5.5, false);
        assertThat(progressOf(0, 1, 2)).containsOnly(5 * S);
    }

    @Test
    void heldPartitionsAreCheckedAgainstTheirEndsAtMostTwiceASecond() {
        afterFirstPoll(new long[]{100, 100, 100}, new long[]{50, 50, 50});
        poll(2, 3, true);
        reads.positions(100, 100, 100);
        poll(3.05, 3.1, false); // 0.1 s after the last check: positions not looked at
        assertThat(progressOf(0, 1, 2)).containsOnly(S);
        poll(3.5, 3.6, false);
        assertThat(progressOf(0, 1, 2)).containsOnly(3 * S);
    }

    @Test
    void lagIsLookedAtOnceASecond() {
        afterFirstPoll(new long[]{100, 100, 100}, new long[]{100, 40, 100});
        reads.lagBehind(1);
        poll(1.6, 1.7, false); // 0.2 s after the last look: not looked at
        assertThat(progress.progressMicros(1)).isEqualTo((long) (1.6 * S));
        poll(2.5, 2.6, false);
        assertThat(progress.progressMicros(1)).isEqualTo((long) (1.6 * S));
    }

    @Test
    void aStarvedConsumerThatKeepsReadingIsJudgedOnlyAsFarAsItReadNeverGivenUp() {
        poll(1, 1.5, false);
        long position = 0;
        long end = 0;
        // 60 s of stalls one after the other: 10 probes a second written, 6 read; it falls ever further behind
        for (int t = 2; t <= 62; t += 2) {
            end += 20;
            position += 12;
            reads.ends(end, end, end);
            reads.positions(position, position, position);
            ConsumeProgress.Outcome outcome = poll(t, t + 2, true);
            assertThat(outcome.gaveUp()).isEmpty();
            // never past a time whose log end it has not reached
            assertThat(progress.progressMicros(0)).isLessThanOrEqualTo(timeOfEnd(position));
        }
        assertThat(progress.progressMicros(0)).isGreaterThan(20 * S); // and it did move up
        // Vigil recovers: the consumer reaches the end, and the partitions are released
        reads.positions(end, end, end);
        poll(64, 64.5, true);
        poll(65, 65.5, false);
        poll(66, 66.5, false);
        assertThat(progressOf(0, 1, 2)).containsOnly(66 * S);
    }

    /** The end read after the stall of the iteration ending at t was 10 × (t - 2); the latest reached by {@code position}. */
    private static long timeOfEnd(long position) {
        long t = position / 10 + 2;
        return (t - t % 2) * S;
    }

    @Test
    void aPartitionWithoutALeaderWhosePositionStopsMovingIsGivenUpOnAfterTheGiveUpTimeTheOthersAreNot() {
        afterFirstPoll(new long[]{100, 100, 100}, new long[]{10, 10, 10});
        poll(2, 3, true);
        reads.withoutLeader(2);
        // Polls without a stall from 3 s on: 8 s of them have passed at 11.5 s.
        for (int t = 4; t <= 10; t++) {
            reads.positions(10 + t, 10 + t, 10); // partition 2 never moves
            assertThat(poll(t, t + 0.5, false).gaveUp()).isEmpty();
        }
        assertThat(poll(11, 11.5, false).gaveUp()).containsExactly(2);
        assertThat(progress.progressMicros(2)).isEqualTo(S); // judged again from the next poll on
        poll(12, 12.5, false);
        assertThat(progressOf(0, 1, 2)).containsExactly(S, S, 12 * S);
    }

    @Test
    void aPartitionWithALeaderIsHeldWhileItsRecordsWaitTheirTurnHoweverLong() {
        afterFirstPoll(new long[]{100, 100, 100}, new long[]{10, 100, 100});
        poll(2, 3, true);
        for (int t = 4; t < 60; t++) {
            assertThat(poll(t, t + 0.5, false).gaveUp()).isEmpty(); // partition 0 does not move for 56 s of polls
        }
        assertThat(progress.progressMicros(0)).isEqualTo(S);
        reads.positions(100, 100, 100);
        poll(60, 60.5, false);
        assertThat(progress.progressMicros(0)).isEqualTo(3 * S);
        poll(61, 61.5, false);
        assertThat(progressOf(0, 1, 2)).containsOnly(61 * S);
    }

    @Test
    void timeTheConsumeThreadSpentStalledDoesNotCountTowardsGivingUp() {
        reads.withoutLeader(0, 1, 2);
        afterFirstPoll(new long[]{100, 100, 100}, new long[]{10, 10, 10});
        for (int t = 2; t < 60; t += 10) {
            assertThat(poll(t, t + 10, true).gaveUp()).isEmpty(); // nothing moves, but Vigil is the one stalled
        }
        assertThat(progressOf(0, 1, 2)).containsOnly(S);
    }

    @Test
    void aPartitionWhoseEndCannotBeReadWaitsForItAndIsGivenUpOnOnlyIfItsReadsStop() {
        poll(1, 1.5, false);
        reads.ends(100, 100, 100);
        reads.unanswered(1);
        reads.positions(100, 95, 100);
        poll(2, 3, true);
        poll(4, 4.5, false);
        poll(5, 5.5, false);
        assertThat(progressOf(0, 1, 2)).containsExactly(5 * S, S, 5 * S);

        reads.positions(100, 96, 100);
        reads.unanswered();
        poll(6, 6.5, false);
        assertThat(progress.progressMicros(1)).isEqualTo(S);
        reads.positions(100, 100, 100);
        poll(7, 7.5, false);
        poll(8, 8.5, false);
        assertThat(progressOf(0, 1, 2)).containsOnly(8 * S);
    }

    @Test
    void aStallWhileCatchingUpChasesTheNewerEndAfterTheOlderOne() {
        afterFirstPoll(new long[]{100, 0, 0}, new long[]{50, 0, 0});
        poll(2, 10, true);
        reads.ends(200, 0, 0);
        poll(11, 20, true);
        reads.ends(300, 0, 0);
        poll(21, 30, true); // replaces the end read at 20 s: at most two are chased
        reads.positions(150, 0, 0);
        poll(31, 31.5, false);
        assertThat(progress.progressMicros(0)).isEqualTo(10 * S);
        reads.positions(299, 0, 0);
        poll(32, 32.5, false);
        assertThat(progress.progressMicros(0)).isEqualTo(10 * S);
        reads.positions(300, 0, 0);
        poll(33, 33.5, false);
        assertThat(progress.progressMicros(0)).isEqualTo(30 * S);
        poll(34, 34.5, false);
        assertThat(progress.progressMicros(0)).isEqualTo(34 * S);
    }

    @Test
    void progressOfAPartitionNeverMovesBack() {
        afterFirstPoll(new long[]{10, 10, 10}, new long[]{10, 10, 10});
        long last = 0;
        for (int t = 2; t < 40; t++) {
            boolean stalled = t % 3 == 0;
            if (stalled) {
                reads.ends(10 + t, 10 + t, 10 + t);
            } else {
                reads.positions(10 + t - 1, 10 + t - 1, 10 + t - 1);
            }
            poll(t, t + (stalled ? 0.9 : 0.5), stalled);
            long now = progress.progressMicros(0);
            assertThat(now).isGreaterThanOrEqualTo(last);
            last = now;
        }
    }

    @Test
    void aPartitionAssignedAfterAStallIsNotHeld() {
        afterFirstPoll(new long[]{10, 10, 10}, new long[]{5, 5, 5});
        poll(2, 10, true);
        reads.assign(List.of(0, 1, 2, 3));
        poll(11, 11.5, false);
        assertThat(progressOf(0, 3)).containsExactly(S, 11 * S);
    }

    private ConsumeProgress.Outcome poll(double startSeconds, double endSeconds, boolean stalled) {
        return progress.polled((long) (startSeconds * S), (long) (endSeconds * S), stalled, reads);
    }

    @Test
    void aPartitionThatFetchesNothingWhileItsLogHoldsMoreIsHeldUntilItCatchesUp() {
        reads.positions(10, 10, 10);
        reads.ends(10, 12, 10);
        reads.fetchedAt(S, S / 2, S);
        assertThat(poll(1, 1.5, false).unfetched()).isEmpty();
        // At 3.5 s partition 1 has handed out nothing for 3 s (more than the 2 s bound), two probes still on the broker.
        assertThat(poll(3, 3.5, false).unfetched()).containsExactly(1);
        assertThat(progressOf(0, 1, 2)).containsExactly(3 * S, S, 3 * S);

        // Held as long as it fetches nothing, however long: it has a leader, so it is never given up on.
        for (int t = 4; t <= 30; t++) {
            assertThat(poll(t, t + 0.5, false).isEmpty()).isTrue();
        }
        assertThat(progress.progressMicros(1)).isEqualTo(S);

        reads.positions(10, 12, 10); // the fetch path is back: it reached the end read when it was held
        poll(31, 31.5, false);
        assertThat(progress.progressMicros(1)).isEqualTo((long) (3.5 * S));
        poll(32, 32.5, false);
        assertThat(progressOf(0, 1, 2)).containsOnly(32 * S);
        assertThat(progress.holding()).isFalse();
    }

    @Test
    void aSilentPartitionWhoseLogEndCannotBeReadIsHeld() {
        // A broker that hangs a fetch also hangs the log-end look-up queued behind it on the connection.
        reads.positions(10, 10, 10);
        reads.ends(10, 10, 10);
        reads.unanswered(1);
        reads.fetchedAt(S, 0, S);
        poll(1, 1.5, false);
        assertThat(poll(3, 3.5, false).unfetched()).containsExactly(1);
        poll(10, 10.5, false);
        assertThat(progress.progressMicros(1)).isEqualTo(S);

        reads.unanswered();
        poll(11, 11.5, false); // its end reads 10 at 11.5 s, and the position is there
        poll(12, 12.5, false);
        assertThat(progressOf(0, 1, 2)).containsOnly(12 * S);
    }

    @Test
    void aSilentPartitionAtItsLogEndIsNotHeld() {
        // Nothing was written (its producer fails, or nobody probes it): there is nothing to fetch.
        reads.positions(10, 10, 10);
        reads.ends(10, 10, 10);
        reads.fetchedAt(0, 0, 0);
        poll(1, 1.5, false);
        assertThat(poll(3, 3.5, false).unfetched()).isEmpty();
        assertThat(progressOf(0, 1, 2)).containsOnly(3 * S);
        assertThat(progress.holding()).isFalse();
    }

    @Test
    void aSilentPartitionWithoutALeaderIsLeftToTheOtherRules() {
        reads.positions(10, 10, 10);
        reads.ends(10, 12, 10);
        reads.unanswered(1);
        reads.withoutLeader(1);
        reads.fetchedAt(S, 0, S);
        poll(1, 1.5, false);
        assertThat(poll(3, 3.5, false).unfetched()).isEmpty();
        assertThat(progressOf(0, 1, 2)).containsOnly(3 * S);
    }

    /**
     * A first poll at 1 s that read everything; then partitions 0, 1 and 2 have the log {@code ends},
     * and the consumer the {@code positions}, that the next poll finds.
     */
    private void afterFirstPoll(long[] ends, long[] positions) {
        poll(1, 1.5, false);
        reads.ends(ends);
        reads.positions(positions);
    }

    private List<Long> progressOf(int... partitions) {
        return java.util.Arrays.stream(partitions).mapToObj(progress::progressMicros).toList();
    }

    /** Positions and log ends as the test sets them. */
    private static final class FakeReads implements ConsumeProgress.Reads {
        private List<Integer> assigned;
        private final Map<Integer, Long> positions = new HashMap<>();
        private final Map<Integer, Long> ends = new HashMap<>();
        private final Set<Integer> unanswered = new HashSet<>();
        private final Set<Integer> leaderless = new HashSet<>();
        private final Set<Integer> lagging = new HashSet<>();
        /** When each partition last handed out a record; one not set here is never silent. */
        private final Map<Integer, Long> fetchedAt = new HashMap<>();

        FakeReads(List<Integer> assigned) {
            this.assigned = assigned;
        }

        void assign(List<Integer> partitions) {
            assigned = partitions;
        }

        void positions(long... values) {
            for (int p = 0; p < values.length; p++) {
                positions.put(p, values[p]);
            }
        }

        void ends(long... values) {
            for (int p = 0; p < values.length; p++) {
                ends.put(p, values[p]);
            }
        }

        void fetchedAt(long... micros) {
            for (int p = 0; p < micros.length; p++) {
                fetchedAt.put(p, micros[p]);
            }
        }

        void lagBehind(Integer... partitions) {
            lagging.clear();
            lagging.addAll(List.of(partitions));
        }

        void withoutLeader(Integer... partitions) {
            leaderless.clear();
            leaderless.addAll(List.of(partitions));
        }

        void unanswered(Integer... partitions) {
            unanswered.clear();
            unanswered.addAll(List.of(partitions));
        }

        @Override
        public Collection<Integer> assigned() {
            return assigned;
        }

        @Override
        public long position(int partition) {
            return positions.getOrDefault(partition, -1L);
        }

        @Override
        public Collection<Integer> lagging() {
            return lagging;
        }

        @Override
        public Collection<Integer> silentSince(long sinceMicros) {
            return assigned.stream().filter(p -> fetchedAt.getOrDefault(p, Long.MAX_VALUE) < sinceMicros).toList();
        }

        @Override
        public Set<Integer> leaderless() {
            return leaderless;
        }

        @Override
        public Map<Integer, Long> logEnds(Collection<Integer> partitions) {
            Map<Integer, Long> out = new HashMap<>();
            for (int p : partitions) {
                if (!unanswered.contains(p) && ends.containsKey(p)) {
                    out.put(p, ends.get(p));
                }
            }
            return out;
        }
    }
}
