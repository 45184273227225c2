package dev.vigil.services.probe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One partition's read progress and its hold after an outage, on a fake timeline (seconds, grace 6 s). */
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
    void failedLookupHoldsProgressWhereItWas() {
        progress.readUpTo(10 * S);
        progress.lookupFailed();
        progress.readUpTo(12 * S); // ends looked up before the failure, reached since

        assertThat(progress.progress()).isEqualTo(10 * S);
    }

    @Test
    void afterThePartitionAnswersAgainProgressWaitsUntilEverythingItHeldAGraceLaterIsRead() {
        progress.readUpTo(10 * S);
        progress.lookupFailed();
        progress.lookupSucceeded(30 * S); // back after 20 s, more than a grace

        progress.readUpTo(31 * S); // its log end, reached before the replicator copied the outage's backlog
        assertThat(progress.progress()).isEqualTo(10 * S);
        progress.readUpTo(36 * S - 1);
        assertThat(progress.progress()).isEqualTo(10 * S);

        progress.readUpTo(36 * S); // everything it held a grace after it returned: a probe still missing is lost
        assertThat(progress.progress()).isEqualTo(36 * S);
    }

    @Test
    void failureDuringTheHoldStartsItAgainFromTheNextSuccess() {
        progress.readUpTo(10 * S);
        progress.lookupFailed();
        progress.lookupSucceeded(30 * S);
        progress.readUpTo(32 * S);
        progress.lookupFailed(); // down again at 33 s
        progress.readUpTo(36 * S);
        assertThat(progress.progress()).isEqualTo(10 * S);

        progress.lookupSucceeded(40 * S);
        progress.readUpTo(45 * S);
        assertThat(progress.progress()).isEqualTo(10 * S);
        progress.readUpTo(46 * S);
        assertThat(progress.progress()).isEqualTo(46 * S);
    }

    @Test
    void copyStartsAtTheProgressShownAndKeepsTheHold() {
        progress.readUpTo(10 * S);
        progress.lookupFailed();
        progress.readUpTo(20 * S);

        ReadProgress copy = progress.copy();
        assertThat(copy.progress()).isEqualTo(10 * S);
        copy.lookupSucceeded(30 * S);
        copy.readUpTo(35 * S);
        assertThat(copy.progress()).isEqualTo(10 * S);
        copy.readUpTo(36 * S);
        assertThat(copy.progress()).isEqualTo(36 * S);
        assertThat(progress.progress()).isEqualTo(10 * S); // the original is still failing
    }
}
