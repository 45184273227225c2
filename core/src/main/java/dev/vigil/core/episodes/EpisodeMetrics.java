package dev.vigil.core.episodes;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.metrics.Unit;

import java.util.List;

/** The outage episodes' metrics ({@link OutageEpisodes}): of an outage scope (cluster, kind), and of the cluster scope. */
public final class EpisodeMetrics {

    public static final Metric OUTAGES = Metric.counter("outages",
            "broker outage episodes of this kind that ended, since start");
    public static final Metric OUTAGE_DURATION = Metric.counter("outage", Unit.MICROSECONDS,
            "the durations of the broker outage episodes of this kind that ended, since start");
    public static final Metric OPEN_OUTAGES = Metric.gauge("outagesOpen",
            "broker outage episodes under way, by the kind judged so far");
    /** Of the cluster scope. */
    public static final Metric PLANNED_LEADER_MOVES = Metric.counter("plannedLeaderMoves",
            "leaderships of monitor partitions that moved between online brokers with no failed probe"
                    + " (preferred-leader elections, reassignments), since start");

    /** Of the cluster scope. */
    public static final Metric PLANNED_PROBE_FAILURES = Metric.counter("plannedProbeFailures",
            "failed produce probes of partitions in an outage judged planned when they were counted, since start"
                    + " (left out of the produce SLO when slo.exclude.planned is set)");

    private EpisodeMetrics() {
    }

    /** The values of the outage scope of {@code kind}. */
    public static List<MetricValue> values(EpisodesSnapshot s, EpisodeKind kind) {
        return List.of(OUTAGES.value(s.brokerOutages().getOrDefault(kind, 0L)),
                OUTAGE_DURATION.value(s.brokerOutageMicros().getOrDefault(kind, 0L)),
                OPEN_OUTAGES.value(s.openBrokerOutages().getOrDefault(kind, 0L)));
    }
}
