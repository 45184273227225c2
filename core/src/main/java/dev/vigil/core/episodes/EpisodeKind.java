package dev.vigil.core.episodes;

import java.util.Locale;

/**
 * Whether an outage was meant to happen. The rules that decide it, and the evidence each uses, are
 * in {@link OutageEpisodes}.
 */
public enum EpisodeKind {
    /** A controlled shutdown, a reassignment or a preferred-leader election: leadership moved before anything failed. */
    PLANNED,
    /** A crash, a hang, a blackholed broker: probes to it failed. */
    UNPLANNED,
    /** The evidence does not decide (the broker led no monitor partition, so no probe could tell). */
    UNKNOWN;

    /** The label value: {@code planned}, {@code unplanned}, {@code unknown}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
