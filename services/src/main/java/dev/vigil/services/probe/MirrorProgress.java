package dev.vigil.services.probe;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Up to when each source partition's mirror verdicts may be given: how far the mirror consumer has
 * read each partition of the mirrored topic in the target ({@link ReadProgress}, moved back after
 * an outage), and which of those partitions each source partition's probes land in.
 *
 * <p>A source partition is gated by the least progress among the target partitions its probes were
 * seen in, so a target partition that cannot be read (no leader) holds back only the source
 * partitions that write into it. Where a source partition's probes land is learned from the probes
 * read, not from the numbers: MirrorMaker 2 keeps partition numbers, another replicator need not. A
 * source partition none of whose probes was seen yet is gated by the least progress of all target
 * partitions, so a probe waiting in a partition that cannot be read is never counted lost. (Were a
 * source partition's probes later copied into a target partition they never went to before, that
 * partition would gate it only from its first probe read there.)
 *
 * <p>Fed by the mirror consumer thread, read by the verdict timer; every method holds the monitor
 * for a few map operations.
 */
public final class MirrorProgress {

    /** The topic as a whole while the target has no partition of it (it is absent, or not looked up yet). */
    private final ReadProgress topic;
    private final Map<Integer, ReadProgress> partitions = new HashMap<>();
    /** Source partition → the target partitions its probes were read in. */
    private final Map<Integer, Set<Integer>> landsIn = new HashMap<>();

    /**
     * @param startMicros where progress starts: verdicts wait for a first look at the target
     * @param graceMicros the mirror loss grace, which after an outage each probe must have had with the target answering
     */
    public MirrorProgress(long startMicros, long graceMicros) {
        this.topic = new ReadProgress(startMicros, graceMicros);
    }

    /**
     * A partition of the mirrored topic the target lists. Until read, it counts as read as far as the
     * topic as a whole (the start, or when the target last said it has no such topic), outages included.
     */
    public synchronized void found(int partition) {
        partition(partition);
    }

    /** Everything {@code partition} held at {@code asOfMicros} has been read. */
    public synchronized void readUpTo(int partition, long asOfMicros) {
        partition(partition).readUpTo(asOfMicros);
    }

    /** The target answered at {@code asOfMicros} that it has no such topic: nothing of it is unread. */
    public synchronized void topicAbsent(long asOfMicros) {
        topic.readUpTo(asOfMicros);
        partitions.values().forEach(p -> p.readUpTo(asOfMicros));
    }

    /** A look-up of {@code partition}'s offsets failed (no leader, or the target is down). */
    public synchronized void lookupFailed(int partition) {
        partition(partition).lookupFailed();
    }

    /** A look-up of {@code partition}'s offsets answered at {@code atMicros}. */
    public synchronized void lookupSucceeded(int partition, long atMicros) {
        partition(partition).lookupSucceeded(atMicros);
    }

    /** The target as a whole did not answer (metadata, or a poll failed): no partition counts as looked up. */
    public synchronized void targetFailed() {
        topic.lookupFailed();
        partitions.values().forEach(ReadProgress::lookupFailed);
    }

    /** The target's metadata answered at {@code atMicros}; each partition's own look-ups end its outage. */
    public synchronized void targetAnswered(long atMicros) {
        topic.lookupSucceeded(atMicros);
    }

    /** A probe of {@code sourcePartition} was read in {@code partition} of the mirrored topic. */
    public synchronized void arrived(int sourcePartition, int partition) {
        landsIn.computeIfAbsent(sourcePartition, s -> new HashSet<>(2)).add(partition);
    }

    /** Up to when {@code sourcePartition}'s mirror verdicts may be given. */
    public synchronized long forSource(int sourcePartition) {
        Set<Integer> targets = landsIn.get(sourcePartition);
        if (targets == null) {
            return minimum();
        }
        long least = Long.MAX_VALUE;
        for (int target : targets) {
            ReadProgress p = partitions.get(target);
            if (p == null) { // read before its metadata was seen: no progress of its own yet
                return minimum();
            }
            least = Math.min(least, p.progress());
        }
        return least;
    }

    /** The least progress of all partitions: every source partition's verdicts may be given up to here. */
    public synchronized long minimum() {
        return leastRead().progress();
    }

    private ReadProgress partition(int partition) {
        return partitions.computeIfAbsent(partition, p -> topic.copy());
    }

    private ReadProgress leastRead() {
        ReadProgress least = topic;
        for (ReadProgress p : partitions.values()) {
            if (least == topic || p.progress() < least.progress()) {
                least = p;
            }
        }
        return least;
    }
}
