package dev.vigil.core.lag;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.metrics.Unit;

import java.util.Comparator;
import java.util.List;

/**
 * One partition of a consumer group as one evaluation judged it.
 *
 * @param committed   the group's committed offset
 * @param endOffset   the partition's end offset
 * @param lag         {@code endOffset - committed}, at least 0
 * @param lagMicros   the age of the record at the committed offset (the oldest the group has not consumed),
 *                    0 when caught up, NaN when not read ({@code lag.seconds} off, or not yet read)
 * @param window      the commits the status was judged on, oldest first
 */
public record PartitionLag(String topic, int partition, long committed, long endOffset, long lag, LagStatus status,
                           double lagMicros, List<CommitSample> window) {

    /** Topic, then partition: the order of a group's partitions. */
    static final Comparator<PartitionLag> ORDER = Comparator.comparing(PartitionLag::topic)
            .thenComparingInt(PartitionLag::partition);

    // Exported only with lag.partition.metrics: a group of many partitions makes as many series.
    public static final Metric STATUS = Metric.gauge("status", "Burrow's status of the consumer group's partition: "
            + LagStatus.legend());
    public static final Metric LAG_RECORDS = Metric.gauge("lagRecords",
            "Records of the partition the group has not consumed");
    public static final Metric LAG = Metric.gauge("lag", Unit.MICROSECONDS, "Age of the oldest record of the"
            + " partition the group has not consumed, read from the record itself; 0 when caught up");

    public PartitionLag {
        window = List.copyOf(window);
    }

    /** The values of the partition's scope. */
    public List<MetricValue> values() {
        return List.of(STATUS.value(status.code()), LAG_RECORDS.value(lag), LAG.value(lagMicros));
    }
}
