package dev.vigil.services;

import dev.vigil.core.episodes.EpisodeMetrics;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.stats.ScopeMetrics;
import dev.vigil.services.state.ClusterStateMetrics;
import dev.vigil.services.topic.TopicManager;

import java.util.ArrayList;
import java.util.List;

/** The values of the cluster scope (README, "Getting the metrics out"), all from one {@link ClusterReading}. */
public final class ClusterReadingMetrics {

    private ClusterReadingMetrics() {
    }

    public static List<MetricValue> values(ClusterReading r) {
        List<MetricValue> values = new ArrayList<>(ScopeMetrics.of(r.total(), r.produce().mean(), r.consume().mean()));
        values.add(MonitorMetrics.PARTITIONS.value(r.partitions()));
        values.add(MonitorMetrics.WORST_PARTITION_PRODUCE_AVAILABILITY.value(r.produce().worstPartition()));
        values.add(MonitorMetrics.WORST_BROKER_PRODUCE_AVAILABILITY.value(r.produce().worstBroker()));
        values.add(MonitorMetrics.REACHABLE.value(r.reachable() ? 1 : 0));
        ClusterReading.Counters c = r.counters();
        values.add(MonitorMetrics.FOREIGN_RECORDS.value(c.foreignRecords()));
        values.add(MonitorMetrics.OTHER_SESSION_RECORDS.value(c.otherSessionRecords()));
        values.add(MonitorMetrics.TRUNCATIONS.value(c.truncations()));
        values.add(MonitorMetrics.FORGED_RECORDS.value(c.forgedRecords()));
        values.add(MonitorMetrics.PROBES_BEHIND_SCHEDULE.value(c.probesBehindSchedule()));
        values.add(EpisodeMetrics.PLANNED_LEADER_MOVES.value(r.episodes().plannedLeaderMoves()));
        values.add(EpisodeMetrics.PLANNED_PROBE_FAILURES.value(r.episodes().plannedProbeFailures()));
        values.addAll(ClusterStateMetrics.values(r.clusterState().orElse(null), r.clusterStateReachable()));
        r.offsetCommit().ifPresent(s -> values.addAll(s.clusterValues()));
        r.controller().ifPresent(s -> values.addAll(s.clusterValues()));
        r.mirror().ifPresent(s -> values.addAll(s.clusterValues()));
        r.consumerLag().ifPresent(s -> values.addAll(s.clusterValues()));
        r.connections().ifPresent(s -> values.addAll(s.clusterValues()));
        r.topicManagement().ifPresent(s -> values.addAll(TopicManager.values(s)));
        return values;
    }
}
