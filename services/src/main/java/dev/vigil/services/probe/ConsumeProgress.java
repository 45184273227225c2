package dev.vigil.services.probe;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How far the consume probe has read each partition: the time up to which its consume and loss
 * verdicts may be given ({@link #progressMicros(int)}). A probe acked at t is below the partition's
 * log end from t on, so once the consumer's position reaches an end read at T, every probe acked
 * before T has been fed to the ledger.
 *
 * <p><b>Keeping up.</b> Normally a completed poll feeds everything fetched before it began, and the
 * consumer keeps up with probes as they are written, so every partition's progress is the start of
 * the latest completed poll (the base).
 *
 * <p><b>After a stall</b> (a GC pause, a starved CPU) that no longer holds: the probes written during
 * the stall are still on the brokers. Every partition is then held where it stood, and the log ends
 * are read; a partition is released again once its position reaches the end read after the latest
 * stall. Nor does it hold when the consumer falls behind without a stall (a starved process whose
 * polls are short but cannot keep up): once a second, partitions that the consumer's own fetch
 * results show a second or more behind are held the same way, before the base passes what they
 * have read. Each partition on its own: when Vigil is starved for long (stalls one after the other, the
 * consumer a loss grace or more behind), a partition the consumer is still reading moves its
 * progress up to each end it reaches and is judged that far, never further. A partition whose
 * position does not move is still only waiting its turn while it has a leader: at 10,000 partitions
 * a consumer far behind drains its buffered fetches one poll's worth of records at a time, and a
 * partition can wait longer than a loss grace of polls for its records to be handed out. Only a
 * partition that has had no leader and no move for {@code giveUpMicros} of polling without a stall
 * is given up on and judged with the rest, so it cannot hold its own verdicts back forever; a partition held too long
 * for its ledger's ring has its oldest probes dropped unjudged, never called lost.
 *
 * <p><b>A fetch path that hangs</b> (a leader that still takes produce requests but never answers a
 * fetch) shows neither as a stall nor as lag: the consumer's lag comes from its last fetch response,
 * which is as old as the hang. So once a second, a partition that handed out no record for
 * {@code silenceMicros} is held like one that is behind, unless its log end can be read and the position
 * is at it (nothing was written: a producer that fails, a partition nobody probes). A log end that
 * cannot be read counts as more to read: a broker that hangs a fetch also hangs the requests queued
 * behind it on the same connection, as Kafka answers each connection in order. Partitions without a
 * leader are left to the rules above. Such a partition is released once its position reaches a log end
 * read while it was held. The bound must leave a detection (at most the bound plus a second and a
 * look-up) well inside a loss grace, so that no loss verdict is given before the hold: the consume probe
 * uses a quarter of the loss grace.
 *
 * <p><b>Threads.</b> The consume thread calls {@link #polled}; any thread calls
 * {@link #progressMicros(int)}, which never blocks.
 */
final class ConsumeProgress {

    /** What the consume thread can look up about the partitions it reads. */
    interface Reads {
        /** The partitions assigned now. */
        Collection<Integer> assigned();

        /** The consumer's position in {@code partition}, or -1 if it has none. */
        long position(int partition);

        /** The log ends of those of {@code partitions} that answer now; the others are left out. */
        Map<Integer, Long> logEnds(Collection<Integer> partitions);

        /** The partitions without a leader now, as far as the consumer knows (all of them if it cannot tell). */
        Set<Integer> leaderless();

        /**
         * The assigned partitions whose position is, by the consumer's own fetch results, about a
         * second of probes or more behind their log end.
         */
        Collection<Integer> lagging();

        /** The assigned partitions that handed out no record (nor were assigned) since {@code sinceMicros}. */
        Collection<Integer> silentSince(long sinceMicros);
    }

    /**
     * What {@link #polled} did beyond keeping up, for the caller to log: partitions given up on, and
     * partitions newly held because nothing was fetched from them though their log holds more.
     */
    record Outcome(List<Integer> gaveUp, List<Integer> unfetched) {
        static final Outcome NONE = new Outcome(List.of(), List.of());

        boolean isEmpty() {
            return gaveUp.isEmpty() && unfetched.isEmpty();
        }
    }

    private static final long NOT_HELD = Long.MAX_VALUE;
    /** How often the consumer's lag is looked at; each look walks every assigned partition. */
    static final long LAG_CHECK_MICROS = 1_000_000L;
    /**
     * How often held partitions are checked against their log ends: each check looks up every held
     * partition's position (10,000 at 10,000 partitions), too much for every poll of a consumer that is
     * behind already. Progress moves in steps of this much.
     */
    static final long CATCH_UP_CHECK_MICROS = 500_000L;

    private final long giveUpMicros;
    /** A partition that handed out no record for this long is checked for a hung fetch path. */
    private final long silenceMicros;
    /**
     * Progress of every partition not held: the start of the latest poll that completed without a
     * stall. It stands still while Vigil is starved; held partitions move on their own meanwhile.
     */
    private volatile long base;
    /** Per partition, the progress it is held at, or {@link #NOT_HELD}; replaced when it must grow. */
    private volatile AtomicLongArray held = new AtomicLongArray(0);
    /** Consume thread only: the held partitions still catching up. */
    private final Map<Integer, CatchUp> behind = new HashMap<>();
    /**
     * Consume thread only: caught up (or given up on) in the last poll, released once a poll completes
     * without a stall, whose start is then the base.
     */
    private final List<Integer> releasing = new ArrayList<>();
    /**
     * Consume thread only: time spent in polls that completed without a stall. A partition is given up
     * on only after a loss grace of it passed with no leader and no move of its position: while Vigil
     * itself is stalled, nothing shows whether the partition could be read.
     */
    private long activeMicros;
    private long lastPolledMicros;
    private long lastLagCheckMicros;
    private long lastCatchUpMicros;

    ConsumeProgress(long startMicros, long giveUpMicros, long silenceMicros) {
        this.base = startMicros;
        this.lastPolledMicros = startMicros;
        this.lastCatchUpMicros = startMicros - CATCH_UP_CHECK_MICROS;
        this.giveUpMicros = giveUpMicros;
        this.silenceMicros = silenceMicros;
    }

    /** Consume and loss verdicts on {@code partition}'s probes may be given for deadlines before this. */
    long progressMicros(int partition) {
        // Base first: a hold is set before the base moves past it, and a partition is released only
        // after the base reached where it was held; so whichever base this reads, it is never one that
        // outran a hold not seen below.
        long b = base;
        AtomicLongArray h = held;
        long v = partition < h.length() ? h.get(partition) : NOT_HELD;
        return v == NOT_HELD ? b : v;
    }

    /** Whether some partition is held (after a stall, until it caught up or was given up on). */
    boolean holding() {
        return !behind.isEmpty() || !releasing.isEmpty();
    }

    /**
     * A poll that began at {@code iterationStartMicros} completed at {@code nowMicros}; {@code stalled}
     * when the consume thread was stalled since the previous one completed.
     */
    Outcome polled(long iterationStartMicros, long nowMicros, boolean stalled, Reads reads) {
        List<Integer> unfetched = List.of();
        if (stalled) {
            // What this poll fed may all have been fetched before the stall: hold where progress stood.
            hold(reads.assigned());
        } else {
            if (nowMicros - lastLagCheckMicros >= LAG_CHECK_MICROS) {
                // Behind without a stall (a starved process, a backlog): the base would claim what is unread.
                lastLagCheckMicros = nowMicros;
                hold(reads.lagging());
                unfetched = unfetched(nowMicros, reads);
                hold(unfetched);
            }
            activeMicros += nowMicros - lastPolledMicros;
            base = iterationStartMicros;
            AtomicLongArray h = held;
            releasing.forEach(p -> h.set(p, NOT_HELD)); // the base has passed where they were held
            releasing.clear();
        }
        lastPolledMicros = nowMicros;
        List<Integer> gaveUp = List.of();
        if (!behind.isEmpty() && nowMicros - lastCatchUpMicros >= CATCH_UP_CHECK_MICROS) {
            lastCatchUpMicros = nowMicros;
            gaveUp = catchUp(nowMicros, reads);
        }
        return gaveUp.isEmpty() && unfetched.isEmpty() ? Outcome.NONE : new Outcome(gaveUp, unfetched);
    }

    /**
     * The partitions, not held yet and with a leader, that handed out no record for {@link #silenceMicros}
     * while their log holds more than their position, or their log end cannot be read.
     */
    private List<Integer> unfetched(long nowMicros, Reads reads) {
        List<Integer> silent = new ArrayList<>();
        for (int p : reads.silentSince(nowMicros - silenceMicros)) {
            if (!behind.containsKey(p)) {
                silent.add(p);
            }
        }
        if (silent.isEmpty()) {
            return List.of();
        }
        silent.removeAll(reads.leaderless());
        Map<Integer, Long> ends = reads.logEnds(silent);
        List<Integer> out = new ArrayList<>();
        for (int p : silent) {
            Long end = ends.get(p);
            if (end == null || reads.position(p) < end) {
                out.add(p);
            }
        }
        return out;
    }

    private void hold(Collection<Integer> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        long at = base;
        grow(partitions);
        AtomicLongArray h = held;
        for (int p : partitions) {
            CatchUp c = behind.get(p);
            if (c == null) {
                behind.put(p, new CatchUp(activeMicros));
                if (h.get(p) == NOT_HELD) {
                    h.set(p, at);
                }
            } else {
                c.endWanted = true; // probes written since are beyond the end it is chasing
            }
        }
        releasing.removeIf(behind::containsKey);
    }

    private void grow(Collection<Integer> assigned) {
        int needed = assigned.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        AtomicLongArray h = held;
        if (needed > h.length()) {
            AtomicLongArray bigger = new AtomicLongArray(Math.max(needed, 2 * h.length()));
            for (int i = 0; i < bigger.length(); i++) {
                bigger.set(i, i < h.length() ? h.get(i) : NOT_HELD);
            }
            held = bigger;
        }
    }

    private List<Integer> catchUp(long nowMicros, Reads reads) {
        List<Integer> wanting = new ArrayList<>();
        behind.forEach((p, c) -> {
            if (c.endWanted) {
                wanting.add(p);
            }
        });
        if (!wanting.isEmpty()) {
            // Read after nowMicros: an end read later is at least the end at nowMicros.
            reads.logEnds(wanting).forEach((p, end) -> {
                CatchUp c = behind.get(p);
                if (c != null && c.endWanted) {
                    c.chase(end, nowMicros);
                }
            });
        }
        List<Integer> gaveUp = new ArrayList<>();
        Set<Integer> leaderless = reads.leaderless();
        AtomicLongArray h = held;
        Iterator<Map.Entry<Integer, CatchUp>> it = behind.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, CatchUp> e = it.next();
            int p = e.getKey();
            CatchUp c = e.getValue();
            long position = reads.position(p);
            if (position > c.position || !leaderless.contains(p)) {
                c.lastAlive = activeMicros;
            }
            c.position = Math.max(c.position, position);
            while (c.end >= 0 && position >= c.end) {
                h.set(p, Math.max(h.get(p), c.endReadAt));
                c.reached();
                c.lastAlive = activeMicros;
            }
            if (c.end < 0 && !c.endWanted) {
                it.remove();
                releasing.add(p);
            } else if (activeMicros - c.lastAlive > giveUpMicros) {
                // Judged from the next poll that completes without a stall on, like a partition kept up with.
                it.remove();
                releasing.add(p);
                gaveUp.add(p);
            }
        }
        return gaveUp;
    }

    /**
     * One held partition: the log end it is chasing (read at {@code endReadAt}), and the one read after
     * a later stall, which it chases next. Two are enough: each end reached moves progress up to its
     * read time, and a stall while both are pending only replaces the second with a newer one.
     */
    private static final class CatchUp {
        long end = -1;
        long endReadAt;
        long nextEnd = -1;
        long nextEndReadAt;
        /** A stall came after the ends pending here were read (or none was read yet). */
        boolean endWanted = true;
        long position = -1;
        /** When, on the active clock ({@link #activeMicros}), it last had a leader or its position moved. */
        long lastAlive;

        CatchUp(long activeMicros) {
            this.lastAlive = activeMicros;
        }

        void chase(long logEnd, long readAtMicros) {
            if (end < 0) {
                end = logEnd;
                endReadAt = readAtMicros;
            } else {
                nextEnd = logEnd;
                nextEndReadAt = readAtMicros;
            }
            endWanted = false;
        }

        void reached() {
            end = nextEnd;
            endReadAt = nextEndReadAt;
            nextEnd = -1;
        }
    }
}
