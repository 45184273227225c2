package dev.vigil.core.lag;

import java.util.ArrayDeque;
import java.util.List;

/**
 * One consumer group's window over one partition: its last {@code size} commits (Burrow's
 * {@code intervals}) and the partition's last {@code size} end offsets, fed once per evaluation
 * and judged by {@link LagRules}. Confined to the evaluating thread.
 *
 * <p>The Admin API gives the committed offset but not when it was committed, so an evaluation counts
 * as a commit when the offset moved since the newest commit in the window, or when the group has
 * members (a live consumer commits as it goes, moving or not: that is what tells STALL from STOP).
 * An empty group whose offset did not move committed nothing; its window ages until the rules call it
 * STOP.
 */
public final class PartitionWindow {

    private final int size;
    private final ArrayDeque<CommitSample> commits;
    private final long[] endOffsets;
    private int ends;
    private long endOffset;

    /** @param size commits and end offsets kept, at least 2 */
    public PartitionWindow(int size) {
        if (size < 2) {
            throw new IllegalArgumentException("a window of " + size + " commits cannot be judged; use at least 2");
        }
        this.size = size;
        this.commits = new ArrayDeque<>(size);
        this.endOffsets = new long[size];
    }

    /**
     * Files one evaluation of the partition.
     *
     * @param committed  the group's committed offset now
     * @param end        the partition's end offset now
     * @param hasMembers whether the group has members now
     */
    public void observe(long committed, long end, long nowMillis, boolean hasMembers) {
        endOffsets[ends++ % size] = end;
        endOffset = end;
        CommitSample newest = commits.peekLast();
        if (newest == null || newest.offset() != committed || hasMembers) {
            if (commits.size() == size) {
                commits.removeFirst();
            }
            commits.addLast(new CommitSample(committed, nowMillis, Math.max(0, end - committed)));
        }
    }

    /** The end offset of the latest evaluation minus the newest commit, at least 0; 0 before any. */
    public long currentLag() {
        CommitSample newest = commits.peekLast();
        return newest == null ? 0 : Math.max(0, endOffset - newest.offset());
    }

    /** The newest committed offset; -1 before any. */
    public long committed() {
        CommitSample newest = commits.peekLast();
        return newest == null ? -1 : newest.offset();
    }

    /** The end offset of the latest evaluation. */
    public long endOffset() {
        return endOffset;
    }

    public LagStatus status(long nowMillis) {
        return LagRules.partition(commits(), recentEndOffsets(), currentLag(), nowMillis);
    }

    /** The commits in the window, oldest first. */
    public List<CommitSample> commits() {
        return List.copyOf(commits);
    }

    private long[] recentEndOffsets() {
        long[] recent = new long[Math.min(ends, size)];
        System.arraycopy(endOffsets, 0, recent, 0, recent.length);
        return recent;
    }
}
