package dev.vigil.services.probe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Per target partition progress and which of it gates each source partition, on a fake timeline (grace 6 s). */
class MirrorProgressTest {

    private static final long S = 1_000_000;
    private static final long GRACE = 6 * S;

    private final MirrorProgress progress = new MirrorProgress(1 * S, GRACE);

    @Test
    void beforeTheTargetWasLookedAtEverySourcePartitionWaitsAtTheStart() {
        assertThat(progress.minimum()).isEqualTo(1 * S);
        assertThat(progress.forSource(0)).isEqualTo(1 * S);
    }

    @Test
    void absentTopicIsReadToItsEmptyEnd() {
        progress.topicAbsent(5 * S);

        assertThat(progress.forSource(0)).isEqualTo(5 * S);
        assertThat(progress.minimum()).isEqualTo(5 * S);
    }

    @Test
    void sourcePartitionIsGatedByTheTargetPartitionsItsProbesArriveInWhateverTheirNumbers() {
        foundBoth();
        progress.arrived(0, 1); // a replicator that does not keep partition numbers
        progress.arrived(1, 0);
        readBothUpTo(50 * S, 40 * S);

        assertThat(progress.forSource(0)).isEqualTo(40 * S);
        assertThat(progress.forSource(1)).isEqualTo(50 * S);
    }

    @Test
    void sourcePartitionCopiedIntoSeveralTargetPartitionsWaitsForTheLeastRead() {
        foundBoth();
        progress.arrived(0, 0);
        progress.arrived(0, 1);
        readBothUpTo(50 * S, 40 * S);

        assertThat(progress.forSource(0)).isEqualTo(40 * S);
    }

    @Test
    void sourcePartitionNotSeenYetWaitsForTheLeastReadTargetPartition() {
        foundBoth();
        progress.arrived(0, 0);
        readBothUpTo(50 * S, 40 * S);

        assertThat(progress.forSource(7)).isEqualTo(40 * S);
        assertThat(progress.minimum()).isEqualTo(40 * S);
    }

    @Test
    void partitionWithoutLeaderHoldsBackOnlyTheSourcePartitionsCopiedIntoIt() {
        sourcesArriveInTheirOwnNumbers();
        readBothUpTo(10 * S, 10 * S);

        progress.lookupFailed(1);
        progress.readUpTo(0, 30 * S);

        assertThat(progress.forSource(0)).isEqualTo(30 * S);
        assertThat(progress.forSource(1)).isEqualTo(10 * S);
        assertThat(progress.forSource(2)).isEqualTo(10 * S); // not seen yet: its probes may be waiting there
        assertThat(progress.minimum()).isEqualTo(10 * S);

        progress.lookupSucceeded(1, 40 * S); // back after 30 s: its backlog gets a grace
        progress.readUpTo(1, 45 * S);
        assertThat(progress.forSource(1)).isEqualTo(15 * S); // 45 s less the 30 s it was down
        progress.readUpTo(1, 46 * S);
        assertThat(progress.forSource(1)).isEqualTo(46 * S);
    }

    @Test
    void unreachableTargetHoldsEveryPartitionBackByItsOutageUntilAGraceAfterItAnswered() {
        foundBoth();
        sourcesArriveInTheirOwnNumbers();
        readBothUpTo(10 * S, 10 * S);

        progress.targetFailed();
        progress.targetAnswered(30 * S);
        progress.lookupSucceeded(0, 30 * S);
        progress.lookupSucceeded(1, 31 * S);
        readBothUpTo(31 * S, 31 * S);
        assertThat(progress.minimum()).isEqualTo(10 * S);

        readBothUpTo(36 * S, 36 * S);
        assertThat(progress.forSource(0)).isEqualTo(36 * S);
        assertThat(progress.minimum()).isEqualTo(15 * S); // partition 1 answered a second later: 36 s less 21 s

        progress.readUpTo(1, 37 * S);
        assertThat(progress.minimum()).isEqualTo(36 * S);
    }

    @Test
    void partitionsFoundAfterTheTargetReturnedInheritItsOutage() {
        progress.targetFailed(); // down from the start
        progress.targetAnswered(30 * S);
        progress.found(0);
        progress.lookupSucceeded(0, 30 * S);

        progress.readUpTo(0, 31 * S);
        assertThat(progress.forSource(0)).isEqualTo(2 * S); // 31 s less the 29 s the target was down
        progress.readUpTo(0, 36 * S);
        assertThat(progress.forSource(0)).isEqualTo(36 * S);
    }

    @Test
    void partitionFoundLaterCountsAsNotReadYet() {
        progress.found(0);
        progress.readUpTo(0, 50 * S);

        progress.found(1); // the replicator may copy old probes into it: nothing of it is read
        assertThat(progress.minimum()).isEqualTo(1 * S);
        progress.readUpTo(1, 60 * S);
        assertThat(progress.minimum()).isEqualTo(50 * S);
    }

    private void foundBoth() {
        progress.found(0);
        progress.found(1);
    }

    /** Source partitions 0 and 1 are copied into the target partitions of the same numbers. */
    private void sourcesArriveInTheirOwnNumbers() {
        progress.arrived(0, 0);
        progress.arrived(1, 1);
    }

    /** Target partitions 0 and 1 read up to these times. */
    private void readBothUpTo(long partition0Micros, long partition1Micros) {
        progress.readUpTo(0, partition0Micros);
        progress.readUpTo(1, partition1Micros);
    }
}
