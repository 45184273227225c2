package dev.vigil.services;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.Unit;

/**
 * The metrics {@link ClusterMonitor} adds to a cluster's scope beside the probes' (partitions, the
 * worst availabilities, reachability, records it set apart), and those of its verdict scopes.
 */
public final class MonitorMetrics {

    public static final Metric PARTITIONS = Metric.gauge("partitions", "partitions probed");
    public static final Metric WORST_PARTITION_PRODUCE_AVAILABILITY = Metric.gauge("worstPartitionProduceAvailability",
            Unit.RATIO, "lowest produce availability of any partition");
    public static final Metric WORST_BROKER_PRODUCE_AVAILABILITY = Metric.gauge("worstBrokerProduceAvailability",
            Unit.RATIO, "lowest produce availability of any broker");
    public static final Metric REACHABLE = Metric.gauge("reachable", "1 while the cluster answers, 0 when unreachable");
    public static final Metric FOREIGN_RECORDS = Metric.counter("foreignRecords",
            "records on the monitor topic that are not Vigil probes");
    public static final Metric OTHER_SESSION_RECORDS = Metric.counter("otherSessionRecords",
            "probes of another producer session");
    public static final Metric TRUNCATIONS = Metric.counter("truncations",
            "times the consume probe's position fell off the log");
    public static final Metric FORGED_RECORDS = Metric.counter("forgedRecords",
            "records with this session's id that it did not write (bad or no MAC, or a copy at another offset):"
                    + " never counted as receipts");
    public static final Metric PROBES_BEHIND_SCHEDULE = Metric.counter("probesBehindSchedule",
            "probes sent more than one interval after their round was due, or not sent because the round was missed"
                    + " (Vigil's schedule adherence)");

    /** Of a verdict scope (one kind of verdict of a cluster). */
    public static final Metric VERDICT_AGE = Metric.gauge("verdictAge", Unit.MICROSECONDS,
            "how long the monitor has gone without a verdict of this kind (for consume and mirror: since an acked"
                    + " probe began waiting for one)");
    public static final Metric VERDICT_AGE_BOUND = Metric.gauge("verdictAgeBound", Unit.MICROSECONDS,
            "the age past which the monitor is stale for this kind");

    private MonitorMetrics() {
    }
}
