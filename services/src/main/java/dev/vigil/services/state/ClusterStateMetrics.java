package dev.vigil.services.state;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.metrics.Unit;

import java.util.List;

/** The cluster-state probe's metrics, of the cluster scope; NaN until a first observation. */
public final class ClusterStateMetrics {

    public static final Metric CLUSTER_STATE_OK = Metric.gauge("clusterStateOk",
            "1 when the latest cluster-state observation succeeded");
    public static final Metric BROKERS_ONLINE = Metric.gauge("brokersOnline", "registered brokers that are not fenced");
    public static final Metric BROKERS_REGISTERED = Metric.gauge("brokersRegistered",
            "registered brokers, fenced (down) ones included");
    public static final Metric CONTROLLER_ID = Metric.gauge("controllerId", "the active controller's node id, -1 when unknown");
    public static final Metric UNDER_REPLICATED_PARTITIONS = Metric.gauge("underReplicatedPartitions",
            "monitor-topic partitions with fewer in-sync replicas than replicas");
    public static final Metric UNDER_MIN_ISR_PARTITIONS = Metric.gauge("underMinIsrPartitions",
            "monitor-topic partitions with fewer in-sync replicas than min.insync.replicas");
    public static final Metric OFFLINE_PARTITIONS = Metric.gauge("offlinePartitions", "monitor-topic partitions without a leader");
    public static final Metric BROKERS_LEADING_NO_PARTITION = Metric.gauge("brokersLeadingNoPartition",
            "online brokers leading no monitor partition, so not probed");
    public static final Metric LATENCY = Metric.gauge("clusterStateLatency", Unit.MICROSECONDS,
            "how long the cluster-state Admin calls took");

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
                CLUSTER_STATE_OK.value(known ? 1 : 0),
                BROKERS_ONLINE.value(known ? state.brokersOnline() : Double.NaN),
                BROKERS_REGISTERED.value(known ? state.brokers().size() : Double.NaN),
                CONTROLLER_ID.value(known ? state.controllerId() : Double.NaN),
                UNDER_REPLICATED_PARTITIONS.value(known ? state.underReplicatedPartitions() : Double.NaN),
                UNDER_MIN_ISR_PARTITIONS.value(known && state.underMinIsrPartitions().isPresent()
                        ? state.underMinIsrPartitions().getAsInt() : Double.NaN),
                OFFLINE_PARTITIONS.value(known ? state.offlinePartitions() : Double.NaN),
                BROKERS_LEADING_NO_PARTITION.value(known ? state.brokersLeadingNoPartition().size() : Double.NaN),
                LATENCY.value(known ? state.latencyMicros() : Double.NaN));
    }
}
