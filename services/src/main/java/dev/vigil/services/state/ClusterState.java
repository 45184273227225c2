package dev.vigil.services.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The cluster and its monitor topic as the Admin API described them at one moment.
 *
 * @param brokers        every registered broker, fenced ones included (a stopped broker stays
 *                       registered, and is still a broker the topic plan keeps)
 * @param controllerId   the active controller as the cluster reports it, or -1 when unknown
 * @param partitions     the monitor topic's partitions by id, empty when the topic does not exist
 * @param topicConfigs   the topic's configs (min.insync.replicas, cleanup.policy, ...), empty when
 *                       they could not be read
 * @param latencyMicros  how long the Admin calls of this observation took together
 */
public record ClusterState(long observedAtMicros, List<BrokerState> brokers, int controllerId,
                           List<PartitionState> partitions, Map<String, String> topicConfigs, long latencyMicros) {

    public ClusterState {
        brokers = List.copyOf(brokers);
        partitions = List.copyOf(partitions);
        topicConfigs = Map.copyOf(topicConfigs);
    }

    public Set<Integer> registeredBrokerIds() {
        return brokers.stream().map(BrokerState::id).collect(Collectors.toCollection(TreeSet::new));
    }

    public int brokersOnline() {
        return (int) brokers.stream().filter(BrokerState::online).count();
    }

    public int underReplicatedPartitions() {
        return (int) partitions.stream().filter(PartitionState::underReplicated).count();
    }

    public int offlinePartitions() {
        return (int) partitions.stream().filter(PartitionState::offline).count();
    }

    /** The topic's {@code min.insync.replicas}, when its configs could be read. */
    public OptionalInt minInsyncReplicas() {
        String value = topicConfigs.get("min.insync.replicas");
        return value == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value));
    }

    /** Partitions whose ISR is below {@code min.insync.replicas}: acks=all writes to them fail. */
    public OptionalInt underMinIsrPartitions() {
        OptionalInt min = minInsyncReplicas();
        if (min.isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) partitions.stream().filter(p -> p.isr().size() < min.getAsInt()).count());
    }

    /** Online brokers that lead no monitor partition right now, so no probe measures them. */
    public Set<Integer> brokersLeadingNoPartition() {
        Set<Integer> leaders = partitions.stream().map(PartitionState::leader).collect(Collectors.toSet());
        return brokers.stream().filter(BrokerState::online).map(BrokerState::id).filter(id -> !leaders.contains(id))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    public Optional<PartitionState> partition(int id) {
        return id >= 0 && id < partitions.size() && partitions.get(id).partition() == id
                ? Optional.of(partitions.get(id))
                : partitions.stream().filter(p -> p.partition() == id).findFirst();
    }

    /** Leader by partition (-1 when offline). */
    public Map<Integer, Integer> leaders() {
        return partitions.stream().collect(Collectors.toMap(PartitionState::partition, PartitionState::leader));
    }
}
