package dev.vigil.core.stats;

import dev.vigil.core.metrics.LatencyMetrics;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.Unit;

/**
 * The offset-commit probe's metrics ({@link OffsetCommitStats}), of the cluster scope and of its
 * coordinators' broker scopes.
 */
public final class OffsetCommitMetrics {

    public static final Metric AVAILABILITY = Metric.gauge("offsetCommitAvailability", Unit.RATIO,
            "offset commits acknowledged within the SLA / commits due, over the window");
    public static final Metric ATTEMPTS = Metric.counter("offsetCommitAttempts", "final offset commits since start");
    public static final Metric FAILURES = Metric.counter("offsetCommitFailures",
            "offset commits not acknowledged within the SLA since start");
    public static final Metric COORDINATOR_ID = Metric.gauge("offsetCommitCoordinatorId",
            "broker id of Vigil's group coordinator, NaN until known");
    public static final Metric DENIED = Metric.gauge("offsetCommitDenied",
            "1 while commits are refused for lack of an ACL (not counted as failures)");
    public static final LatencyMetrics LATENCY = LatencyMetrics.of("offsetCommitLatency", "offset commit latency");
    public static final Metric LATENCY_HISTOGRAM = Metric.histogram("offsetCommitLatency",
            "offset commit to acknowledgement, since start");

    /** Of a broker scope: the commits that broker coordinated. */
    public static final Metric BROKER_AVAILABILITY = Metric.gauge("offsetCommitAvailability", Unit.RATIO,
            "offset commits this broker coordinated acknowledged within the SLA / commits due, over the window");
    public static final Metric BROKER_ATTEMPTS = Metric.counter("offsetCommitAttempts",
            "final offset commits this broker coordinated since start");
    public static final Metric BROKER_FAILURES = Metric.counter("offsetCommitFailures",
            "offset commits this broker coordinated not acknowledged within the SLA since start");

    private OffsetCommitMetrics() {
    }
}
