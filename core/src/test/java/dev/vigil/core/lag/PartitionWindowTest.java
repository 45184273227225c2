package dev.vigil.core.lag;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionWindowTest {

    @Test
    void anEmptyGroupWhoseOffsetDidNotMoveCommittedNothing() {
        PartitionWindow w = new PartitionWindow(5);
        w.observe(100, 150, 1_000, false);
        w.observe(100, 160, 2_000, false);
        w.observe(100, 170, 3_000, false);

        assertThat(w.commits()).containsExactly(new CommitSample(100, 1_000, 50));
        assertThat(w.currentLag()).isEqualTo(70);
        // one commit, aged 2 s past a window spanning 0 s, with lag and end offsets all beyond it
        assertThat(w.status(3_000)).isEqualTo(LagStatus.STOP);
    }

    @Test
    void aGroupWithMembersCommitsEveryEvaluationAndStallsWhenItsOffsetDoesNotMove() {
        PartitionWindow w = new PartitionWindow(3);
        w.observe(100, 150, 1_000, true);
        w.observe(100, 160, 2_000, true);
        w.observe(100, 170, 3_000, true);

        assertThat(w.commits()).extracting(CommitSample::lag).containsExactly(50L, 60L, 70L);
        assertThat(w.status(3_000)).isEqualTo(LagStatus.STALL);
    }

    @Test
    void aMovedOffsetIsACommitEvenWithoutMembers() {
        PartitionWindow w = new PartitionWindow(3);
        w.observe(100, 150, 1_000, false);
        w.observe(90, 150, 2_000, false);

        assertThat(w.commits()).extracting(CommitSample::offset).containsExactly(100L, 90L);
        assertThat(w.status(2_000)).isEqualTo(LagStatus.REWIND);
    }

    @Test
    void theWindowKeepsItsSizeNewestLast() {
        PartitionWindow w = new PartitionWindow(2);
        w.observe(1, 10, 1_000, true);
        w.observe(2, 10, 2_000, true);
        w.observe(3, 10, 3_000, true);

        assertThat(w.commits()).extracting(CommitSample::offset).containsExactly(2L, 3L);
        assertThat(w.committed()).isEqualTo(3);
    }

    @Test
    void caughtUpIsOk() {
        PartitionWindow w = new PartitionWindow(3);
        w.observe(10, 10, 1_000, false);
        w.observe(10, 10, 9_000, false);

        assertThat(w.currentLag()).isZero();
        assertThat(w.status(9_000)).isEqualTo(LagStatus.OK);
    }
}
