package dev.vigil.core.episodes;

import java.util.Locale;

/**
 * Whether an outage was meant to happen. The rules that decide it, and the evidence each uses, are
 * in {@link OutageEpisodes}.
 */
public enum EpisodeKind {
    /**
     * A controlled shutdown, a reassignment or a preferred-leader election: leadership was seen to move before the
     * broker left, and its probes were acked without a failure or a stall.
     */
    PLANNED,
    /** A crash, a hang, a blackholed broker: probes to it failed, or stalled until the controller fenced it. */
    UNPLANNED,
    /** The evidence does not decide (the broker led no monitor partition, or no probe of it was resolved). */
    UNKNOWN;

    /** The label value: {@code planned}, {@code unplanned}, {@code unknown}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
