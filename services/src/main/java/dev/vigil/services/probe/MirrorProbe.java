package dev.vigil.services.probe;

import dev.vigil.core.ledger.SequenceLedger;
import dev.vigil.core.probe.ProbeCodec;
import dev.vigil.core.probe.ProbeRecord;
import dev.vigil.core.stats.MirrorStats;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.kafka.AccessHints;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the mirrored copy of the monitor topic in the target cluster (where a replicator such as
 * MirrorMaker 2 writes it) and marks each probe of this session received in its partition's mirror
 * ledger, keyed on the probe's own session, partition and sequence: the target's partition numbers
 * and offsets are the replicator's business and are not trusted.
 *
 * <p>Manual assignment of every partition of the mirrored topic, no group. A partition is read
 * from the first record stamped since shortly before the session began (the replicator keeps the
 * source's timestamps), else from the log end read before that lookup, so no copy of this
 * session's probes is skipped whenever the topic or partition appears.
 *
 * <p><b>Progress</b>, which mirror verdicts never run ahead of, is the last time the consumer was
 * seen to have read everything the target held: log ends looked up at time T, and every position
 * reaching them later, mean any probe not seen yet was not in the target at T. (Comparing positions
 * with ends read at the same moment would rarely succeed while probes keep arriving.) A mirrored topic the target
 * answers it does not have counts as read to its (empty) end. So a stopped replicator shows as
 * mirror failures and, past the grace, loss; a target that cannot be reached, or a consumer that
 * falls behind, shows as no verdict yet, never as loss.
 */
public final class MirrorProbe extends ProbeThread {

    private static final Logger log = LoggerFactory.getLogger(MirrorProbe.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long REFRESH_MICROS = 5_000_000L;
    /** While the mirrored topic is absent it is looked for this often, so it is read soon after it appears. */
    private static final long ABSENT_REFRESH_MICROS = 1_000_000L;
    private static final long CATCH_UP_CHECK_MICROS = 500_000L;
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(2);

    private final String cluster;
    private final String target;
    private final String sourceTopic;
    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final ProbeLedgers ledgers;
    private final MirrorStats stats;
    private final MicroClock clock;
    private final long lookFromMillis;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private volatile long progressMicros;
    private long lastRefreshMicros = Long.MIN_VALUE / 2;
    private long lastCheckMicros = Long.MIN_VALUE / 2;
    /** Log ends read at {@link #pendingAsOf} that the positions have not all reached yet; null when none. */
    private Map<TopicPartition, Long> pendingEnds;
    private long pendingAsOf;
    private boolean topicAbsent;
    private boolean absenceLogged;
    private String lastError;

    /**
     * @param cluster            the source cluster's name (logs)
     * @param target             the target cluster's name (logs)
     * @param sourceTopic        the monitor topic in the source (for the hint when it is not mirrored)
     * @param topic              the mirrored topic in the target
     * @param sessionStartMillis when the producer session began, on the clock the probes are stamped with
     * @param lookBack           how far before that to look for the first record (the mirror grace)
     */
    public MirrorProbe(String cluster, String target, String sourceTopic, String topic,
                       Consumer<byte[], byte[]> consumer, ProbeLedgers ledgers, MirrorStats stats, MicroClock clock,
                       long sessionStartMillis, Duration lookBack) {
        super(cluster, "mirror");
        this.cluster = cluster;
        this.target = target;
        this.sourceTopic = sourceTopic;
        this.topic = topic;
        this.consumer = consumer;
        this.ledgers = ledgers;
        this.stats = stats;
        this.clock = clock;
        this.lookFromMillis = Math.max(0, sessionStartMillis - lookBack.toMillis());
        this.progressMicros = clock.nowMicros();
    }

    /** The last time everything in the target had been read; mirror verdicts are given up to here only. */
    public long progressMicros() {
        return progressMicros;
    }

    @Override
    protected void wake(Thread thread) {
        consumer.wakeup();
    }

    @Override
    protected void loop() throws InterruptedException {
        while (running) {
            long iterationStart = clock.nowMicros();
            try {
                long sinceRefresh = iterationStart - lastRefreshMicros;
                if (sinceRefresh >= REFRESH_MICROS || (assigned.isEmpty() && sinceRefresh >= ABSENT_REFRESH_MICROS)) {
                    lastRefreshMicros = iterationStart;
                    refreshAssignment(iterationStart);
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(POLL.toMillis());
                    continue;
                }
                handle(consumer.poll(POLL));
                advanceProgress();
                if (lastError != null) {
                    log.info("cluster={} mirror probe reads {} in cluster {} again", cluster, topic, target);
                    lastError = null;
                }
            } catch (WakeupException e) {
                // stop() woke the consumer; the loop condition decides
            } catch (OffsetOutOfRangeException e) {
                // Records deleted (retention) or truncated under the position: not this probe's to judge,
                // the ledger's grace decides what is missing; resume at the log end.
                log.warn("cluster={} mirror probe position fell off {} in cluster {} ({}); resuming at the log end",
                        cluster, topic, target, e.offsetOutOfRangePartitions());
                consumer.seekToEnd(e.offsetOutOfRangePartitions().keySet());
            } catch (KafkaException e) {
                stats.reachable(false);
                String error = e.getClass().getSimpleName();
                if (!error.equals(lastError)) {
                    log.warn("cluster={} mirror probe cannot read {} in cluster {}: {}; mirror verdicts wait", cluster,
                            topic, target, AccessHints.withHint(error + ": " + e.getMessage(), e, topic, "READ", "DESCRIBE"));
                    lastError = error;
                }
                Thread.sleep(500);
            }
        }
    }

    private void handle(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            long now = clock.nowMicros();
            ProbeRecord probe = ProbeCodec.decode(record.value()).probe();
            if (probe == null) {
                stats.foreignRecord();
                continue;
            }
            if (!probe.sameSession(ledgers.sessionHigh(), ledgers.sessionLow())) {
                stats.otherSessionRecord();
                continue;
            }
            SequenceLedger ledger = ledgers.existingMirror(probe.partition());
            if (ledger != null) {
                ledger.received(probe.sequence(), now);
            }
        }
    }

    /**
     * Once every position reached the log ends read earlier, progress moves to when they were read;
     * then, at most every {@link #CATCH_UP_CHECK_MICROS}, the ends are read again.
     */
    private void advanceProgress() {
        if (pendingEnds != null) {
            for (Map.Entry<TopicPartition, Long> end : pendingEnds.entrySet()) {
                if (consumer.position(end.getKey(), LOOKUP_TIMEOUT) < end.getValue()) {
                    return;
                }
            }
            progressMicros = Math.max(progressMicros, pendingAsOf);
            pendingEnds = null;
        }
        long now = clock.nowMicros();
        if (now - lastCheckMicros >= CATCH_UP_CHECK_MICROS) {
            lastCheckMicros = now;
            pendingEnds = consumer.endOffsets(assigned, LOOKUP_TIMEOUT);
            pendingAsOf = now; // before the look-up: a record it counts may have been written after now, never before
            stats.reachable(true);
        }
    }

    private void refreshAssignment(long asOf) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, LOOKUP_TIMEOUT);
        stats.reachable(true);
        if (infos == null || infos.isEmpty()) {
            noteAbsent(asOf);
            return;
        }
        if (topicAbsent) {
            log.info("cluster={} mirror topic {} appeared in cluster {} with {} partitions", cluster, topic, target,
                    infos.size());
            topicAbsent = false;
        }
        stats.topicPartitions(infos.size());
        List<TopicPartition> fresh = new ArrayList<>();
        for (PartitionInfo info : infos) {
            TopicPartition tp = new TopicPartition(topic, info.partition());
            if (!assigned.contains(tp)) {
                fresh.add(tp);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        // End offsets before the timestamp lookup: a record stamped since the lookup time that was not
        // there at the lookup is above the earlier end, so starting there misses nothing.
        Map<TopicPartition, Long> ends = consumer.endOffsets(fresh, LOOKUP_TIMEOUT);
        Map<TopicPartition, Long> query = new HashMap<>();
        fresh.forEach(tp -> query.put(tp, lookFromMillis));
        Map<TopicPartition, OffsetAndTimestamp> since = consumer.offsetsForTimes(query, LOOKUP_TIMEOUT);
        Set<TopicPartition> all = new HashSet<>(assigned);
        all.addAll(fresh);
        consumer.assign(all);
        for (TopicPartition tp : fresh) {
            OffsetAndTimestamp first = since.get(tp);
            consumer.seek(tp, first != null ? first.offset() : ends.get(tp));
        }
        assigned.addAll(fresh);
        log.info("cluster={} mirror probe reads {} new partitions of {} in cluster {} ({} in all)", cluster,
                fresh.size(), topic, target, assigned.size());
    }

    /** The target answered that it has no such topic: none of this session's probes is there. */
    private void noteAbsent(long asOf) {
        stats.topicPartitions(0);
        if (!assigned.isEmpty()) {
            return; // deleted under the consumer: the next poll's error says so; keep the assignment
        }
        topicAbsent = true;
        progressMicros = Math.max(progressMicros, asOf);
        if (!absenceLogged) {
            absenceLogged = true;
            String hint = sourceTopic.startsWith("__") || sourceTopic.startsWith(".")
                    ? " (MirrorMaker 2's default replication policy never mirrors a topic whose name starts with"
                    + " \"__\" or \".\", such as " + sourceTopic + ": give this cluster another monitor topic)"
                    : " (is the replicator running and replicating " + sourceTopic + "?)";
            log.warn("cluster={} mirror topic {} does not exist in cluster {}{}; probes count as not mirrored",
                    cluster, topic, target, hint);
        }
    }
}
