package dev.vigil.services.state;

import dev.vigil.core.metrics.MetricValue;

import java.util.List;

/** The cluster-state probe's numbers as metrics of the cluster scope; NaN until a first observation. */
public final class ClusterStateMetrics {

    private ClusterStateMetrics() {
    }

    /**
     * @param state     the latest successful observation, or null
     * @param reachable whether the latest observation succeeded; the numbers of an older one are
     *                  not today's, so they read NaN while it fails
     */
    public static List<MetricValue> values(ClusterState state, boolean reachable) {
        boolean known = state != null && reachable;
        return List.of(
                MetricValue.gauge("clusterStateOk", "1 when the latest cluster-state observation succeeded",
                        known ? 1 : 0),
                MetricValue.gauge("brokersOnline", "registered brokers that are not fenced",
                        known ? state.brokersOnline() : Double.NaN),
                MetricValue.gauge("brokersRegistered", "registered brokers, fenced (down) ones included",
                        known ? state.brokers().size() : Double.NaN),
                MetricValue.gauge("controllerId", "the active controller's node id, -1 when unknown",
                        known ? state.controllerId() : Double.NaN),
                MetricValue.gauge("underReplicatedPartitions", "monitor-topic partitions with fewer in-sync replicas than replicas",
                        known ? state.underReplicatedPartitions() : Double.NaN),
                MetricValue.gauge("underMinIsrPartitions", "monitor-topic partitions with fewer in-sync replicas than min.insync.replicas",
                        known && state.underMinIsrPartitions().isPresent() ? state.underMinIsrPartitions().getAsInt() : Double.NaN),
                MetricValue.gauge("offlinePartitions", "monitor-topic partitions without a leader",
                        known ? state.offlinePartitions() : Double.NaN),
                MetricValue.gauge("brokersLeadingNoPartition", "online brokers leading no monitor partition, so not probed",
                        known ? state.brokersLeadingNoPartition().size() : Double.NaN),
                MetricValue.gauge("clusterStateLatencyMicros", "how long the cluster-state Admin calls took",
                        known ? state.latencyMicros() : Double.NaN));
    }
}
