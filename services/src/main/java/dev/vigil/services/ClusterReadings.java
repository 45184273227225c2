package dev.vigil.services;

import dev.vigil.core.stats.ClusterSnapshot;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.stats.ConnectionCheckStats;
import dev.vigil.services.probe.ConsumeProbe;
import dev.vigil.services.probe.ForgedRecords;
import dev.vigil.services.probe.ProduceProbe;
import dev.vigil.services.state.ClusterState;
import dev.vigil.services.topic.TopicManager;

import java.util.Optional;

/**
 * Makes a cluster's {@link ClusterReading} from its numbers. The monitor makes one at the end of each
 * harvest; a monitor that has not harvested yet, or is not probing, makes one when asked.
 */
final class ClusterReadings {

    /**
     * What the monitor holds in fields that change as it runs, at the moment of reading.
     *
     * @param session        the probes and topic manager of the latest connect; null before the first
     * @param state          the latest successful cluster-state observation, or null
     * @param stateReachable whether the latest observation succeeded
     */
    record Moment(ClusterMonitor.Status status, String reason, ProbeSession session, ClusterState state,
                  boolean stateReachable) {
    }

    private final String cluster;
    private final ClusterStats stats;
    private final ForgedRecords forged;
    private final OptionalProbes probes;
    private final OutageWatch outages;
    /** Made at the end of each harvest; null before the first. */
    private volatile ClusterReading harvested;

    /** @param probes the optional probes the config switches on: each that is on has its section of the reading */
    ClusterReadings(String cluster, ClusterStats stats, ForgedRecords forged, OutageWatch outages, OptionalProbes probes) {
        this.cluster = cluster;
        this.stats = stats;
        this.forged = forged;
        this.outages = outages;
        this.probes = probes;
    }

    /** Makes the harvest's reading: the one every output shows until the next harvest. */
    ClusterReading harvested(long nowMicros, Moment m) {
        outages.observe(nowMicros, m.state());
        ClusterReading r = read(nowMicros, m);
        harvested = r;
        return r;
    }

    /**
     * The latest harvest's reading while the monitor probes; one made now when it is not probing
     * (starting, unreachable, failed, stopped: its harvest may not run) or has not harvested yet.
     */
    ClusterReading latest(long nowMicros, Moment m) {
        ClusterReading latest = harvested;
        return latest != null && m.status() == ClusterMonitor.Status.RUNNING ? latest : read(nowMicros, m);
    }

    ClusterReading read(long nowMicros, Moment m) {
        ClusterSnapshot snapshot = stats.snapshot(nowMicros);
        boolean unreachable = m.status() == ClusterMonitor.Status.UNREACHABLE;
        ConsumeProbe c = m.session() == null ? null : m.session().consume();
        ProduceProbe p = m.session() == null ? null : m.session().produce();
        ClusterReading.Counters counters = new ClusterReading.Counters(
                c == null ? 0 : c.otherRecords().foreign(), c == null ? 0 : c.otherRecords().otherSession(),
                c == null ? 0 : c.truncations(), forged.total(),
                p == null ? 0 : p.behindSchedule());
        return new ClusterReading(cluster, nowMicros, m.status(), m.reason(), p == null ? 0 : p.partitionCount(),
                new ClusterReading.Availability(orZeroWhen(unreachable, snapshot.produceAvailability()),
                        snapshot.worstPartitionProduceAvailability(), snapshot.worstBrokerProduceAvailability()),
                new ClusterReading.Availability(orZeroWhen(unreachable, snapshot.consumeAvailability()),
                        snapshot.worstPartitionConsumeAvailability(), snapshot.worstBrokerConsumeAvailability()),
                snapshot.total(), counters, !unreachable && m.stateReachable(), Optional.ofNullable(m.state()),
                m.stateReachable(), Optional.ofNullable(m.session()).map(s -> s.topicManager().snapshot()),
                probes.offsetCommitStats().map(s -> s.snapshot(nowMicros)),
                probes.controllerProbeStats().map(s -> s.snapshot(nowMicros)),
                probes.mirrorStats().map(s -> s.snapshot(nowMicros)), outages.snapshot(),
                probes.consumerLag().map(OptionalConsumerLagProbe::snapshot),
                probes.connectionCheckStats().map(ConnectionCheckStats::snapshot));
    }

    /** A cluster that could not be reached at all reads 0, not "no data": probes were due and none could be sent. */
    private static double orZeroWhen(boolean unreachable, double availability) {
        return Double.isNaN(availability) && unreachable ? 0.0 : availability;
    }
}
