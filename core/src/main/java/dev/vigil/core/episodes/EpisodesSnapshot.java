package dev.vigil.core.episodes;

import java.util.List;
import java.util.Map;

/**
 * A cluster's episodes at one moment: what {@link OutageEpisodes} holds, copied.
 *
 * @param open               episodes still open (brokers first, then partitions), kind as judged so far
 * @param recent             ended episodes and leader moves, newest first, at most {@link OutageEpisodes#CAPACITY}
 * @param brokerOutages      ended broker episodes by kind, since start; a broker's collateral episode (see
 *                           {@link OutageEpisodes}) is not an outage of its own and not counted
 * @param brokerOutageMicros the durations of the counted ended broker episodes by kind, since start
 * @param openBrokerOutages  open broker episodes by kind as judged so far, collateral ones not counted
 * @param plannedLeaderMoves leaderships that moved between live brokers with no failed probe, since start
 * @param plannedProbeFailures failed produce probes of partitions whose episode was judged planned at the harvest
 *                           that counted them, since start ({@code slo.exclude.planned} leaves them out of the SLO)
 */
public record EpisodesSnapshot(List<Episode> open, List<Episode> recent, Map<EpisodeKind, Long> brokerOutages,
                               Map<EpisodeKind, Long> brokerOutageMicros, Map<EpisodeKind, Long> openBrokerOutages,
                               long plannedLeaderMoves, long plannedProbeFailures) {

    public EpisodesSnapshot {
        open = List.copyOf(open);
        recent = List.copyOf(recent);
        brokerOutages = Map.copyOf(brokerOutages);
        brokerOutageMicros = Map.copyOf(brokerOutageMicros);
        openBrokerOutages = Map.copyOf(openBrokerOutages);
    }

    public static final EpisodesSnapshot EMPTY = new EpisodesSnapshot(List.of(), List.of(), Map.of(), Map.of(), Map.of(), 0, 0);
}
