package dev.vigil.services.probe;

import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.ledger.SendFailure;
import dev.vigil.core.probe.ProbeCodec;
import dev.vigil.core.probe.ProbeMac;
import dev.vigil.core.probe.ProbeRecord;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.kafka.AccessHints;
import dev.vigil.services.kafka.SendErrors;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends one probe to every partition of the monitor topic each {@code probe.interval.ms}, on a
 * fixed schedule, asynchronously; a round sends each leader's partitions together ({@link RoundOrder}).
 *
 * <p>Sends never wait for acks, so a slow or dead leader delays only the probes of the partitions
 * it leads. The schedule is kept honest: rounds missed because a round's sends blocked (the producer
 * waiting for metadata or buffer space) record every probe as a failed attempt, and once one send
 * of a tick blocks, the rest of that tick is recorded as not attempted instead of blocking again;
 * so a stalled producer lowers availability instead of quietly sending less. Rounds missed while
 * this thread was merely waiting for its next round (a stall of Vigil's own) are skipped instead;
 * see {@link #catchUp}.
 *
 * <p>Runs on its own thread; acks arrive on the producer's I/O thread.
 */
public final class ProduceProbe extends ProbeThread {

    private static final Logger log = LoggerFactory.getLogger(ProduceProbe.class);

    private final String cluster;
    private final String topic;
    private final ProbeConfig config;
    private final long interval;
    private final Producer<byte[], byte[]> producer;
    private final ProbeLedgers ledgers;
    /** Probe thread only: signs every probe, built once ({@code Mac} instances are not thread-safe). */
    private final ProbeMac mac;
    private final ProbeErrors errors;
    private final MicroClock clock;
    /** Partitions whose last send failed, with the error class, so logs say when failing starts and ends. */
    private final Map<Integer, String> failing = new ConcurrentHashMap<>();
    /** The last error of each partition's sends, for logs that point at a broker. */
    private final Map<Integer, String> lastError = new ConcurrentHashMap<>();
    private final ProbeTargets targets;
    /** Where the per-partition failing and recovered lines go; it groups them when many change at once. */
    private final PartitionTransitionLog transitions;
    /** Leaders by partition from the producer's metadata, as of the last round. */
    private volatile Map<Integer, Integer> leaders = Map.of();
    /**
     * Probe thread only: the producer's partition list {@link #leaders} was read from. The producer hands out
     * the same list until its metadata changes, so the leaders (and the round's order) are rebuilt only then.
     */
    private List<PartitionInfo> leadersFrom;
    /** Probe thread only: the round's order ({@link RoundOrder}) for the current {@link #leaders}; null once they change. */
    private int[] order;
    /** Touched only on the probe thread. */
    private boolean blockedThisRound;
    /** Probes sent more than one interval after their round was due, or not sent because their round was missed. */
    private final AtomicLong behindSchedule = new AtomicLong();

    /**
     * @param targets the partitions to probe; those known at start are probed even before the
     *                producer's first metadata, so that rounds missed then still count as failed
     * @param transitions worded {@link PartitionTransitionLog#SEND_ERRORS}; its owner flushes it on a tick
     */
    public ProduceProbe(String cluster, String topic, ProbeTargets targets, ProbeConfig config,
                        Producer<byte[], byte[]> producer, ProbeLedgers ledgers, ProbeErrors errors, MicroClock clock,
                        PartitionTransitionLog transitions) {
        super(cluster, "produce");
        this.cluster = cluster;
        this.topic = topic;
        this.config = config;
        this.interval = config.interval().toMillis() * 1_000L;
        this.producer = producer;
        this.ledgers = ledgers;
        this.mac = ledgers.key().newMac();
        this.errors = errors;
        this.clock = clock;
        this.targets = targets;
        this.transitions = transitions;
    }

    @Override
    protected void wake(Thread thread) {
        LockSupport.unpark(thread);
    }

    /** The partitions the next round probes. */
    public int partitionCount() {
        return targets.probed().size();
    }

    /**
     * Probes sent more than one interval after their round was due, plus the probes of rounds missed
     * altogether (failed when the producer blocked, skipped when this thread stalled): the schedule
     * adherence of Vigil's probing (a busy or paused JVM, too many partitions for one thread to send
     * in an interval, a blocked producer), apart from the cluster's availability.
     */
    public long behindSchedule() {
        return behindSchedule.get();
    }

    /**
     * The error of the partition's latest failed send since its last ack, to tag failure logs with;
     * "none" when its sends are merely unanswered so far.
     */
    public String lastError(int partition) {
        return lastError.getOrDefault(partition, lastError.getOrDefault(-1, "none"));
    }

    @Override
    protected void loop() {
        awaitFirstMetadata();
        long next = clock.nowMicros();
        long lastRoundEnded = next;
        while (running) {
            long wait = next - clock.nowMicros();
            if (wait > 0) {
                LockSupport.parkNanos(wait * 1_000L);
                continue;
            }
            long late = -wait;
            if (late >= interval) {
                catchUp(next, late / interval, lastRoundEnded);
                next += late / interval * interval;
            }
            tick(next);
            lastRoundEnded = clock.nowMicros();
            next += interval;
        }
    }

    /**
     * Rounds that fell due while the previous round was still sending are the producer's: it blocked
     * on metadata or buffer space, so they count as failed attempts (no coordinated omission). Rounds
     * that fell due after it had returned, while this thread waited for its next round, were missed
     * by a stall of Vigil's own (a GC pause, a starved CPU): nothing was tried and the cluster is not
     * at fault, so they are skipped, not failed. Both count as behind schedule.
     */
    private void catchUp(long firstDue, long missed, long lastRoundEnded) {
        long failed = 0;
        long skipped = 0;
        for (long k = 0; k < missed; k++) {
            long due = firstDue + k * interval;
            if (due < lastRoundEnded) {
                behindSchedule.addAndGet(recordNotAttempted(due));
                failed++;
            } else {
                behindSchedule.addAndGet(sendableCount());
                skipped++;
            }
        }
        if (failed > 0) {
            log.warn("cluster={} produce probe fell behind schedule while sending (producer blocked); rounds counted "
                    + "as failed: {}", cluster, failed);
        }
        if (skipped > 0) {
            log.warn("cluster={} produce probe thread stalled between rounds (GC pause or busy CPU in Vigil's "
                    + "process); rounds skipped, not counted as failed: {}", cluster, skipped);
        }
    }

    /**
     * A fresh producer has no metadata, and its first {@code partitionsFor} would fail the first
     * round at every start. The schedule therefore begins once metadata is there, or after one ack
     * SLA at the latest, from when on rounds that cannot be sent count as failed.
     */
    private void awaitFirstMetadata() {
        long deadline = clock.nowMicros() + config.produceAckSla().toMillis() * 1_000L;
        while (running && clock.nowMicros() < deadline) {
            try {
                readLeaders();
                return;
            } catch (KafkaException e) {
                // retried until the deadline; the schedule's failures will tell the rest
                LockSupport.parkNanos(50_000_000L);
            }
        }
    }

    private void tick(long scheduledMicros) {
        try {
            readLeaders();
        } catch (KafkaException e) {
            // No metadata within max.block.ms: the whole round could not be attempted.
            recordNotAttempted(scheduledMicros);
            noteFailure(-1, ClusterStats.NO_LEADER, e);
            return;
        }
        blockedThisRound = false;
        List<Integer> probed = targets.probed();
        if (order == null || order.length != probed.size()) { // the probed partitions only grow
            order = RoundOrder.byLeader(probed, this::leaderOf);
        }
        for (int partition : order) {
            if (!running) {
                return; // stopping: the producer may already be closed
            }
            if (!sendable(partition)) {
                continue;
            }
            int leader = leaderOf(partition);
            PartitionLedgers ledger = ledgers.forSend(partition);
            if (blockedThisRound) {
                ledger.notAttempted(scheduledMicros, leader);
                continue;
            }
            long sendMicros = clock.nowMicros();
            if (sendMicros - scheduledMicros > interval) {
                behindSchedule.incrementAndGet();
            }
            long seq = ledger.begin(sendMicros, leader);
            byte[] value = ProbeCodec.encode(
                    new ProbeRecord(ledgers.sessionHigh(), ledgers.sessionLow(), partition, seq, sendMicros),
                    config.recordSizeBytes(), mac);
            // The send time in the payload is steady time, what latency is computed from; the record's
            // CreateTime is the wall clock, which the broker checks against its own: steady time drifts
            // apart from it by every step of the wall clock since start, and past the broker's
            // log.message.timestamp.after.max.ms (or before.max.ms) every probe would be refused.
            ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(topic, partition, clock.wallMillis(), null, value);
            try {
                producer.send(record, (metadata, error) -> complete(ledger, partition, leader, seq,
                        metadata != null && metadata.hasOffset() ? metadata.offset() : -1, error));
            } catch (KafkaException e) {
                noteFailure(partition, leader, e);
                ledger.failed(seq, clock.nowMicros(), SendFailure.DEFINITE);
            }
        }
    }

    private void complete(PartitionLedgers ledger, int partition, int leader, long seq, long offset, Exception error) {
        long now = clock.nowMicros();
        if (error == null) {
            ledger.acked(seq, now, offset);
            // Every ack runs this on the producer's I/O thread; the maps are empty while nothing fails, and
            // looking a partition up boxes its number (an allocation above 127). A put racing this check is
            // ordered as if it came after the removals, as it could have before.
            if (!lastError.isEmpty()) {
                lastError.remove(-1);
                lastError.remove(partition);
            }
            if (!failing.isEmpty()) {
                failing.remove(-1);
                if (failing.remove(partition) != null) {
                    transitions.recovered(partition, Integer.toString(leader));
                }
            }
        } else if (onProbeThread()) {
            // The producer reports errors raised inside send() (max.block.ms passed waiting for
            // metadata or buffer space, record too large) through the callback, on this thread:
            // the record never left, so it can never be lost; and once one send of a round has
            // blocked, the rest of the round is not attempted rather than blocking again.
            noteFailure(partition, leader, error);
            ledger.failed(seq, now, SendFailure.DEFINITE);
            blockedThisRound |= error instanceof TimeoutException;
        } else {
            noteFailure(partition, leader, error);
            ledger.failed(seq, now, SendErrors.classify(error));
        }
    }

    /** Before the ledger learns of the failure: whoever sees it counted finds its error recorded too. */
    private void noteFailure(int partition, int leader, Throwable error) {
        String name = SendErrors.name(error);
        errors.record(leader, name, clock.nowMicros());
        lastError.put(partition, name);
        // Once stopping, closing the producer fails every send in flight: one line per partition (10,000
        // of them at 10,000 partitions) that says nothing about the cluster.
        if (running && !name.equals(failing.put(partition, name))) {
            String detail = AccessHints.withHint(name + ": " + error.getMessage(), error, topic, "WRITE", null);
            if (partition < 0) { // one line already, whatever the partition count: nothing to group
                log.warn("cluster={} all partitions produce probe failing: {}", cluster, detail);
            } else {
                transitions.failing(partition, Integer.toString(leader), name, "", detail);
            }
        }
    }

    private int sendableCount() {
        int count = 0;
        for (int partition : targets.probed()) {
            if (sendable(partition)) {
                count++;
            }
        }
        return count;
    }

    /** Returns how many probes were recorded. */
    private int recordNotAttempted(long scheduledMicros) {
        int recorded = 0;
        for (int partition : targets.probed()) {
            if (sendable(partition)) {
                ledgers.forSend(partition).notAttempted(scheduledMicros, leaderOf(partition));
                recorded++;
            }
        }
        return recorded;
    }

    /**
     * A partition added during the session is probed from the first round the producer's metadata
     * has it: sending earlier would block the round on a metadata fetch and fail the probe for a
     * reason that says nothing about the cluster. Partitions known at start are always due, so a
     * producer that cannot get metadata at all shows as failed probes.
     */
    private boolean sendable(int partition) {
        return leaders.containsKey(partition) || !targets.addedDuringSession(partition);
    }

    /** The leader in the producer's metadata, else as the Admin API last saw it (before the first metadata). */
    private int leaderOf(int partition) {
        Integer known = leaders.get(partition);
        return known != null ? known : targets.lastKnownLeader(partition);
    }

    private void readLeaders() {
        List<PartitionInfo> infos = producer.partitionsFor(topic);
        if (infos != leadersFrom) {
            leaders = leadersOf(infos);
            leadersFrom = infos;
            order = null;
        }
    }

    private static Map<Integer, Integer> leadersOf(List<PartitionInfo> infos) {
        Map<Integer, Integer> out = new java.util.HashMap<>();
        for (PartitionInfo info : infos) {
            Node leader = info.leader();
            out.put(info.partition(), leader == null || leader.isEmpty() ? ClusterStats.NO_LEADER : leader.id());
        }
        return out;
    }
}
