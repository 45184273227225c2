package dev.vigil.webui.dashboard;

import dev.vigil.webui.dashboard.ClusterReport.PartitionRow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The monitor topic's partitions counted, for the page's every refresh in place of one row per partition
 * (10,000 rows are about 1.3 MB of JSON). The four grid states are exclusive and add up to {@code total}:
 * {@code failing} (the latest produce probe failed), {@code consumeLate} (consume availability below 1),
 * {@code noData} (no produce verdict yet), {@code ok}. {@code noLeader} and {@code underReplicated} are
 * counted besides them. The unhealthy partitions (failing, no leader, consume late, under-replicated) go out
 * as rows, worst first ({@link #WORST_FIRST}), at most {@link #SHOWN}; {@code more} counts the rest.
 *
 * @param byLeader the same counts for each broker leading unhealthy partitions now, by broker id (a broker not
 *                 listed leads only healthy ones: 100 brokers would cost 7 KB a refresh to say so)
 */
public record PartitionSummary(int total, int ok, int failing, int consumeLate, int noData, int noLeader,
                               int underReplicated, int shown, int more, List<LeaderCounts> byLeader) {

    /** Unhealthy partitions sent as rows with each refresh. */
    public static final int SHOWN = 20;

    /**
     * Failing first (more failures in a row first, then lower produce availability), then leaderless, then
     * consume late (lower consume availability first), then under-replicated; by id within each.
     */
    static final Comparator<PartitionRow> WORST_FIRST = Comparator
            .comparingInt(PartitionSummary::severity)
            .thenComparing(p -> p.consecutiveFailures() > 0 ? -p.consecutiveFailures() : 0)
            .thenComparing(p -> p.consecutiveFailures() > 0 ? orOne(p.produceAvailability()) : 1.0)
            .thenComparing(p -> severity(p) == 2 ? orOne(p.consumeAvailability()) : 1.0)
            .thenComparingInt(PartitionRow::id);

    /** A broker's partitions as the leader it is now. */
    public record LeaderCounts(int broker, int led, int failing, int consumeLate, int underReplicated) {
    }

    public PartitionSummary {
        byLeader = List.copyOf(byLeader);
    }

    /** The unhealthy partitions of {@code all}, worst first, at most {@code limit}. */
    static List<PartitionRow> worst(List<PartitionRow> all, int limit) {
        return all.stream().filter(p -> severity(p) < HEALTHY).sorted(WORST_FIRST).limit(limit).toList();
    }

    static PartitionSummary of(List<PartitionRow> all, int shown) {
        int ok = 0;
        int failing = 0;
        int consumeLate = 0;
        int noData = 0;
        int noLeader = 0;
        int underReplicated = 0;
        int unhealthy = 0;
        Map<Integer, int[]> leaders = new TreeMap<>();
        for (PartitionRow p : all) {
            boolean fails = p.consecutiveFailures() > 0;
            boolean late = !fails && p.produceAvailability() != null && consumeLate(p);
            boolean under = underReplicated(p);
            if (fails) {
                failing++;
            } else if (p.produceAvailability() == null) {
                noData++;
            } else if (late) {
                consumeLate++;
            } else {
                ok++;
            }
            noLeader += noLeader(p) ? 1 : 0;
            underReplicated += under ? 1 : 0;
            unhealthy += severity(p) < HEALTHY ? 1 : 0;
            if (p.leader() >= 0) {
                int[] c = leaders.computeIfAbsent(p.leader(), id -> new int[4]);
                c[0]++;
                c[1] += fails ? 1 : 0;
                c[2] += late ? 1 : 0;
                c[3] += under ? 1 : 0;
            }
        }
        List<LeaderCounts> byLeader = new ArrayList<>();
        leaders.forEach((id, c) -> {
            if (c[1] + c[2] + c[3] > 0) {
                byLeader.add(new LeaderCounts(id, c[0], c[1], c[2], c[3]));
            }
        });
        return new PartitionSummary(all.size(), ok, failing, consumeLate, noData, noLeader, underReplicated, shown,
                unhealthy - shown, byLeader);
    }

    private static final int HEALTHY = 4;

    /** 0 failing, 1 no leader, 2 consume late, 3 under-replicated, {@link #HEALTHY} none of these. */
    private static int severity(PartitionRow p) {
        if (p.consecutiveFailures() > 0) {
            return 0;
        }
        if (noLeader(p)) {
            return 1;
        }
        if (consumeLate(p)) {
            return 2;
        }
        return underReplicated(p) ? 3 : HEALTHY;
    }

    /** Leaderless by the cluster state; a partition the state has not described yet (no replicas) is not. */
    private static boolean noLeader(PartitionRow p) {
        return p.leader() < 0 && !p.replicas().isEmpty();
    }

    private static boolean consumeLate(PartitionRow p) {
        return p.consumeAvailability() != null && p.consumeAvailability() < 1.0;
    }

    private static boolean underReplicated(PartitionRow p) {
        return p.isr().size() < p.replicas().size();
    }

    private static double orOne(Double ratio) {
        return ratio == null ? 1.0 : ratio;
    }
}
