package dev.vigil.services.probe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One partition's read progress and how outages move it back, on a fake timeline (seconds, grace
 * 6 s). The rule: a probe sent at s is judged once s + grace is at most the progress, which must
 * mean it has had a full grace with the partition answering.
 */
class ReadProgressTest {

    private static final long S = 1_000_000;
    private static final long GRACE = 6 * S;

    private final ReadProgress progress = new ReadProgress(0, GRACE);

    @Test
    void progressIsTheLatestTimeEverythingHeldThenWasRead() {
        progress.readUpTo(10 * S);
        progress.readUpTo(8 * S); // ends looked up earlier, reached later: no step back

        assertThat(progress.progress()).isEqualTo(10 * S);
    }

    @Test
    void successfulLookupsWithoutAFailureNeverHoldProgress() {
        progress.readUpTo(10 * S);
        progress.lookupSucceeded(11 * S);
        progress.readUpTo(11 * S);

        assertThat(progress.progress()).isEqualTo(11 * S);
    }

    @Test
    void duringAnOutageProgressStaysAtThePartitionsLastAnswer() {
        progress.readUpTo(10 * S);
        progress.lookupFailed();
        progress.lookupFailed();

        assertThat(progress.progress()).isEqualTo(10 * S);
    }

    @Test
    void probesOfAnOutageLongerThanTheGraceWaitAGraceAfterThePartitionAnswersAgain() {
        progress.readUpTo(10 * S);
        downUntil(30 * S); // down from 10 s to 30 s

        // Its log end, reached at once, before the replicator copied the backlog: probes sent up to
        // 5 s are judged (5 s before the outage and 1 s after it), none of the outage's.
        assertThat(progressAfterReadingUpTo(31 * S)).isEqualTo(11 * S);
        assertThat(progressAfterReadingUpTo(36 * S - 1)).isEqualTo(16 * S - 1);

        progress.readUpTo(36 * S); // a grace after the return: every probe sent before it is due
        assertThat(progress.progress()).isEqualTo(36 * S);
    }

    @Test
    void aBriefBlipDelaysVerdictsByItsLengthOnly() {
        progress.readUpTo(100 * S);
        downUntil(101 * S);

        assertThat(progressAfterReadingUpTo(102 * S)).isEqualTo(101 * S);
        assertThat(progressAfterReadingUpTo(107 * S)).isEqualTo(107 * S);
    }

    @Test
    void outagesWithinOneGraceAddUp() {
        progress.readUpTo(10 * S);
        downUntil(12 * S); // 2 s down
        progress.readUpTo(13 * S);
        downUntil(16 * S); // 3 s down

        // A probe sent at 6 s had 4 + 1 + 1 s with the partition answering by 17 s: exactly a grace.
        assertThat(progressAfterReadingUpTo(17 * S)).isEqualTo(12 * S);
        // From 21 s the first outage no longer matters (a probe sent at 12 s: 1 + 5 s); the second still does.
        assertThat(progressAfterReadingUpTo(21 * S)).isEqualTo(18 * S);
        assertThat(progressAfterReadingUpTo(22 * S)).isEqualTo(22 * S);
    }

    @Test
    void progressNeverGoesBackOnceShown() {
        assertThat(progressAfterReadingUpTo(10 * S)).isEqualTo(10 * S);
        downUntil(15 * S);

        assertThat(progress.progress()).isEqualTo(10 * S); // not 10 - 5: verdicts given are not taken back
    }

    @Test
    void copyStartsAtTheProgressShownAndKeepsTheOutage() {
        progress.readUpTo(10 * S);
        progress.lookupFailed();

        ReadProgress copy = progress.copy();
        assertThat(copy.progress()).isEqualTo(10 * S);
        copy.lookupSucceeded(30 * S);
        copy.readUpTo(31 * S);
        assertThat(copy.progress()).isEqualTo(11 * S);
        copy.readUpTo(36 * S);
        assertThat(copy.progress()).isEqualTo(36 * S);
        assertThat(progress.progress()).isEqualTo(10 * S); // the original is still down
    }

    /** The partition's lookups fail from now until it answers at {@code answeredMicros}. */
    private void downUntil(long answeredMicros) {
        progress.lookupFailed();
        progress.lookupSucceeded(answeredMicros);
    }

    private long progressAfterReadingUpTo(long micros) {
        progress.readUpTo(micros);
        return progress.progress();
    }
}
