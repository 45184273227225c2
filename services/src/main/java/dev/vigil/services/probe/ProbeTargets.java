package dev.vigil.services.probe;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.IntStream;

/**
 * Which partitions the produce probe sends to, as the topic grows under a running session.
 *
 * <p>The partitions that existed when the session started are probed from the first round (the
 * consume probe finds this session's first probe by timestamp, whenever it gets assigned). A
 * partition added later is probed only once the consume probe has been assigned it and positioned
 * at its beginning: otherwise a probe sent before the assignment could be read from the wrong
 * offset, or not at all, and count as lost.
 *
 * <p>Written by the cluster monitor ({@link #observed}, from the Admin API, which sees new
 * partitions at once, long before a client's metadata refresh) and by the consume thread
 * ({@link #positioned}); read by the produce thread. Thread-safe.
 */
public final class ProbeTargets {

    private final Set<Integer> initial;
    private final ConcurrentSkipListSet<Integer> existing = new ConcurrentSkipListSet<>();
    private final ConcurrentSkipListSet<Integer> probed = new ConcurrentSkipListSet<>();
    private volatile Map<Integer, Integer> leaders = Map.of();

    public ProbeTargets(int initialPartitions) {
        this.initial = Set.copyOf(IntStream.range(0, initialPartitions).boxed().toList());
        existing.addAll(initial);
        probed.addAll(initial);
    }

    /** The topic now has partitions {@code 0..partitionCount-1} with these leaders (-1 when offline). */
    public void observed(int partitionCount, Map<Integer, Integer> leadersByPartition) {
        IntStream.range(0, partitionCount).forEach(existing::add);
        leaders = Map.copyOf(leadersByPartition);
    }

    /** Partitions known to exist, ascending. */
    public Set<Integer> existing() {
        return java.util.Collections.unmodifiableSet(existing);
    }

    /** Whether the partition was added after the session started (so is read from its beginning). */
    public boolean addedDuringSession(int partition) {
        return !initial.contains(partition);
    }

    /** The consume probe is assigned these partitions and positioned before anything this session sends. */
    public void positioned(Collection<Integer> partitions) {
        probed.addAll(partitions);
    }

    /** The partitions to send probes to, ascending. */
    public List<Integer> probed() {
        return List.copyOf(probed);
    }

    /** The leader the Admin API last reported, or -1; for a partition the producer has no metadata for yet. */
    public int lastKnownLeader(int partition) {
        return leaders.getOrDefault(partition, -1);
    }
}
