package dev.vigil.webui.dashboard;

import dev.vigil.core.episodes.Episode;
import dev.vigil.core.episodes.EpisodeKind;
import dev.vigil.core.episodes.EpisodesSnapshot;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A cluster's outage episodes as {@code /api/v1/clusters/{name}/episodes} serves them: the open ones,
 * then the ended ones and the planned leader moves, newest first (at most the few hundred the monitor
 * keeps), and the counts by kind. Times are epoch milliseconds, durations seconds.
 *
 * @param outages       ended broker outages by kind since start (collateral episodes not counted)
 * @param outageSeconds their durations by kind
 */
public record EpisodesReport(String cluster, List<Row> open, List<Row> recent, Map<String, Long> outages,
                             Map<String, Double> outageSeconds, long plannedLeaderMoves) {

    /**
     * One episode.
     *
     * @param subject  {@code broker}, {@code partition} or {@code leader_move}
     * @param id       the broker's id or the partition's
     * @param endMs    null while open
     * @param seconds  how long it lasted, or has lasted so far
     * @param collateralOf the broker whose outage stalled this one's partitions, null when none
     */
    public record Row(String subject, int id, String kind, long startMs, Long endMs, double seconds, long probesFailed,
                      Map<String, Long> errorClasses, int leaderMoves, String evidence, Integer collateralOf) {
    }

    public EpisodesReport {
        open = List.copyOf(open);
        recent = List.copyOf(recent);
    }

    public static EpisodesReport of(String cluster, EpisodesSnapshot s, long nowMicros) {
        Map<String, Long> outages = new TreeMap<>();
        Map<String, Double> seconds = new TreeMap<>();
        for (EpisodeKind kind : EpisodeKind.values()) {
            outages.put(kind.label(), s.brokerOutages().getOrDefault(kind, 0L));
            seconds.put(kind.label(), s.brokerOutageMicros().getOrDefault(kind, 0L) / 1e6);
        }
        return new EpisodesReport(cluster, rows(s.open(), nowMicros), rows(s.recent(), nowMicros), outages, seconds,
                s.plannedLeaderMoves());
    }

    /**
     * Only the episodes of the given subjects, and of the ended ones the newest {@code recentPerSubject} of
     * each: the page's refresh asks for brokers and leader moves, without the partitions' (one per partition
     * of a dead broker) or an hour of leader moves after a restart at 10,000 partitions.
     */
    public EpisodesReport only(Set<String> subjects, int recentPerSubject) {
        Map<String, Integer> taken = new HashMap<>();
        List<Row> recentKept = recent.stream().filter(r -> subjects.contains(r.subject())
                && taken.merge(r.subject(), 1, Integer::sum) <= recentPerSubject).toList();
        return new EpisodesReport(cluster, open.stream().filter(r -> subjects.contains(r.subject())).toList(),
                recentKept, outages, outageSeconds, plannedLeaderMoves);
    }

    private static List<Row> rows(List<Episode> episodes, long nowMicros) {
        return episodes.stream().map(e -> new Row(e.subject().name().toLowerCase(java.util.Locale.ROOT), e.id(),
                e.kind().label(), e.startMicros() / 1_000, e.endMicros().isPresent() ? e.endMicros().getAsLong() / 1_000
                : null, e.durationMicros(nowMicros) / 1e6, e.probesFailed(), e.errorClasses(), e.leaderMoves(),
                e.evidence(), e.collateralOf() < 0 ? null : e.collateralOf())).toList();
    }
}
