package dev.vigil.core.window;

import dev.vigil.core.concurrent.FieldHandles;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Where {@link LatencyWindow#record} puts {@link LatencyIndex} indexes until a harvest drains them:
 * a short log of indexes, and past it counts by index ({@link ChunkedCounts}), in each of two phases that a drain
 * swaps, as HdrHistogram's recorders do.
 *
 * <p>Why not a {@code PackedArrayRecorder} alone: a partition's window gets one value a second and is
 * drained every few seconds, and taking a handful of values out of a packed array costs a tree walk per
 * value and a clear of the array, in every window at every harvest; a recorder and its two arrays are
 * also hundreds of bytes per window. A few slots hold such a window's values as they come. Scopes with
 * more values between drains (brokers, the cluster) fill the log and go on counting in chunked arrays.
 *
 * <p><b>Threads.</b> Any number of writers call {@link #record}; into the log it is wait-free (two
 * atomic increments of the phase epochs and one to claim a slot). Past the log, the writers of one phase take
 * its lock to count in plain arrays: a {@code ConcurrentPackedLongArray} (what HdrHistogram's packed
 * recorders use) can livelock with two writers and a reader, or four writers, hammering it
 * (HdrHistogram 2.2.2), and the lock is uncontended for a window with one writing thread. No reader
 * ever holds it. One reader at a time calls {@link #drainTo} (the owning window's monitor serializes
 * them); it flips the phase and waits only for writers already in the old one.
 *
 * <p>The epochs are HdrHistogram's {@code WriterReaderPhaser} protocol, kept in this object's own fields:
 * the phaser is an object of its own with a reader lock, three more objects per window (20,000 windows at
 * 10,000 partitions) and one more cache line for each record to reach, and the caller already serializes
 * the readers.
 */
final class IndexLog {

    /** Slots per phase: a partition's values between two harvests at one probe a second, with room. */
    static final int SLOTS = 16;
    /** Counts past the slots a drain must find for the phase to keep its {@link ChunkedCounts} for the next time. */
    static final int KEEP_OVERFLOW_ABOVE = 4 * SLOTS;

    private static final VarHandle START_EPOCH = epoch("startEpoch");
    private static final VarHandle EVEN_END_EPOCH = epoch("evenEndEpoch");
    private static final VarHandle ODD_END_EPOCH = epoch("oddEndEpoch");

    private static VarHandle epoch(String field) {
        return FieldHandles.of(MethodHandles.lookup(), IndexLog.class, field, long.class);
    }

    /**
     * Writers entered since the last flip, counted up from 0 in an even phase and from
     * {@code Long.MIN_VALUE} in an odd one, so its sign tells a writer which end epoch to count its exit in.
     */
    private volatile long startEpoch;
    /** Writers that left an even / odd phase; a flip waits for the old phase's to reach its start epoch. */
    private volatile long evenEndEpoch;
    private volatile long oddEndEpoch = Long.MIN_VALUE;
    private volatile Phase active = new Phase();
    /** The phase writers do not use, empty; the reader's alone. */
    private Phase idle = new Phase();

    void record(int index) {
        long critical = (long) START_EPOCH.getAndAdd(this, 1L);
        try {
            active.add(index);
        } finally {
            (critical < 0 ? ODD_END_EPOCH : EVEN_END_EPOCH).getAndAdd(this, 1L);
        }
    }

    /** Appends what was recorded since the last drain to {@code into} (empty), by ascending index. */
    void drainTo(SparseCounts into) {
        Phase sample = active;
        active = idle;
        // Writers that may still hold the old phase leave it before this returns; later ones see the new one.
        flipPhase();
        sample.drainTo(into);
        idle = sample;
    }

    /**
     * Starts a new epoch and waits until every writer that entered the old one has left it: they are the
     * only ones that may have read the phase just swapped out.
     */
    private void flipPhase() {
        boolean nextIsEven = startEpoch < 0;
        long initial = nextIsEven ? 0 : Long.MIN_VALUE;
        (nextIsEven ? EVEN_END_EPOCH : ODD_END_EPOCH).setRelease(this, initial);
        long startedInOld = (long) START_EPOCH.getAndSet(this, initial);
        while ((nextIsEven ? oddEndEpoch : evenEndEpoch) != startedInOld) {
            Thread.yield(); // a writer between its two increments: a few instructions, unless descheduled
        }
    }

    private static final class Phase {

        private static final VarHandle USED = FieldHandles.of(MethodHandles.lookup(), Phase.class, "used", int.class);

        private final int[] slots = new int[SLOTS];
        /** Slots claimed; past {@link #SLOTS} by at most the writers that raced for the last one. */
        private volatile int used;
        /**
         * Counts past the slots, made by the first writer that needs it; kept (cleared at each drain) by a
         * scope that keeps filling it, dropped by one that overflowed once. Writers touch it under this
         * phase's lock; the reader after the flip, when no writer can.
         */
        private ChunkedCounts overflow;

        void add(int index) {
            // Checked first so that a busy scope's writers stop claiming slots: the count stays bounded.
            if (used < SLOTS) {
                int slot = (int) USED.getAndAdd(this, 1);
                if (slot < SLOTS) {
                    slots[slot] = index;
                    return;
                }
            }
            synchronized (this) {
                if (overflow == null) {
                    overflow = new ChunkedCounts();
                }
                overflow.increment(index);
            }
        }

        /** Only once no writer can be in this phase; leaves it empty. */
        void drainTo(SparseCounts into) {
            int n = Math.min(used, SLOTS);
            Arrays.sort(slots, 0, n);
            for (int i = 0; i < n; i++) {
                into.append(slots[i], 1);
            }
            used = 0;
            if (overflow != null) {
                SparseCounts more = new SparseCounts();
                overflow.drainTo(more);
                into.add(more);
                // A partition's window overflows only after a burst (a consumer catching up, a late harvest):
                // only a scope that keeps overflowing keeps its arrays, or every such phase would hold them idle.
                if (more.total() < KEEP_OVERFLOW_ABOVE) {
                    overflow = null;
                }
            }
        }
    }
}
