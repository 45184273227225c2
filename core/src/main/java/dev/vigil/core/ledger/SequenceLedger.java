package dev.vigil.core.ledger;

import dev.vigil.core.concurrent.FieldHandles;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The per-partition truth of one producer session: every sequence sent, whether it was acked or
 * failed, whether and how often it was received, and the final verdicts derived from that.
 *
 * <p><b>Threads.</b> The probe scheduler calls {@link #begin} and {@link #notAttempted}; the
 * producer's I/O thread calls {@link #acked} and {@link #failed}; the consumer thread calls
 * {@link #received}; a periodic task calls {@link #finalizeExpired}. Each call holds the ledger's
 * monitor for a few array accesses, so contention is short and there is no allocation; a
 * lock-free design would save little at one probe per partition per interval. The exception is
 * {@link #finalizeExpired} when nothing is due, the common case (a timer visits every ledger several
 * times per interval, 40,000 calls a second at 10,000 partitions): the earliest pending deadlines are
 * kept in volatile fields, refreshed under the monitor whenever the sequences or cursors move, so such
 * a call only raises the consumer's progress and returns without the monitor.
 *
 * <p><b>Verdicts</b> (README, "What the numbers mean"; every rule exactly: docs/design.md, "Verdict rules"):
 * <ul>
 * <li>produce: final at the ack (ok if within the ack SLA), at a failure, or as failed when the ack
 *     SLA passes without either; a later ack still counts for loss accounting;</li>
 * <li>consume: for acked sequences only; ok when received within the e2e SLA, failed when the e2e
 *     deadline passes without that (if the ack itself comes after the deadline, at the ack);</li>
 * <li>loss: when the loss grace passes, an acked sequence not received is lost-acked, a sequence with
 *     no ack and no certain failure is lost-unacked; a certain failure is never lost;</li>
 * <li>receipts: a second receipt of the same record is a duplicate; a first receipt below the highest
 *     sequence received is late, never lost.</li>
 * <li>replays: in a ledger that tracks offsets, a receipt at another offset than the one the sequence was
 *     acked at (or first received at, before its ack was seen) is a copy someone else wrote: the
 *     producer is idempotent and never writes a probe twice. It is returned as {@link Receipt#REPLAY}
 *     and changes nothing here, so a copy of a probe can neither hide its loss nor count twice.</li>
 * <li>lost, then received: a receipt of a sequence already judged lost is counted apart
 *     ({@link Receipt#AFTER_LOSS}), as long as its slot has not been reused; the loss verdict stands (a
 *     verdict is never taken back, and the loss counters are monotonic), so this count is the number
 *     of loss verdicts that proved false.</li>
 * <li>cut after read: when the partition's log is truncated below the consumer's position ({@link #cut}), every
 *     acked probe the consumer had read in the cut range, while its slot still holds it, is lost after read, once:
 *     a receipt can no longer make it lost-acked (it was received), and a probe already cut is not counted by a
 *     later cut. Read again at its own offset (the cut proved false), it counts as lost-then-received once,
 *     never as a duplicate.</li>
 * </ul>
 *
 * <p><b>Counts</b> are not kept here: every outcome goes to the {@link LedgerListener}, whose scopes are the
 * one place each is counted (what the metrics and the tests read).
 *
 * <p><b>Memory</b> is a fixed ring of {@code capacity} slots. Sequences leave it when their loss
 * grace passes; if {@code finalizeExpired} falls so far behind that the ring is full, the oldest
 * sequence leaves early (judged if the consumer has caught up past its grace, else counted as
 * unjudged), so memory stays bounded whatever the rate or outage length.
 */
public final class SequenceLedger {

    private static final int PENDING = 0, ACKED = 1, FAILED = 2, UNKNOWN = 3;
    private static final int RECEIVED = 1, RECEIVED_IN_SLA = 2, PRODUCE_FINAL = 4, CONSUME_FINAL = 8, JUDGED_LOST = 16,
            CUT = 32, READ_AFTER_CUT = 64;
    /** Where a slot's state and flags sit in its second long, above the leader's id. */
    private static final int STATE_SHIFT = 32, FLAGS_SHIFT = 40;

    private final long ackSlaMicros;
    private final long e2eSlaMicros;
    private final long graceMicros;
    private final LedgerListener listener;

    private final int mask;
    /**
     * Two longs per slot: the send time, then the leader's id (low 32 bits), the state and the flags;
     * a third, when offsets are tracked: the record's offset plus one (0: not known yet). Side by side
     * rather than in separate arrays: at 10,000 partitions each send, ack and receipt finds its
     * partition's ledger out of cache, and touches one line of it for the slot instead of four.
     */
    private final long[] slots;
    /** Longs per slot: 3 when offsets are tracked, else 2. */
    private final int stride;

    /** Next sequence to hand out; sequences below {@code oldest} are finalized and forgotten. */
    private long next;
    private long oldest;
    /** Sequences below these have had their produce / consume deadline checked. */
    private long produceCursor;
    private long consumeCursor;
    /** Sequences below this were received or certainly failed: no loss verdict can come of them. */
    private long lossCursor;
    private long highestReceived = -1;
    /**
     * Loss and e2e verdicts are given only for deadlines before this (the consumer's progress): the
     * highest progress offered so far, raised by compare-and-set, also by calls that skip the monitor.
     */
    private volatile long lossHorizon = Long.MIN_VALUE;
    /**
     * {@link #finalizeExpired} has an ack deadline to apply once the clock passes this, and an e2e or
     * loss deadline once the consumer's progress passes {@link #horizonDueAfter} ({@code Long.MAX_VALUE}:
     * none pending). Written under the monitor, read without it.
     */
    private volatile long ackDueAfter = Long.MAX_VALUE;
    private volatile long horizonDueAfter = Long.MAX_VALUE;
    /**
     * The earliest deadline that can still give a verdict ({@link #finalizeExpired}'s return), on the clock for an ack
     * deadline, by the consumer's progress for the others. Written under the monitor, read without it.
     */
    private volatile long verdictDueAfter = Long.MAX_VALUE;

    private static final VarHandle LOSS_HORIZON =
            FieldHandles.of(MethodHandles.lookup(), SequenceLedger.class, "lossHorizon", long.class);

    /** A ledger that does not track offsets (see the other constructor). */
    public SequenceLedger(long ackSlaMicros, long e2eSlaMicros, long graceMicros, int capacity, LedgerListener listener) {
        this(ackSlaMicros, e2eSlaMicros, graceMicros, capacity, listener, false);
    }

    /**
     * @param tracksOffsets whether {@link #acked(long, long, long)} and {@link #received(long, long, long)}
     *                      give the records' offsets, so that a copy of a probe at another offset is told
     *                      apart: true where the ledger's records are read from the partition they were
     *                      written to; a mirror's records have other offsets in the other cluster.
     */
    public SequenceLedger(long ackSlaMicros, long e2eSlaMicros, long graceMicros, int capacity, LedgerListener listener,
                          boolean tracksOffsets) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        if (!(ackSlaMicros > 0 && e2eSlaMicros > 0 && graceMicros > Math.max(ackSlaMicros, e2eSlaMicros))) {
            throw new IllegalArgumentException("need 0 < SLAs < grace");
        }
        this.ackSlaMicros = ackSlaMicros;
        this.e2eSlaMicros = e2eSlaMicros;
        this.graceMicros = graceMicros;
        this.listener = listener;
        this.mask = capacity - 1;
        this.stride = tracksOffsets ? 3 : 2;
        this.slots = new long[stride * capacity];
    }

    /** A ring that holds two loss-grace spans of sequences at the given interval, plus slack. */
    public static int capacityFor(long intervalMicros, long graceMicros) {
        long needed = 2 * ((graceMicros + intervalMicros - 1) / intervalMicros) + 64;
        return Integer.highestOneBit((int) Math.min(needed, 1 << 20) - 1) << 1;
    }

    /** Hands out the next sequence for a send made at {@code sendMicros} to a partition led by {@code leaderId}. */
    public synchronized long begin(long sendMicros, int leaderId) {
        if (next - oldest == capacity()) {
            evictOldest(sendMicros);
        }
        long seq = next++;
        int slot = (int) (seq & mask);
        slots[stride * slot] = sendMicros;
        slots[stride * slot + 1] = (leaderId & 0xFFFF_FFFFL) | (long) PENDING << STATE_SHIFT;
        if (stride == 3) {
            slots[3 * slot + 2] = 0;
        }
        refreshDue();
        return seq;
    }

    /** A scheduled send that could not be attempted on time: a failed attempt, never lost. */
    public synchronized long notAttempted(long scheduledMicros, int leaderId) {
        long seq = begin(scheduledMicros, leaderId);
        listener.notAttempted(leaderId);
        fail(seq, scheduledMicros, SendFailure.DEFINITE);
        return seq;
    }

    public synchronized void acked(long seq, long ackMicros) {
        acked(seq, ackMicros, -1);
    }

    /**
     * The ack of {@code seq}, written at {@code offset} (-1: not known). The offset is kept if the ledger
     * tracks offsets: it is where the record is, whatever a receipt seen before the ack said.
     */
    public synchronized void acked(long seq, long ackMicros, long offset) {
        if (!tracked(seq)) {
            return;
        }
        int slot = (int) (seq & mask);
        if (stride == 3 && offset >= 0) {
            slots[3 * slot + 2] = offset + 1;
        }
        if (state(slot) != PENDING) {
            return;
        }
        setState(slot, ACKED);
        long latency = ackMicros - sendTime(slot);
        listener.produceLatency(leader(slot), Math.max(0, latency));
        finalizeProduce(slot, latency <= ackSlaMicros, ackMicros);
        if ((flags(slot) & RECEIVED) != 0 || seq < consumeCursor) {
            // Received before its ack was seen, or acked after its e2e deadline was already checked
            // (up to the consumer's progress): the verdict is known now.
            finalizeConsume(slot, (flags(slot) & RECEIVED_IN_SLA) != 0, ackMicros);
        }
    }

    public synchronized void failed(long seq, long atMicros, SendFailure failure) {
        if (tracked(seq)) {
            fail(seq, atMicros, failure);
        }
    }

    private void fail(long seq, long atMicros, SendFailure failure) {
        int slot = (int) (seq & mask);
        if (state(slot) != PENDING) {
            return;
        }
        if (failure == SendFailure.DEFINITE) {
            setState(slot, FAILED);
        } else {
            setState(slot, UNKNOWN);
        }
        finalizeProduce(slot, false, atMicros);
    }

    public synchronized Receipt received(long seq, long receiveMicros) {
        return received(seq, receiveMicros, -1);
    }

    /**
     * A receipt of {@code seq}, read at {@code offset} (-1: not known, or not comparable). In a ledger that
     * tracks offsets, a receipt at another offset than the one known for the sequence is a
     * {@link Receipt#REPLAY} and counts nowhere else; the first receipt of a sequence whose ack has not
     * been seen yet gives the sequence its offset, until the ack tells the true one.
     */
    public synchronized Receipt received(long seq, long receiveMicros, long offset) {
        if (seq < 0 || seq >= next) {
            return Receipt.UNKNOWN;
        }
        int slot = (int) (seq & mask);
        boolean inRing = seq >= next - capacity();
        if (stride == 3 && offset >= 0 && inRing) {
            long known = slots[3 * slot + 2];
            if (known != 0 && known != offset + 1) {
                return Receipt.REPLAY;
            }
            if (known == 0) {
                slots[3 * slot + 2] = offset + 1; // also past its verdict: a later copy is then a replay
            }
        }
        if (inRing && (flags(slot) & (CUT | READ_AFTER_CUT)) == CUT) {
            // Read, cut away, and here again at its own offset: the cut that counted it lost proved false.
            addFlags(slot, READ_AFTER_CUT);
            listener.lostThenReceived(leader(slot));
            return Receipt.AFTER_LOSS;
        }
        if (seq < oldest) {
            // A slot is reused by the sequence a capacity later: until then it still holds the verdict.
            if (inRing && (flags(slot) & (JUDGED_LOST | RECEIVED)) == JUDGED_LOST) {
                addFlags(slot, RECEIVED);
                listener.lostThenReceived(leader(slot));
                listener.e2eLatency(leader(slot), Math.max(0, receiveMicros - sendTime(slot)));
                return Receipt.AFTER_LOSS;
            }
            listener.receivedAfterGrace(inRing ? leader(slot) : -1, inRing);
            return Receipt.AFTER_GRACE;
        }
        if ((flags(slot) & RECEIVED) != 0) {
            listener.duplicate(leader(slot), seq, receiveMicros);
            return Receipt.DUPLICATE;
        }
        long e2e = receiveMicros - sendTime(slot);
        addFlags(slot, RECEIVED);
        if (e2e <= e2eSlaMicros) {
            addFlags(slot, RECEIVED_IN_SLA);
        }
        listener.e2eLatency(leader(slot), Math.max(0, e2e));
        if (state(slot) == ACKED) {
            finalizeConsume(slot, e2e <= e2eSlaMicros, receiveMicros);
        }
        if (seq < highestReceived) {
            listener.late(leader(slot), seq, receiveMicros);
            return Receipt.LATE;
        }
        highestReceived = seq;
        return Receipt.IN_ORDER;
    }

    /**
     * The partition's log lost the offsets {@code [fromOffset, toOffset)} under the consumer (an unclean leader
     * election, a lost disk): each acked probe the consumer had already read there is lost after read, reported
     * once to the listener. Only sequences whose slots the ring still holds (the last {@link #capacity()} sent) are
     * known; {@link Cut#rememberedFrom()} says from which offset the ledger could tell. A ledger that does not
     * track offsets knows nothing of offsets and counts nothing.
     */
    public synchronized Cut cut(long fromOffset, long toOffset) {
        if (stride != 3) {
            return Cut.NONE;
        }
        int counted = 0;
        long rememberedFrom = Long.MAX_VALUE;
        // The whole ring, under the lock: a truncation is rare, and 2^20 slots at most take milliseconds.
        for (long seq = Math.max(0, next - capacity()); seq < next; seq++) {
            int slot = (int) (seq & mask);
            long offset = slots[3 * slot + 2] - 1;
            if (offset < 0) {
                continue;
            }
            rememberedFrom = Math.min(rememberedFrom, offset);
            if (offset >= fromOffset && offset < toOffset && state(slot) == ACKED
                    && (flags(slot) & (RECEIVED | CUT)) == RECEIVED) {
                addFlags(slot, CUT);
                listener.lostAckedAfterRead(leader(slot), seq, sendTime(slot));
                counted++;
            }
        }
        // A ring that never wrapped still holds every sequence of the session: nothing below it was forgotten.
        return new Cut(counted, next <= capacity() ? Math.min(rememberedFrom, fromOffset) : rememberedFrom);
    }

    /**
     * What {@link #cut} found.
     *
     * @param lostAfterRead  acked probes read in the cut range, counted now
     * @param rememberedFrom the lowest offset the ledger still knew a probe at ({@code Long.MAX_VALUE}: none); cut
     *                       offsets below it held probes sent too long ago to be checked
     */
    public record Cut(int lostAfterRead, long rememberedFrom) {

        /** Nothing cut, nothing known. */
        public static final Cut NONE = new Cut(0, Long.MAX_VALUE);
    }

    /** Whether {@code seq} was counted lost after read by a {@link #cut}, while its slot still holds it. */
    public synchronized boolean wasCut(long seq) {
        return seq >= 0 && seq < next && seq >= next - capacity() && (flags((int) (seq & mask)) & CUT) != 0;
    }

    /** Applies every deadline that has passed by {@code nowMicros}: ack SLA, e2e SLA and loss grace. */
    public void finalizeExpired(long nowMicros) {
        finalizeExpired(nowMicros, nowMicros);
    }

    /**
     * Applies the ack SLA deadlines passed by {@code nowMicros}, and the e2e SLA and loss-grace
     * deadlines passed by {@code consumedUpToMicros}, the time up to which the consumer has fed
     * every record it fetched: a stalled consumer delays consume verdicts, it never fakes a loss.
     */
    public long finalizeExpired(long nowMicros, long consumedUpToMicros) {
        long horizon = raiseLossHorizon(consumedUpToMicros);
        if (nowMicros <= ackDueAfter && horizon <= horizonDueAfter && nowMicros < verdictDueAfter) {
            return verdictDueAfter; // nothing due: what the loops below would find, without the monitor
        }
        return applyDeadlines(nowMicros);
    }

    /**
     * When a verdict of this ledger can next come due, for a timer that sleeps until then: the ack SLA of the
     * first probe whose produce verdict is open, the e2e SLA of the first whose consume verdict is open (acked, or
     * not yet resolved), the loss grace of the first neither received nor certainly failed; {@code Long.MAX_VALUE}
     * when none is open. The e2e and loss deadlines apply once the consumer's progress passes them, which is
     * never before the clock does; a probe begun later has later deadlines. A verdict given meanwhile (an ack, a
     * receipt) can make it early, never late: the next {@link #finalizeExpired} at or after it looks again.
     */
    public long verdictDueMicros() {
        return verdictDueAfter;
    }

    private synchronized long applyDeadlines(long nowMicros) {
        long horizon = lossHorizon;
        produceCursor = Math.max(produceCursor, oldest);
        while (produceCursor < next && sendTime((int) (produceCursor & mask)) + ackSlaMicros < nowMicros) {
            finalizeProduce((int) (produceCursor & mask), false, nowMicros);
            produceCursor++;
        }
        consumeCursor = Math.max(consumeCursor, oldest);
        while (consumeCursor < next && sendTime((int) (consumeCursor & mask)) + e2eSlaMicros < horizon) {
            int slot = (int) (consumeCursor & mask);
            if (state(slot) == ACKED) {
                finalizeConsume(slot, (flags(slot) & RECEIVED_IN_SLA) != 0, nowMicros);
            }
            consumeCursor++;
        }
        while (oldest < next && sendTime((int) (oldest & mask)) + graceMicros < horizon) {
            finalizeOldest(nowMicros);
        }
        refreshDue();
        return verdictDueAfter;
    }

    /** Raises {@link #lossHorizon} to {@code consumedUpToMicros} unless it is higher already; returns it. */
    private long raiseLossHorizon(long consumedUpToMicros) {
        long horizon = lossHorizon;
        while (consumedUpToMicros > horizon) {
            if (LOSS_HORIZON.compareAndSet(this, horizon, consumedUpToMicros)) {
                return consumedUpToMicros;
            }
            horizon = lossHorizon;
        }
        return horizon;
    }

    /**
     * Recomputes the deadlines {@link #finalizeExpired} waits for, from the entries its loops look at
     * first; after anything that moves {@code next}, {@code oldest} or a cursor. Writes only what changed,
     * so a steady-state {@link #begin} (cursors behind {@code next}) stores nothing.
     */
    private void refreshDue() {
        skipVerdictsGiven();
        long ack = produceCursor < next ? sendTime((int) (produceCursor & mask)) + ackSlaMicros : Long.MAX_VALUE;
        long consume = consumeCursor < next ? sendTime((int) (consumeCursor & mask)) + e2eSlaMicros : Long.MAX_VALUE;
        long loss = lossCursor < next ? sendTime((int) (lossCursor & mask)) + graceMicros : Long.MAX_VALUE;
        long horizon = consume;
        if (oldest < next) {
            horizon = Math.min(horizon, sendTime((int) (oldest & mask)) + graceMicros);
        }
        long verdict = Math.min(ack, Math.min(consume, loss));
        if (ack != ackDueAfter) {
            ackDueAfter = ack;
        }
        if (horizon != horizonDueAfter) {
            horizonDueAfter = horizon;
        }
        if (verdict != verdictDueAfter) {
            verdictDueAfter = verdict;
        }
    }

    /**
     * Moves each cursor past the sequences whose verdict of its kind is already given (at the ack, at a receipt, at
     * a certain failure), so that the deadlines above are only those that can still give one. Each cursor passes
     * each sequence once, here or in {@link #applyDeadlines}, where passing a sequence whose verdict is given does
     * nothing either; a consume verdict is given at the ack for a sequence below the consume cursor, which stops at
     * every sequence not resolved yet.
     */
    private void skipVerdictsGiven() {
        produceCursor = Math.max(produceCursor, oldest);
        while (produceCursor < next && (flags((int) (produceCursor & mask)) & PRODUCE_FINAL) != 0) {
            produceCursor++;
        }
        consumeCursor = Math.max(consumeCursor, oldest);
        while (consumeCursor < next && consumeVerdictGiven((int) (consumeCursor & mask))) {
            consumeCursor++;
        }
        lossCursor = Math.max(lossCursor, oldest);
        while (lossCursor < next && ((flags((int) (lossCursor & mask)) & RECEIVED) != 0
                || state((int) (lossCursor & mask)) == FAILED)) {
            lossCursor++;
        }
    }

    /** Final, or never to have one: only an acked sequence gets a consume verdict, and a resolved one is never acked. */
    private boolean consumeVerdictGiven(int slot) {
        int state = state(slot);
        return state == FAILED || state == UNKNOWN || (flags(slot) & CONSUME_FINAL) != 0;
    }

    /**
     * The ring is full: the oldest sequence must go. If the consumer has caught up past its loss
     * grace, its verdict is due anyway; otherwise it is dropped unjudged (counted apart), because
     * calling it lost would blame the cluster for a stalled consumer.
     */
    private void evictOldest(long nowMicros) {
        int slot = (int) (oldest & mask);
        if (sendTime(slot) + graceMicros < lossHorizon) {
            finalizeOldest(nowMicros);
        } else {
            finalizeProduce(slot, false, nowMicros);
            listener.unjudged(leader(slot));
            oldest++;
        }
    }

    private void finalizeOldest(long nowMicros) {
        int slot = (int) (oldest & mask);
        finalizeProduce(slot, false, nowMicros);
        if (state(slot) == ACKED) {
            finalizeConsume(slot, (flags(slot) & RECEIVED_IN_SLA) != 0, nowMicros);
        }
        if ((flags(slot) & RECEIVED) == 0) {
            if (state(slot) == ACKED) {
                addFlags(slot, JUDGED_LOST);
                listener.lost(leader(slot), true, oldest, sendTime(slot));
            } else if (state(slot) != FAILED) {
                addFlags(slot, JUDGED_LOST);
                listener.lost(leader(slot), false, oldest, sendTime(slot));
            }
        }
        oldest++;
    }

    private void finalizeProduce(int slot, boolean ok, long atMicros) {
        if ((flags(slot) & PRODUCE_FINAL) != 0) {
            return;
        }
        addFlags(slot, PRODUCE_FINAL);
        listener.produceFinalized(leader(slot), ok, atMicros);
    }

    private void finalizeConsume(int slot, boolean ok, long atMicros) {
        if ((flags(slot) & CONSUME_FINAL) != 0) {
            return;
        }
        addFlags(slot, CONSUME_FINAL);
        listener.consumeFinalized(leader(slot), ok, atMicros);
    }

    /**
     * The leader {@code seq} was sent to, while its slot still holds it (also a while after its
     * verdicts), else -1: for a log line about a receipt, not for the hot path.
     */
    public synchronized int leaderOf(long seq) {
        return seq >= 0 && seq < next && seq >= next - capacity() ? leader((int) (seq & mask)) : -1;
    }

    /** Whether {@code seq} was acked, while its slot still holds it (see {@link #leaderOf}); false otherwise. */
    public synchronized boolean wasAcked(long seq) {
        return leaderOf(seq) >= 0 && state((int) (seq & mask)) == ACKED;
    }

    private boolean tracked(long seq) {
        return seq >= oldest && seq < next;
    }

    /** Sequences held in memory now; never more than the capacity. */
    public synchronized int trackedSequences() {
        return (int) (next - oldest);
    }

    public int capacity() {
        return slots.length / stride;
    }

    /** Longs per slot: 3 when the ledger tracks offsets, else 2 (for memory estimates). */
    public static int longsPerSlot(boolean tracksOffsets) {
        return tracksOffsets ? 3 : 2;
    }

    private long sendTime(int slot) {
        return slots[stride * slot];
    }

    private int leader(int slot) {
        return (int) slots[stride * slot + 1];
    }

    private int state(int slot) {
        return (int) (slots[stride * slot + 1] >>> STATE_SHIFT) & 0xFF;
    }

    private void setState(int slot, int state) {
        long meta = slots[stride * slot + 1];
        slots[stride * slot + 1] = (meta & ~(0xFFL << STATE_SHIFT)) | (long) state << STATE_SHIFT;
    }

    private int flags(int slot) {
        return (int) (slots[stride * slot + 1] >>> FLAGS_SHIFT) & 0xFF;
    }

    private void addFlags(int slot, int flags) {
        slots[stride * slot + 1] |= (long) flags << FLAGS_SHIFT;
    }
}
