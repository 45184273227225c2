package dev.vigil.services;

import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.stats.ControllerProbeStats;
import dev.vigil.core.stats.MirrorStats;
import dev.vigil.core.stats.OffsetCommitStats;
import dev.vigil.core.stats.ScopeMetrics;
import dev.vigil.services.state.ClusterStateMetrics;
import dev.vigil.services.topic.TopicManager;

import java.util.ArrayList;
import java.util.List;

import static dev.vigil.core.metrics.MetricValue.counter;
import static dev.vigil.core.metrics.MetricValue.gauge;

/** The values of the cluster scope (README, "Getting the metrics out"), all from one {@link ClusterReading}. */
public final class ClusterReadingMetrics {

    private ClusterReadingMetrics() {
    }

    public static List<MetricValue> values(ClusterReading r) {
        List<MetricValue> values = new ArrayList<>(ScopeMetrics.of(r.total(), r.produce().mean(), r.consume().mean()));
        values.add(gauge("partitions", "partitions probed", r.partitions()));
        values.add(gauge("worstPartitionProduceAvailability", "lowest produce availability of any partition",
                r.produce().worstPartition()));
        values.add(gauge("worstBrokerProduceAvailability", "lowest produce availability of any broker",
                r.produce().worstBroker()));
        values.add(gauge("reachable", "1 while the cluster answers, 0 when unreachable", r.reachable() ? 1 : 0));
        ClusterReading.Counters c = r.counters();
        values.add(counter("foreignRecords", "records on the monitor topic that are not Vigil probes",
                c.foreignRecords()));
        values.add(counter("otherSessionRecords", "probes of another producer session", c.otherSessionRecords()));
        values.add(counter("truncations", "times the consume probe's position fell off the log", c.truncations()));
        values.add(counter("lostThenReceived", "probes received after they were judged lost (false loss"
                + " verdicts; they stay counted as lost)", c.lostThenReceived()));
        values.add(counter("forgedRecords", "records with this session's id that it did not write"
                + " (bad or no MAC, or a copy at another offset): never counted as receipts", c.forgedRecords()));
        values.add(counter("probesBehindSchedule", "probes sent more than one interval after their round"
                + " was due, or not sent because the round was missed (Vigil's schedule adherence)",
                c.probesBehindSchedule()));
        values.addAll(ClusterStateMetrics.values(r.clusterState().orElse(null), r.clusterStateReachable()));
        r.offsetCommit().ifPresent(s -> values.addAll(OffsetCommitStats.clusterValues(s)));
        r.controller().ifPresent(s -> values.addAll(ControllerProbeStats.values(s)));
        r.mirror().ifPresent(s -> values.addAll(MirrorStats.values(s)));
        r.topicManagement().ifPresent(s -> values.addAll(TopicManager.values(s)));
        return values;
    }
}
