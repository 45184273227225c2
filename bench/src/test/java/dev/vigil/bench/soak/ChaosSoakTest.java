package dev.vigil.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Ten minutes of the chaos soak ({@link ChaosSoak}): Vigil's loss and duplicate counts equal the ground truth
 * exactly, with a real loss among them (the soak's first fault is an unclean leader election, which destroys
 * acked probes), every outage opened an episode, the cluster came back after every fault, and Vigil's live heap
 * stayed flat ({@link SoakReport#heapFlat}).
 * In the {@code slow} group: {@code mvn -B -pl bench -am test -Dvigil.test.excludedGroups= -Dgroups=slow
 * -Dtest=ChaosSoakTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("slow")
class ChaosSoakTest {

    @Test
    void tenMinutesOfRandomFaultsLeaveVigilsCountsEqualToTheTruth() throws Exception {
        long seed = Long.getLong("vigil.soak.seed", System.currentTimeMillis());
        SoakReport report = ChaosSoak.run(Duration.ofMinutes(10), seed);
        System.out.println("seed " + seed + "\n" + report.markdown());

        assertThat(report.faults().values().stream().mapToInt(Integer::intValue).sum()).as("faults injected")
                .isGreaterThanOrEqualTo(5);
        assertThat(report.faults()).as("faults injected").containsKey(Fault.UNCLEAN_ELECTION);
        assertThat(report.acked()).as("acked probes").isGreaterThan(1_000);
        assertThat(report.lostUnread().truth()).as("acked probes the unclean election destroyed unread, by the truth")
                .isGreaterThan(0);
        assertThat(report.lostAfterRead().truth()).as("acked probes it destroyed after they were read, by the truth")
                .isGreaterThan(0);
        assertThat(report.lostUnread().vigil()).as("lost unread, against the truth").isEqualTo(report.lostUnread().truth());
        assertThat(report.lostAfterRead().vigil()).as("lost after read, against the truth")
                .isEqualTo(report.lostAfterRead().truth());
        assertThat(report.duplicates().vigil()).as("duplicates, against the truth").isEqualTo(report.duplicates().truth());
        assertThat(report.problems()).as("seed %d", seed).isEmpty();
    }
}
