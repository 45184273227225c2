package dev.vigil.core.lag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of the groups an evaluation found it keeps within {@code lag.max.group.partitions}: the windows
 * and record stamps of a group partition are the heap lag evaluation takes, so their number is bounded
 * whatever {@code consumer.groups.include} matches.
 *
 * <p>The groups kept by the previous evaluation come first, then the others, each part by group id, and each
 * group is kept when its partitions still fit: the kept set does not churn from round to round (a group that
 * fitted keeps its window), and a group larger than the whole cap is never kept.
 */
public final class GroupPartitionCap {

    private final int maxGroupPartitions;

    public GroupPartitionCap(int maxGroupPartitions) {
        if (maxGroupPartitions < 1) {
            throw new IllegalArgumentException("maxGroupPartitions " + maxGroupPartitions + " < 1");
        }
        this.maxGroupPartitions = maxGroupPartitions;
    }

    /**
     * @param kept          the groups the evaluation kept: the ones evaluated, with their partitions
     * @param skipped       the groups not evaluated for the cap, in group id order
     * @param partitions    the group partitions of every group offered, kept or not
     */
    public record Selection(Set<String> kept, List<String> skipped, long partitions) {
        public Selection {
            kept = Set.copyOf(kept);
            skipped = List.copyOf(skipped);
        }
    }

    /** The order groups are offered in: those kept by the previous evaluation first, then the others, each by id. */
    public static List<String> order(Collection<String> groups, Set<String> keptBefore) {
        List<String> order = new ArrayList<>(groups);
        order.sort(Comparator.comparing((String id) -> !keptBefore.contains(id)).thenComparing(Comparator.naturalOrder()));
        return order;
    }

    /** One evaluation's choice, fed group by group in {@link #order}, so that a caller need not hold every group at once. */
    public Round round() {
        return new Round();
    }

    /** Confined to the evaluating thread. */
    public final class Round {
        private final Set<String> kept = new TreeSet<>();
        private final Set<String> skipped = new TreeSet<>();
        private long taken;
        private long all;

        private Round() {
        }

        /** Whether the group is kept: when its partitions fit beside those kept so far. */
        public boolean offer(String group, int partitions) {
            all += partitions;
            if (taken + partitions <= maxGroupPartitions) {
                kept.add(group);
                taken += partitions;
                return true;
            }
            skipped.add(group);
            return false;
        }

        public Selection selection() {
            return new Selection(kept, new ArrayList<>(skipped), all);
        }
    }

    /**
     * @param partitionsByGroup each group found by the evaluation, with the number of partitions it committed to
     * @param keptBefore        the groups the previous evaluation kept
     */
    public Selection select(Map<String, Integer> partitionsByGroup, Set<String> keptBefore) {
        Round round = round();
        for (String id : order(partitionsByGroup.keySet(), keptBefore)) {
            round.offer(id, partitionsByGroup.get(id));
        }
        return round.selection();
    }
}
