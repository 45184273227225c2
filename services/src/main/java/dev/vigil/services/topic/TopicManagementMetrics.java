package dev.vigil.services.topic;

import dev.vigil.core.metrics.Metric;

/** Topic management's metrics ({@link TopicManager#values()}), of the cluster scope. */
public final class TopicManagementMetrics {

    public static final Metric MODE = Metric.gauge("topicManagementMode",
            "topic management in effect: 2 manage, 1 report-only, 0 off");
    public static final Metric DENIED = Metric.gauge("topicManagementDenied",
            "1 when a denied action made Vigil fall back to report-only");
    public static final Metric PLANNED_MOVES = Metric.gauge("rebalancePlannedMoves",
            "partition reassignments the current plan holds");
    public static final Metric PLANNED_PARTITIONS = Metric.gauge("rebalancePlannedPartitions",
            "partitions the current plan would add");
    public static final Metric REASSIGNMENTS_STARTED = Metric.counter("reassignmentsStarted",
            "partition reassignments Vigil started");
    public static final Metric PARTITIONS_ADDED = Metric.counter("partitionsAdded",
            "partitions Vigil added to the monitor topic");
    public static final Metric LEADER_ELECTIONS_TRIGGERED = Metric.counter("leaderElectionsTriggered",
            "partitions Vigil ran a preferred-leader election for");
    public static final Metric SETTINGS_FIXED = Metric.counter("topicSettingsFixed",
            "unsafe monitor-topic settings Vigil changed");

    private TopicManagementMetrics() {
    }
}
