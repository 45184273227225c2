package dev.vigil.core.lag;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricValue;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest evaluation of a cluster's consumer groups, the lag section of the cluster's reading.
 *
 * @param atMillis    when the evaluation ran, on the wall clock; 0 before the first
 * @param groups      the groups evaluated, by id; a group gone from the cluster is gone from here
 * @param denied      groups listed but refused to Vigil (no DESCRIBE on the group), skipped
 * @param skipped     groups included but not evaluated, as their partitions would exceed
 *                    {@code lag.max.group.partitions}
 * @param recordReads records read for lag in seconds since start
 */
public record LagSnapshot(long atMillis, Map<String, GroupLag> groups, int denied, int skipped, long recordReads) {

    public static final LagSnapshot NONE = new LagSnapshot(0, Map.of(), 0, 0, 0);

    public static final Metric GROUPS = Metric.gauge("consumerGroupsEvaluated",
            "Consumer groups evaluated for lag (consumer.groups.include, less consumer.groups.exclude)");
    public static final Metric DENIED = Metric.gauge("consumerGroupsDenied",
            "Consumer groups skipped because Vigil may not describe them (grant DESCRIBE on the group)");
    public static final Metric SKIPPED = Metric.gauge("consumerGroupsSkipped",
            "Consumer groups included but not evaluated, as their partitions would exceed lag.max.group.partitions");
    public static final Metric RECORD_READS = Metric.counter("lagRecordReads",
            "Records read to measure consumer-group lag in seconds");

    public LagSnapshot {
        groups = Collections.unmodifiableMap(new TreeMap<>(groups));
    }

    /** The values of the cluster scope. */
    public List<MetricValue> clusterValues() {
        return List.of(GROUPS.value(groups.size()), DENIED.value(denied), SKIPPED.value(skipped),
                RECORD_READS.value(recordReads));
    }
}
