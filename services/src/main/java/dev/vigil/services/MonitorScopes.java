package dev.vigil.services;

import dev.vigil.core.episodes.EpisodeKind;
import dev.vigil.core.episodes.EpisodeMetrics;
import dev.vigil.core.lag.GroupLag;
import dev.vigil.core.lag.LagSnapshot;
import dev.vigil.core.lag.PartitionLag;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.MetricSource;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.stats.ScopeSource;
import dev.vigil.core.stats.ScopeStats;
import dev.vigil.services.probe.ProbeErrors;

import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The metric scopes one cluster's monitor registers: each once, however often it is offered, and
 * all of them unregistered when the monitor stops. Partitions and brokers get theirs as the harvest
 * first sees them.
 */
final class MonitorScopes {

    private final MetricRegistry registry;
    private final String cluster;
    private final String topic;
    private final Set<MetricScope> registered = ConcurrentHashMap.newKeySet();
    /** Partitions whose scope is registered; touched only on the timer thread. */
    private final Set<Integer> partitions = new HashSet<>();
    /** Brokers whose scope is registered; touched only on the timer thread. */
    private final Set<Integer> brokers = new HashSet<>();
    /** Error classes whose broker error scope is registered, by broker; touched only on the timer thread. */
    private final Map<Integer, Set<String>> brokerErrors = new HashMap<>();
    /**
     * Per optional probe, how many brokers its numbers knew when its own scopes were last offered; timer
     * thread only. Those scopes are per broker it knows, and a probe's brokers only grow (see
     * {@link OptionalProbe#scopes}), so they are offered again only when that count grew.
     */
    private final Map<OptionalProbe, Integer> probeBrokersOffered = new IdentityHashMap<>();
    /** Consumer groups whose scope is registered; touched only on the timer thread. */
    private final Set<String> groups = new HashSet<>();
    /** Consumer groups' partitions whose scope is registered ({@code lag.partition.metrics}); timer thread only. */
    private final Set<MetricScope> groupPartitions = new HashSet<>();
    /** The lag evaluation whose partitions {@link #groupPartitions} hold; timer thread only. */
    private long groupPartitionsAt = -1;

    MonitorScopes(MetricRegistry registry, String cluster, String topic) {
        this.registry = registry;
        this.cluster = cluster;
        this.topic = topic;
    }

    void register(MetricScope scope, MetricSource source) {
        if (registered.add(scope)) {
            registry.register(scope, source);
        }
    }

    /** The scope of a partition the probes have numbers for. */
    void partition(int partition, ScopeStats stats) {
        // Checked by number: building every partition's scope each second to look it up cost
        // 10,000 label maps a second at 10,000 partitions.
        if (partitions.add(partition)) {
            register(MetricScope.partition(cluster, topic, partition), new ScopeSource(stats));
        }
    }

    /**
     * The scope of every broker the probes, or an optional probe, attribute outcomes to. Checked by number,
     * as partitions are: building each broker's scope and its optional probes' scopes every second to look
     * them up was a third of the timer thread's own work at 6 partitions.
     */
    void brokers(ClusterStats stats, List<OptionalProbe> optionalProbes) {
        Set<Integer> known = new TreeSet<>(stats.brokerIds());
        for (OptionalProbe probe : optionalProbes) {
            Set<Integer> probeBrokers = probe.stats().brokerIds();
            known.addAll(probeBrokers);
            Integer offered = probeBrokersOffered.put(probe, probeBrokers.size());
            if (offered == null || offered != probeBrokers.size()) {
                probe.scopes(cluster).forEach(this::register);
            }
        }
        for (int b : known) {
            if (brokers.add(b)) {
                register(MetricScope.broker(cluster, b), new BrokerSource(b, stats, optionalProbes));
            }
        }
    }

    /**
     * The scope of each consumer group of the latest lag evaluation, its values read from the monitor's
     * reading; a group gone from the evaluation (deleted, no longer included) loses its scope.
     */
    void consumerGroups(LagSnapshot lag, boolean partitionMetrics, Supplier<ClusterReading> reading) {
        Set<String> evaluated = lag.groups().keySet();
        for (Iterator<String> it = groups.iterator(); it.hasNext(); ) {
            String group = it.next();
            if (!evaluated.contains(group)) {
                unregister(MetricScope.consumerGroup(cluster, group));
                it.remove();
            }
        }
        for (String group : evaluated) {
            if (groups.add(group)) {
                register(MetricScope.consumerGroup(cluster, group), at -> reading.get().consumerLag()
                        .map(l -> l.groups().get(group)).map(GroupLag::values).orElse(List.of()));
            }
        }
        if (partitionMetrics && lag.atMillis() != groupPartitionsAt) {
            groupPartitionsAt = lag.atMillis(); // once per evaluation, not every harvest: there may be 100,000
            groupPartitions(lag, reading);
        }
    }

    /**
     * The scope of each partition of each group of the evaluation, its values read from the monitor's reading; a
     * partition gone from the evaluation (its group gone, or no longer committed to) loses its scope.
     */
    private void groupPartitions(LagSnapshot lag, Supplier<ClusterReading> reading) {
        Set<MetricScope> now = new HashSet<>();
        lag.groups().forEach((group, g) -> g.partitions().forEach(p -> {
            MetricScope scope = MetricScope.consumerGroupPartition(cluster, group, p.topic(), p.partition());
            now.add(scope);
            if (groupPartitions.add(scope)) {
                String topic = p.topic();
                int partition = p.partition();
                register(scope, at -> reading.get().consumerLag().map(l -> l.groups().get(group))
                        .flatMap(x -> x.partition(topic, partition)).map(PartitionLag::values).orElse(List.of()));
            }
        }));
        for (Iterator<MetricScope> it = groupPartitions.iterator(); it.hasNext(); ) {
            MetricScope scope = it.next();
            if (!now.contains(scope)) {
                unregister(scope);
                it.remove();
            }
        }
    }

    private void unregister(MetricScope scope) {
        registered.remove(scope);
        registry.unregister(scope);
    }

    /** The scope of every broker and error class the probes counted an error of; checked by name, as brokers are. */
    void brokerErrors(ProbeErrors errors) {
        errors.forEachCounted((b, error) -> {
            if (brokerErrors.computeIfAbsent(b, k -> new HashSet<>()).add(error)) {
                register(MetricScope.brokerError(cluster, b, error), at -> errors.values(b, error));
            }
        });
    }

    /** The cluster's scope and the scope of each kind of outage, all read from the latest reading. */
    void cluster(Supplier<ClusterReading> reading, ClusterStats stats, List<OptionalProbe> optionalProbes) {
        register(MetricScope.cluster(cluster), new ClusterScopeSource(reading, stats, optionalProbes));
        for (EpisodeKind kind : EpisodeKind.values()) {
            register(MetricScope.outage(cluster, kind.label()),
                    at -> EpisodeMetrics.values(reading.get().episodes(), kind));
        }
    }

    void unregisterAll() {
        registered.forEach(registry::unregister);
        registered.clear();
    }
}
