package dev.vigil.core.episodes;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One outage of a broker or a partition, or one leader move, as {@link OutageEpisodes} saw it.
 *
 * @param subject     whose episode it is
 * @param id          the broker's id, or the partition's
 * @param startMicros the first failed probe or offline observation, on the monitor's clock
 * @param endMicros   the first observation of recovery; empty while the episode is open
 * @param probesFailed produce probes attributed to the broker (or sent to the partition) that failed in it
 * @param errorClasses the failed probes by Kafka exception class
 * @param leaderMoves partitions whose leadership moved away from the broker (or, for a partition, moves of its
 *                    leader) during the episode
 * @param kind        planned, unplanned or unknown: final once the episode ended, the current judgement before
 * @param evidence    one line saying what decided the kind
 * @param collateralOf for a broker that stayed online and failed only because another broker went down (see
 *                    {@link OutageEpisodes}): that broker's id, else -1
 */
public record Episode(Subject subject, int id, long startMicros, OptionalLong endMicros, long probesFailed,
                      Map<String, Long> errorClasses, int leaderMoves, EpisodeKind kind, String evidence,
                      int collateralOf) {

    public enum Subject { BROKER, PARTITION, LEADER_MOVE }

    public Episode {
        Objects.requireNonNull(subject);
        Objects.requireNonNull(endMicros);
        errorClasses = Map.copyOf(errorClasses);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(evidence);
    }

    public boolean open() {
        return endMicros.isEmpty();
    }

    /** How long it lasted, or has lasted until {@code nowMicros} while open. */
    public long durationMicros(long nowMicros) {
        return Math.max(0, endMicros.orElse(nowMicros) - startMicros);
    }
}
