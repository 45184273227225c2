package dev.vigil.core.stats;

import dev.vigil.core.metrics.LatencyMetrics;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.Unit;

/** The mirror probe's metrics ({@link MirrorStats}), of the source cluster's scope. */
public final class MirrorMetrics {

    public static final Metric AVAILABILITY = Metric.gauge("mirrorAvailability", Unit.RATIO,
            "acked probes seen in the mirror cluster within the mirror SLA / acked probes whose mirror deadline"
                    + " passed, over the window");
    public static final Metric CHECKED = Metric.counter("mirrorChecked", "acked probes whose mirror deadline passed, since start");
    public static final Metric FAILURES = Metric.counter("mirrorFailures",
            "acked probes not seen in the mirror cluster within the mirror SLA, since start");
    public static final Metric RECEIVED = Metric.counter("mirrorReceived",
            "probes seen in the mirror cluster for the first time, since start");
    public static final Metric LOST_ACKED = Metric.counter("mirrorLostAcked",
            "acked probes not seen in the mirror cluster within the mirror loss grace");
    public static final Metric LOST_UNACKED = Metric.counter("mirrorLostUnacked",
            "probes with no ack and no certain failure never seen in the mirror cluster");
    public static final Metric DUPLICATES = Metric.counter("mirrorDuplicates", "probes seen in the mirror cluster more than once");
    public static final Metric LATE = Metric.counter("mirrorLate",
            "probes seen in the mirror cluster after a higher sequence of their partition");
    public static final Metric RECEIVED_AFTER_GRACE = Metric.counter("mirrorReceivedAfterGrace", "probes seen in the"
            + " mirror cluster after their mirror loss grace had passed that were not judged lost");
    public static final Metric UNJUDGED = Metric.counter("mirrorUnjudged", "probes dropped without a mirror loss verdict:"
            + " the mirror ledger was full while the mirror consumer had not read up to their deadline");
    public static final Metric LOST_THEN_RECEIVED = Metric.counter("mirrorLostThenReceived", "probes seen in the mirror"
            + " cluster after they were judged lost by the mirror (false mirror loss verdicts; they stay counted as lost)");
    public static final Metric OTHER_SESSION_RECORDS = Metric.counter("mirrorOtherSessionRecords",
            "probes of another producer session in the mirrored topic");
    public static final Metric FOREIGN_RECORDS = Metric.counter("mirrorForeignRecords",
            "records of the mirrored topic that are not Vigil probes");
    public static final Metric TOPIC_PARTITIONS = Metric.gauge("mirrorTopicPartitions",
            "partitions of the mirrored topic in the mirror cluster, 0 while absent");
    public static final Metric REACHABLE = Metric.gauge("mirrorReachable",
            "1 while the mirror cluster answers the mirror probe, else 0");
    public static final LatencyMetrics LATENCY = LatencyMetrics.of("mirrorLatency",
            "send in this cluster until seen in the mirror cluster,");
    public static final Metric LATENCY_HISTOGRAM = Metric.histogram("mirrorLatency",
            "send in this cluster until seen in the mirror cluster, since start");

    private MirrorMetrics() {
    }
}
