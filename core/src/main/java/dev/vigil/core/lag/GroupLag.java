package dev.vigil.core.lag;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.metrics.Unit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One consumer group as one evaluation judged it: Burrow's group status (the worst of its partitions'),
 * its lag, its state and members, and its partitions.
 *
 * @param state      the group's state as the coordinator reports it ({@code Stable}, {@code Empty}, ...)
 * @param lagRecords the sum of its partitions' lag, Burrow's {@code totallag}
 * @param lagMicros  the largest of its partitions' lag in time, NaN when none was read
 * @param partitions its partitions, kept in topic and partition order
 */
public record GroupLag(String group, LagStatus status, String state, int members, long lagRecords, double lagMicros,
                       List<PartitionLag> partitions) {

    public static final Metric STATUS = Metric.gauge("status", "Burrow's status of the consumer group, the worst of"
            + " its partitions': " + LagStatus.legend());
    public static final Metric LAG_RECORDS = Metric.gauge("lagRecords",
            "Records the group has not consumed, summed over its partitions");
    public static final Metric LAG = Metric.gauge("lag", Unit.MICROSECONDS, "Age of the oldest record the group"
            + " has not consumed, the largest over its partitions, read from the record itself; 0 when caught up");
    public static final Metric MEMBERS = Metric.gauge("members", "Members of the consumer group");
    public static final Metric PARTITIONS = Metric.gauge("partitions", "Partitions the group has committed offsets for");

    public GroupLag {
        List<PartitionLag> sorted = new ArrayList<>(partitions);
        sorted.sort(PartitionLag.ORDER);
        partitions = List.copyOf(sorted);
    }

    /** One of its partitions, found by binary search: per-partition metrics look each up at every scrape. */
    public Optional<PartitionLag> partition(String topic, int partition) {
        int at = Collections.binarySearch(partitions, new PartitionLag(topic, partition, 0, 0, 0, LagStatus.NOTFOUND,
                Double.NaN, List.of()), PartitionLag.ORDER);
        return at < 0 ? Optional.empty() : Optional.of(partitions.get(at));
    }

    /** The values of the group's scope. */
    public List<MetricValue> values() {
        return List.of(STATUS.value(status.code()), LAG_RECORDS.value(lagRecords), LAG.value(lagMicros),
                MEMBERS.value(members), PARTITIONS.value(partitions.size()));
    }

    /** Judges a group from its partitions. */
    public static GroupLag of(String group, String state, int members, List<PartitionLag> partitions) {
        long records = 0;
        double micros = Double.NaN;
        for (PartitionLag p : partitions) {
            records += p.lag();
            if (!Double.isNaN(p.lagMicros())) {
                micros = Double.isNaN(micros) ? p.lagMicros() : Math.max(micros, p.lagMicros());
            }
        }
        return new GroupLag(group, LagRules.group(partitions.stream().map(PartitionLag::status).toList()), state,
                members, records, micros, partitions);
    }
}
