package dev.vigil.core.stats;

import dev.vigil.core.metrics.LatencyMetrics;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.Unit;

/** The controller probe's metrics ({@link ControllerProbeStats}), of the cluster scope and of broker scopes. */
public final class ControllerProbeMetrics {

    public static final Metric AVAILABILITY = Metric.gauge("controllerProbeAvailability", Unit.RATIO,
            "controller probe rounds (create a topic, every broker serving it, delete it) done within the SLA"
                    + " / rounds due, over the window");
    public static final Metric ATTEMPTS = Metric.counter("controllerProbeAttempts", "final controller probe rounds since start");
    public static final Metric FAILURES = Metric.counter("controllerProbeFailures",
            "controller probe rounds not done within the SLA since start");
    public static final Metric DENIED = Metric.gauge("controllerProbeDenied",
            "1 while rounds are refused for lack of an ACL (not counted as failures)");
    public static final Metric LEFTOVERS_DELETED = Metric.counter("controllerProbeLeftoversDeleted",
            "probe topics of earlier rounds or runs deleted by the sweep");
    public static final LatencyMetrics METADATA_PROPAGATION_LATENCY = LatencyMetrics.of("metadataPropagationLatency",
            "create request until every broker served the topic,");
    public static final Metric METADATA_PROPAGATION_LATENCY_HISTOGRAM = Metric.histogram("metadataPropagationLatency",
            "create request until every broker served the topic, since start");

    /** Of a broker scope. */
    public static final Metric METADATA_NOT_SERVED = Metric.counter("metadataNotServed",
            "controller probe rounds this broker failed by not serving its partition of the new topic within the SLA");

    private ControllerProbeMetrics() {
    }
}
