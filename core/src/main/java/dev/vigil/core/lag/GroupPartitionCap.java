package dev.vigil.core.lag;

import java.util.ArrayList;
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

    /**
     * @param partitionsByGroup each group found by the evaluation, with the number of partitions it committed to
     * @param keptBefore        the groups the previous evaluation kept
     */
    public Selection select(Map<String, Integer> partitionsByGroup, Set<String> keptBefore) {
        List<String> order = new ArrayList<>(partitionsByGroup.keySet());
        order.sort(Comparator.comparing((String id) -> !keptBefore.contains(id)).thenComparing(Comparator.naturalOrder()));
        Set<String> kept = new TreeSet<>();
        Set<String> skipped = new TreeSet<>();
        long taken = 0;
        long all = 0;
        for (String id : order) {
            int size = partitionsByGroup.get(id);
            all += size;
            if (taken + size <= maxGroupPartitions) {
                kept.add(id);
                taken += size;
            } else {
                skipped.add(id);
            }
        }
        return new Selection(kept, new ArrayList<>(skipped), all);
    }
}
