package dev.vigil.webui.dashboard;

import dev.vigil.core.lag.GroupLag;
import dev.vigil.core.lag.LagSnapshot;
import dev.vigil.core.lag.LagStatus;
import dev.vigil.core.lag.PartitionLag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class GroupLagHistoryTest {

    @Test
    void eachEvaluationIsOnePointOfEveryGroupInRecordsAndSeconds() {
        GroupLagHistory history = new GroupLagHistory(100, 60_000);
        history.add(LagSnapshot.NONE); // no evaluation yet: nothing
        history.add(snapshot(1_000, group("a", LagStatus.OK, 0, 0.0), group("b", LagStatus.WARN, 40, Double.NaN)));
        history.add(snapshot(1_000, group("a", LagStatus.OK, 5, 0.0))); // the same evaluation seen again
        history.add(snapshot(3_000, group("a", LagStatus.OK, 2, 1_500_000.0), group("b", LagStatus.WARN, 60, 4e6)));

        Series a = history.series("a").orElseThrow();
        assertThat(a.t()).containsExactly(1_000L, 3_000L);
        assertThat(a.values().get("lagRecords")).containsExactly(0.0, 2.0);
        assertThat(a.values().get("lagSeconds")).containsExactly(0.0, 1.5);
        Series b = history.series("b").orElseThrow();
        assertThat(b.values().get("lagRecords")).containsExactly(40.0, 60.0);
        assertThat(b.values().get("lagSeconds")).containsExactly(null, 4.0);
        assertThat(history.series("c")).isEmpty();
    }

    @Test
    void itKeepsItsCapacityOfNewestPointsInOrderAsItGrows() {
        GroupLagHistory history = new GroupLagHistory(40, 1_000_000);
        for (long i = 1; i <= 50; i++) {
            history.add(snapshot(i * 1_000, group("a", LagStatus.OK, i, 0.0)));
        }
        Series a = history.series("a").orElseThrow();
        assertThat(a.t()).containsExactlyElementsOf(LongStream.rangeClosed(11, 50).map(i -> i * 1_000).boxed().toList());
        assertThat(a.values().get("lagRecords")).containsExactlyElementsOf(
                LongStream.rangeClosed(11, 50).mapToObj(i -> (double) i).toList());
    }

    @Test
    void pointsOlderThanItKeepsAreDropped() {
        GroupLagHistory history = new GroupLagHistory(100, 10_000);
        for (long at : new long[]{1_000, 2_000, 9_000, 12_000, 15_000}) {
            history.add(snapshot(at, group("a", LagStatus.OK, at, 0.0)));
        }
        // 15 s less 10 s: the points of 1 s and 2 s are too old.
        assertThat(history.series("a").orElseThrow().t()).containsExactly(9_000L, 12_000L, 15_000L);
    }

    @Test
    void aGroupGoneFromTheEvaluationIsGoneFromTheHistory() {
        GroupLagHistory history = new GroupLagHistory(100, 60_000);
        history.add(snapshot(1_000, group("a", LagStatus.OK, 0, 0.0), group("b", LagStatus.STOP, 3, 1e6)));
        history.add(snapshot(2_000, group("a", LagStatus.OK, 0, 0.0)));
        assertThat(history.series("b")).isEmpty();
        assertThat(history.groups()).isEqualTo(1);
    }

    @Test
    void atMostItsBoundOfGroupsAreChartedTheWorstFirst() {
        GroupLag[] groups = new GroupLag[GroupLagHistory.MAX_GROUPS + 1];
        for (int i = 0; i < GroupLagHistory.MAX_GROUPS; i++) {
            groups[i] = group(String.format("ok-%03d", i), LagStatus.OK, 0, 0.0);
        }
        groups[GroupLagHistory.MAX_GROUPS] = group("zz-stopped", LagStatus.STOP, 9, 1e6);
        GroupLagHistory history = new GroupLagHistory(100, 60_000);
        history.add(snapshot(1_000, groups));

        assertThat(history.groups()).isEqualTo(GroupLagHistory.MAX_GROUPS);
        assertThat(history.series("zz-stopped")).isPresent();
        assertThat(history.series("ok-000")).isPresent();
        // Equal but for the name: the last name is the one left out.
        assertThat(history.series(String.format("ok-%03d", GroupLagHistory.MAX_GROUPS - 1))).isEmpty();
    }

    static GroupLag group(String name, LagStatus status, long lagRecords, double lagMicros) {
        return new GroupLag(name, status, "Empty", 0, lagRecords, lagMicros,
                List.of(new PartitionLag("t", 0, 0, lagRecords, lagRecords, status, lagMicros, List.of())));
    }

    static LagSnapshot snapshot(long atMillis, GroupLag... groups) {
        Map<String, GroupLag> byName = new HashMap<>();
        Arrays.stream(groups).forEach(g -> byName.put(g.group(), g));
        return new LagSnapshot(atMillis, byName, 0, 0, 0);
    }
}
