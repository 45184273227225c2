package dev.vigil.services;

import dev.vigil.core.episodes.EpisodesSnapshot;
import dev.vigil.core.lag.LagSnapshot;
import dev.vigil.core.stats.ConnectionCheckStats;
import dev.vigil.core.stats.ControllerProbeStats;
import dev.vigil.core.stats.MirrorStats;
import dev.vigil.core.stats.OffsetCommitStats;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.services.state.ClusterState;
import dev.vigil.services.topic.TopicManager;

import java.util.Objects;
import java.util.Optional;

/**
 * One cluster's numbers at one moment, made once per harvest by {@link ClusterReadings}: every output
 * (the cluster scope's metrics, hence JMX, Jolokia and Prometheus; the summary line; the dashboard's
 * card and history) reads the same reading, so they show the same numbers.
 *
 * @param atMicros      when it was made, on the monitor's clock
 * @param partitions    partitions the produce probe sends to; 0 before it starts
 * @param produce       produce availability over the window (see {@link Availability})
 * @param consume       consume availability over the window
 * @param total         the cluster total: cumulative counters and the latency summaries over the window
 * @param reachable     false while the cluster cannot be reached or its cluster-state probe fails
 * @param clusterState  the latest successful cluster-state observation
 * @param clusterStateReachable whether the latest observation succeeded (the older one's numbers are then stale)
 * @param topicManagement empty before the monitor first reached the cluster
 * @param offsetCommit  empty when the offset-commit probe is off
 * @param controller    empty when the controller probe is off
 * @param mirror        empty when the cluster is not mirrored
 * @param episodes      the brokers' and partitions' outage episodes as of the latest harvest
 * @param consumerLag   the latest consumer-group lag evaluation; empty when {@code consumer.groups.include} is unset
 * @param connections   the connection check's latest round; empty when the check is off
 */
public record ClusterReading(String cluster, long atMicros, ClusterMonitor.Status status, String reason, int partitions,
                             Availability produce, Availability consume, ScopeSnapshot total, Counters counters,
                             boolean reachable, Optional<ClusterState> clusterState, boolean clusterStateReachable,
                             Optional<TopicManager.Snapshot> topicManagement,
                             Optional<OffsetCommitStats.Snapshot> offsetCommit,
                             Optional<ControllerProbeStats.Snapshot> controller,
                             Optional<MirrorStats.Snapshot> mirror, EpisodesSnapshot episodes,
                             Optional<LagSnapshot> consumerLag,
                             Optional<ConnectionCheckStats.Snapshot> connections) {

    public ClusterReading {
        Objects.requireNonNull(status);
        Objects.requireNonNull(total);
        Objects.requireNonNull(episodes);
        Objects.requireNonNull(consumerLag);
        Objects.requireNonNull(connections);
    }

    /** A reading of a cluster whose consumer groups are not evaluated and whose connections are not checked. */
    public ClusterReading(String cluster, long atMicros, ClusterMonitor.Status status, String reason, int partitions,
                          Availability produce, Availability consume, ScopeSnapshot total, Counters counters,
                          boolean reachable, Optional<ClusterState> clusterState, boolean clusterStateReachable,
                          Optional<TopicManager.Snapshot> topicManagement,
                          Optional<OffsetCommitStats.Snapshot> offsetCommit,
                          Optional<ControllerProbeStats.Snapshot> controller, Optional<MirrorStats.Snapshot> mirror,
                          EpisodesSnapshot episodes) {
        this(cluster, atMicros, status, reason, partitions, produce, consume, total, counters, reachable, clusterState,
                clusterStateReachable, topicManagement, offsetCommit, controller, mirror, episodes, Optional.empty(),
                Optional.empty());
    }

    /**
     * One availability of the cluster over the window, the one definition every output uses.
     *
     * @param mean           the mean over partitions of each partition's windowed availability, so one dead
     *                       partition of ten reads 0.9 whatever the traffic split; partitions with no final
     *                       outcome in the window are left out. NaN ("no data yet") when none has one, but 0
     *                       while the cluster is unreachable: probes were due and none could be sent
     * @param worstPartition the lowest of any partition, NaN when none has data
     * @param worstBroker    the lowest of any broker (probes attributed to the leader at send time), NaN when none
     */
    public record Availability(double mean, double worstPartition, double worstBroker) {
    }

    /**
     * The cluster-level counters, cumulative since the monitor started.
     *
     * @param foreignRecords       records on the monitor topic that are not Vigil probes
     * @param otherSessionRecords  probes of another producer session (an earlier run, another Vigil)
     * @param truncations          times the consume probe's position fell off the log
     * @param forgedRecords        records with this session's id that it did not write
     * @param probesBehindSchedule probes sent more than one interval late, or not sent because a round was missed
     */
    public record Counters(long foreignRecords, long otherSessionRecords, long truncations, long forgedRecords,
                           long probesBehindSchedule) {

        public static final Counters NONE = new Counters(0, 0, 0, 0, 0);
    }
}
