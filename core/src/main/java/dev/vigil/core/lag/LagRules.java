package dev.vigil.core.lag;

import java.util.List;

/**
 * Burrow's "Consumer Lag Evaluation Rules" (github.com/linkedin/Burrow, wiki page of that name, and its
 * evaluator's {@code calculatePartitionStatus}), as pure functions of a partition's window of commits:
 * no thresholds, only how the committed offset and its lag moved over the window. In the order Burrow
 * applies them, the first that holds decides:
 *
 * <ol>
 *   <li>a partition with no lag now is {@link LagStatus#OK};</li>
 *   <li>{@link LagStatus#STOP} when the time since the newest commit is longer than the window spans (newest
 *       minus oldest commit), unless one of the recent end offsets was at or below the newest commit (the
 *       consumer was caught up a moment ago and new data just arrived);</li>
 *   <li>a window in which the lag was zero at some commit is {@link LagStatus#OK};</li>
 *   <li>{@link LagStatus#REWIND} when a commit is below the one before it;</li>
 *   <li>{@link LagStatus#STALL} when every commit in the window is the same offset;</li>
 *   <li>{@link LagStatus#WARN} when the lag never decreased from one commit to the next;</li>
 *   <li>else {@link LagStatus#OK}.</li>
 * </ol>
 */
public final class LagRules {

    private LagRules() {
    }

    /**
     * @param commits          the window, oldest first; empty reads {@link LagStatus#OK} (nothing to judge)
     * @param recentEndOffsets the partition's end offsets of the last evaluations (Burrow's broker offsets), any order
     * @param currentLag       the end offset now minus the newest committed offset
     * @param nowMillis        now, on the clock of the commits' times
     */
    public static LagStatus partition(List<CommitSample> commits, long[] recentEndOffsets, long currentLag,
                                      long nowMillis) {
        if (commits.isEmpty() || currentLag <= 0) {
            return LagStatus.OK;
        }
        if (stopped(commits, nowMillis) && !recentlyCaughtUp(commits, recentEndOffsets)) {
            return LagStatus.STOP;
        }
        if (!lagAlwaysNonZero(commits)) {
            return LagStatus.OK;
        }
        if (rewound(commits)) {
            return LagStatus.REWIND;
        }
        if (stalled(commits)) {
            return LagStatus.STALL;
        }
        return lagNeverDecreased(commits) ? LagStatus.WARN : LagStatus.OK;
    }

    /** Burrow's group status, uncapped: the worst of its partitions'; {@link LagStatus#NOTFOUND} for none. */
    public static LagStatus group(Iterable<LagStatus> partitions) {
        LagStatus worst = LagStatus.NOTFOUND;
        for (LagStatus s : partitions) {
            worst = worst.worst(s);
        }
        return worst;
    }

    static boolean lagAlwaysNonZero(List<CommitSample> commits) {
        return commits.stream().noneMatch(c -> c.lag() == 0);
    }

    static boolean rewound(List<CommitSample> commits) {
        for (int i = 1; i < commits.size(); i++) {
            if (commits.get(i).offset() < commits.get(i - 1).offset()) {
                return true;
            }
        }
        return false;
    }

    static boolean stopped(List<CommitSample> commits, long nowMillis) {
        long first = commits.get(0).atMillis();
        long last = commits.get(commits.size() - 1).atMillis();
        return nowMillis - last > last - first;
    }

    static boolean stalled(List<CommitSample> commits) {
        long offset = commits.get(0).offset();
        return commits.stream().allMatch(c -> c.offset() == offset);
    }

    static boolean lagNeverDecreased(List<CommitSample> commits) {
        for (int i = 1; i < commits.size(); i++) {
            if (commits.get(i).lag() < commits.get(i - 1).lag()) {
                return false;
            }
        }
        return true;
    }

    static boolean recentlyCaughtUp(List<CommitSample> commits, long[] recentEndOffsets) {
        long newest = commits.get(commits.size() - 1).offset();
        for (long end : recentEndOffsets) {
            if (end <= newest) {
                return true;
            }
        }
        return false;
    }
}
