package dev.vigil.webui.dashboard;

import dev.vigil.core.lag.GroupLag;
import dev.vigil.core.lag.LagSnapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The answer to {@code GET /api/v1/clusters/{name}/groups/lag}, the dashboard's consumer-group panel: the groups of
 * the latest lag evaluation worst first, at most {@link #ROWS}, each with Burrow's status, its lag in records and
 * seconds, and its lag over the last minutes from the {@link GroupLagHistory}. A cluster that evaluates no group
 * answers {@code evaluated} false and nothing else, so the page can ask every refresh and hide the panel.
 *
 * @param evaluatedAtMs when the evaluation ran, epoch ms; 0 before the first
 * @param groups        groups evaluated, shown or not
 * @param denied        groups skipped because Vigil may not describe them
 * @param skipped       groups not evaluated, as their partitions would exceed {@code lag.max.group.partitions}
 */
public record LagPanel(String cluster, boolean evaluated, long evaluatedAtMs, int groups, int denied, int skipped,
                       List<Row> rows) {

    /** Rows shown: the page draws a chart per row. */
    static final int ROWS = 50;

    /**
     * Burrow's worse statuses first (they have the higher numbers), then the older oldest unconsumed record (a
     * group whose seconds were not read after those that were), the more records behind, the name.
     */
    static final Comparator<GroupLag> WORST_FIRST = Comparator.comparingInt((GroupLag g) -> g.status().code()).reversed()
            .thenComparing(g -> Double.isNaN(g.lagMicros()) ? Double.NEGATIVE_INFINITY : g.lagMicros(),
                    Comparator.reverseOrder())
            .thenComparing(GroupLag::lagRecords, Comparator.reverseOrder())
            .thenComparing(GroupLag::group);

    /**
     * @param lagSeconds null when not read
     * @param series     {@code lagRecords} and {@code lagSeconds} over time; null for a group not charted
     */
    public record Row(String group, String status, int statusCode, String state, int members, int partitions,
                      long lagRecords, Double lagSeconds, Series series) {
    }

    public LagPanel {
        rows = List.copyOf(rows);
    }

    static LagPanel notEvaluated(String cluster) {
        return new LagPanel(cluster, false, 0, 0, 0, 0, List.of());
    }

    static LagPanel of(String cluster, LagSnapshot lag, GroupLagHistory history) {
        List<GroupLag> worstFirst = new ArrayList<>(lag.groups().values());
        worstFirst.sort(WORST_FIRST);
        List<Row> rows = worstFirst.stream().limit(ROWS).map(g -> new Row(g.group(), g.status().name(),
                g.status().code(), g.state(), g.members(), g.partitions().size(), g.lagRecords(),
                ConsumerGroupsView.seconds(g.lagMicros()),
                history.series(g.group()).orElse(null))).toList();
        return new LagPanel(cluster, true, lag.atMillis(), lag.groups().size(), lag.denied(), lag.skipped(),
                rows);
    }
}
