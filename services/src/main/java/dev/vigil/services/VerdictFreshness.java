package dev.vigil.services;

import dev.vigil.core.stats.AwaitedVerdict;
import dev.vigil.core.time.MicroClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * How old the newest verdict of each kind of one cluster is (produce, consume, offset commit,
 * controller, mirror; and the last harvest and cluster-state observation), against a bound past
 * which the monitor is stale: it still runs, but has stopped judging. Ages are read when asked, on
 * the reader's thread, so a frozen timer cannot freeze its own staleness.
 *
 * <p>A kind's age counts from its newest verdict, or from when probing started if it has given
 * none yet. Each bound is the longest a healthy monitor can go between two verdicts of the kind,
 * plus {@link #ALLOWANCE} so that a GC pause or a busy machine is not staleness; ClusterFreshness
 * and each OptionalProbe set them and the README lists them.
 */
public final class VerdictFreshness {

    /** Slack on every bound: scheduling delays of a loaded JVM are not staleness. */
    public static final Duration ALLOWANCE = Duration.ofSeconds(5);

    /** One kind's age and bound, in microseconds. */
    public record Age(String kind, long ageMicros, long boundMicros) {
        public boolean stale() {
            return ageMicros > boundMicros;
        }

        /** One line for /ready and the banner. */
        public String describe() {
            return kind.replace('_', ' ') + " verdicts stale: " + ageMicros / 1_000_000 + " s without one (bound "
                    + boundMicros / 1_000_000 + " s)";
        }
    }

    private record Kind(String name, LongSupplier lastMicros, long boundMicros) {
    }

    private final List<Kind> kinds = new CopyOnWriteArrayList<>();
    /** When probing started; 0 while it has not (nothing can be stale then). */
    private volatile long sinceMicros;

    /**
     * @param lastMicros when the kind's newest verdict was given, 0 before the first
     * @param bound      the longest a healthy monitor goes between two such verdicts, without {@link #ALLOWANCE}
     */
    public void track(String kind, LongSupplier lastMicros, Duration bound) {
        kinds.add(new Kind(kind, lastMicros, bound.plus(ALLOWANCE).toNanos() / 1_000));
    }

    /**
     * Tracks a kind whose verdicts come from a run every {@code interval}, each final {@code within}
     * after its run: the bound is {@code within} plus two intervals, so that one late run is not staleness.
     */
    public void trackEvery(String kind, LongSupplier lastMicros, Duration interval, Duration within) {
        track(kind, lastMicros, within.plus(interval.multipliedBy(2)));
    }

    /**
     * A wait for a verdict as a "newest verdict" time: while one is awaited, the time it began; while
     * none is, now (nothing is overdue).
     */
    public static LongSupplier awaiting(AwaitedVerdict verdict, MicroClock clock) {
        return () -> {
            long since = verdict.sinceMicros();
            return since == 0 ? clock.nowMicros() : since;
        };
    }

    /** Probing started: ages count from now for kinds without a verdict yet. */
    public void started(long nowMicros) {
        sinceMicros = nowMicros;
    }

    /** Every tracked kind's age; empty before probing started. */
    public List<Age> ages(long nowMicros) {
        long since = sinceMicros;
        if (since == 0) {
            return List.of();
        }
        List<Age> out = new ArrayList<>(kinds.size());
        for (Kind k : kinds) {
            out.add(ageOf(k, since, nowMicros));
        }
        return out;
    }

    private static Age ageOf(Kind k, long since, long nowMicros) {
        long newest = Math.max(since, k.lastMicros().getAsLong());
        return new Age(k.name(), Math.max(0, nowMicros - newest), k.boundMicros());
    }

    /** The kinds past their bound. */
    public List<Age> stale(long nowMicros) {
        return ages(nowMicros).stream().filter(Age::stale).toList();
    }

    /** The age of one kind; 0 before probing started or for a kind not tracked. */
    public Age age(String kind, long nowMicros) {
        long since = sinceMicros;
        for (Kind k : kinds) {
            if (since != 0 && k.name().equals(kind)) {
                return ageOf(k, since, nowMicros);
            }
        }
        return new Age(kind, 0, 0);
    }
}
