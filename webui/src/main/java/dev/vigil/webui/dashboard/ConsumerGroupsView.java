package dev.vigil.webui.dashboard;

import dev.vigil.core.lag.CommitSample;
import dev.vigil.core.lag.GroupLag;
import dev.vigil.core.lag.LagSnapshot;
import dev.vigil.core.lag.PartitionLag;

import java.util.List;

/**
 * The answer to {@code GET /api/v1/clusters/{name}/groups}: the cluster's latest consumer-group lag
 * evaluation, each group with Burrow's status (name and number), its lag in records and seconds (null when
 * not read), and each partition with the window of commits its status was judged on.
 *
 * @param evaluatedAtMs when the evaluation ran, epoch ms; 0 before the first
 * @param denied        groups skipped because Vigil may not describe them
 * @param skipped       groups not evaluated, as their partitions would exceed {@code lag.max.group.partitions}
 */
public record ConsumerGroupsView(String cluster, long evaluatedAtMs, int denied, int skipped, List<Group> groups) {

    public record Group(String group, String status, int statusCode, String state, int members, long lagRecords,
                        Double lagSeconds, List<Partition> partitions) {
    }

    public record Partition(String topic, int partition, long committed, long endOffset, long lag, String status,
                            Double lagSeconds, List<CommitSample> window) {
    }

    public static ConsumerGroupsView of(String cluster, LagSnapshot s) {
        return new ConsumerGroupsView(cluster, s.atMillis(), s.denied(), s.skipped(),
                s.groups().values().stream().map(ConsumerGroupsView::group).toList());
    }

    private static Group group(GroupLag g) {
        return new Group(g.group(), g.status().name(), g.status().code(), g.state(), g.members(), g.lagRecords(),
                seconds(g.lagMicros()), g.partitions().stream().map(ConsumerGroupsView::partition).toList());
    }

    private static Partition partition(PartitionLag p) {
        return new Partition(p.topic(), p.partition(), p.committed(), p.endOffset(), p.lag(), p.status().name(),
                seconds(p.lagMicros()), p.window());
    }

    /** Microseconds in seconds; null for NaN (not read). */
    static Double seconds(double micros) {
        return Double.isNaN(micros) ? null : micros / 1e6;
    }
}
