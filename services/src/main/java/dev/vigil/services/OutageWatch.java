package dev.vigil.services;

import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.episodes.EpisodesSnapshot;
import dev.vigil.core.episodes.Observation;
import dev.vigil.core.episodes.OutageEpisodes;
import dev.vigil.core.episodes.ProduceOutcomes;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.stats.ConnectionCheckStats;
import dev.vigil.services.probe.ProbeErrors;
import dev.vigil.services.state.BrokerState;
import dev.vigil.services.state.ClusterState;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Feeds one cluster's {@link OutageEpisodes} at each harvest with what the monitor knows then: each
 * broker's and partition's produce outcomes, the brokers' error classes, the latest cluster-state
 * observation, and the latest connection-check round's failures of brokers it did not list fenced. Reads counters only (no latency window), so it costs little at thousands of partitions.
 */
final class OutageWatch {

    private final ClusterStats stats;
    private final ProbeErrors errors;
    private final Optional<ConnectionCheckStats> connections;
    private final OutageEpisodes episodes;

    /** @param connections the connection check's results; empty when the check is off */
    OutageWatch(ClusterStats stats, ProbeErrors errors, ProbeConfig probe, Optional<ConnectionCheckStats> connections) {
        this.stats = stats;
        this.errors = errors;
        this.connections = connections;
        this.episodes = new OutageEpisodes(quietMicros(probe));
    }

    /**
     * A failed probe is counted when its ack SLA runs out, so failures of probes sent before a recovery
     * can come up to that long after it, plus a probe interval and a harvest.
     */
    static long quietMicros(ProbeConfig probe) {
        return (probe.produceAckSla().toMillis() + probe.interval().toMillis() + ClusterMonitor.HARVEST_PERIOD_MS) * 1_000L;
    }

    /** Called at each harvest, on the monitor's timer thread. */
    void observe(long nowMicros, ClusterState state) {
        Map<Integer, ProduceOutcomes> brokers = new HashMap<>();
        for (int b : stats.brokerIds()) {
            if (b == ClusterStats.NO_LEADER) {
                continue; // failures of a partition without a leader: its own episode, not a broker's
            }
            brokers.put(b, stats.broker(b).produceOutcomes().withErrorClasses(errors.forBroker(b)));
        }
        Map<Integer, ProduceOutcomes> partitions = new HashMap<>();
        stats.forEachPartition((p, scope) -> partitions.put(p, scope.produceOutcomes()));
        Map<Integer, Boolean> online = new HashMap<>();
        if (state != null) {
            for (BrokerState b : state.brokers()) {
                online.put(b.id(), b.online());
            }
        }
        long roundMicros = connections.map(ConnectionCheckStats::lastRoundMicros).orElse(0L);
        Map<Integer, String> unreachable = new HashMap<>();
        connections.ifPresent(c -> c.latest().values().forEach(check -> {
            if (!check.ok() && !check.fenced()) {
                unreachable.put(check.broker(), check.failure());
            }
        }));
        episodes.observe(new Observation(nowMicros,
                state == null ? OptionalLong.empty() : OptionalLong.of(state.observedAtMicros()), online,
                state == null ? Map.of() : state.leaders(), brokers, partitions,
                roundMicros == 0 ? OptionalLong.empty() : OptionalLong.of(roundMicros), unreachable));
    }

    EpisodesSnapshot snapshot() {
        return episodes.snapshot();
    }
}
