package dev.vigil.core.lag;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupPartitionCapTest {

    @Test
    void everyGroupKeptWhenTheirPartitionsFitExactly() {
        var s = new GroupPartitionCap(12).select(Map.of("a", 4, "b", 4, "c", 4), Set.of());

        assertThat(s.kept()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(s.skipped()).isEmpty();
        assertThat(s.partitions()).isEqualTo(12);
    }

    @Test
    void newGroupsAreKeptByGroupIdUntilTheCap() {
        var s = new GroupPartitionCap(8).select(Map.of("c", 4, "a", 4, "b", 4), Set.of());

        assertThat(s.kept()).containsExactlyInAnyOrder("a", "b");
        assertThat(s.skipped()).containsExactly("c");
        assertThat(s.partitions()).isEqualTo(12);
    }

    @Test
    void groupsKeptBeforeComeFirstSoTheSetDoesNotChurn() {
        var cap = new GroupPartitionCap(8);
        var first = cap.select(Map.of("b", 4, "c", 4), Set.of());
        assertThat(first.kept()).containsExactlyInAnyOrder("b", "c");

        // "a" appears, and would come first by id: the groups already evaluated keep their place.
        var second = cap.select(Map.of("a", 4, "b", 4, "c", 4), first.kept());
        assertThat(second.kept()).containsExactlyInAnyOrder("b", "c");
        assertThat(second.skipped()).containsExactly("a");

        var third = cap.select(Map.of("a", 4, "b", 4, "c", 4), second.kept());
        assertThat(third).isEqualTo(second);
    }

    @Test
    void groupLeavingMakesRoomForTheFirstSkippedById() {
        var cap = new GroupPartitionCap(8);
        var s = cap.select(Map.of("a", 4, "d", 4, "c", 4), Set.of("b", "c"));

        assertThat(s.kept()).containsExactlyInAnyOrder("c", "a");
        assertThat(s.skipped()).containsExactly("d");
    }

    @Test
    void groupLargerThanTheWholeCapIsSkippedAndSmallerOnesStillFit() {
        var s = new GroupPartitionCap(8).select(Map.of("a", 9, "b", 3, "c", 5, "d", 1), Set.of());

        assertThat(s.kept()).containsExactlyInAnyOrder("b", "c");
        assertThat(s.skipped()).containsExactly("a", "d");
        assertThat(s.partitions()).isEqualTo(18);
    }

    @Test
    void groupKeptBeforeThatGrewBeyondWhatIsLeftIsSkipped() {
        var s = new GroupPartitionCap(8).select(Map.of("a", 4, "b", 6), Set.of("a", "b"));

        assertThat(s.kept()).containsExactly("a");
        assertThat(s.skipped()).containsExactly("b");
    }

    @Test
    void groupWithNoCommittedPartitionCostsNothing() {
        var s = new GroupPartitionCap(4).select(Map.of("a", 4, "empty", 0), Set.of());

        assertThat(s.kept()).containsExactlyInAnyOrder("a", "empty");
        assertThat(s.skipped()).isEmpty();
    }

    @Test
    void capBelowOneIsRefused() {
        assertThatThrownBy(() -> new GroupPartitionCap(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
