package dev.vigil.services.probe;

import dev.vigil.core.stats.MirrorStats;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.kafka.AccessHints;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the mirrored copy of the monitor topic in the target cluster (where a replicator such as
 * MirrorMaker 2 writes it) and marks each probe of this session received in its partition's mirror
 * ledger, keyed on the probe's own session, partition and sequence: the target's partition numbers
 * and offsets are the replicator's business and are not trusted ({@link ProbeReader}, copied).
 *
 * <p>Manual assignment of every partition of the mirrored topic, no group. A partition is read
 * from the first record stamped since shortly before the session began (the replicator keeps the
 * source's timestamps), else from the log end read before that lookup ({@link StartOffsets}), so no copy of this
 * session's probes is skipped whenever the topic or partition appears. A partition whose offsets
 * cannot be looked up (no leader) is assigned at a later refresh, without holding up the others.
 *
 * <p><b>Progress</b>, which mirror verdicts never run ahead of, is kept per partition of the mirrored
 * topic ({@link MirrorProgress}): the last time the consumer was seen to have read everything that
 * partition held. Log ends looked up at time T, and a position reaching them later, mean any probe not
 * seen yet was not in that partition at T. (Comparing positions with ends read at the same moment would
 * rarely succeed while probes keep arriving.) Each source partition's verdicts wait for the target
 * partitions its probes are read in, so one partition without a leader holds back only the source
 * partitions it mirrors. Ends are looked up in one call, and when that fails one partition at a time
 * with a short timeout, a failing one then only every {@link #LOOKUP_BACKOFF_MICROS}; after a
 * partition (or the whole target) could not be looked up, its probes are judged only once they have
 * had a full grace with it answering, so the replicator can copy the backlog ({@link ReadProgress}). A mirrored topic the target answers it does
 * not have counts as read to its (empty) end. So a stopped replicator shows as mirror failures and,
 * past the grace, loss; a target or partition that cannot be reached, or a consumer that falls
 * behind, shows as no verdict yet, never as loss.
 */
public final class MirrorProbe extends ProbeThread {

    private static final Logger log = LoggerFactory.getLogger(MirrorProbe.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long REFRESH_MICROS = 5_000_000L;
    /** While the mirrored topic is absent it is looked for this often, so it is read soon after it appears. */
    private static final long ABSENT_REFRESH_MICROS = 1_000_000L;
    private static final long CATCH_UP_CHECK_MICROS = 500_000L;
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(2);
    /** A partition looked up alone, after a look-up of several failed: short, as it blocks polling the others. */
    private static final Duration SINGLE_LOOKUP_TIMEOUT = Duration.ofMillis(500);
    /** How long a partition whose look-up failed is left alone before it is tried again, alone. */
    private static final long LOOKUP_BACKOFF_MICROS = 2_000_000L;

    private final String cluster;
    private final String target;
    private final String sourceTopic;
    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final MirrorStats stats;
    private final MicroClock clock;
    private final MirrorProgress progress;
    /** Mirror thread only. */
    private final ProbeReader reader;
    private final StartOffsets sessionStart;
    private final Set<TopicPartition> assigned = new HashSet<>();
    /** Per partition, log ends looked up that its position has not reached yet. */
    private final Map<TopicPartition, LogEnd> pendingEnds = new HashMap<>();
    /** Partitions whose latest look-up failed, with the time before which not to try again. */
    private final Map<TopicPartition, Long> lookupBackoff = new HashMap<>();
    private long lastRefreshMicros = Long.MIN_VALUE / 2;
    private long lastCheckMicros = Long.MIN_VALUE / 2;
    private boolean topicAbsent;
    private boolean absenceLogged;
    private String lastError;

    /**
     * @param cluster            the source cluster's name (logs)
     * @param target             the target cluster's name (logs)
     * @param sourceTopic        the monitor topic in the source (for the hint when it is not mirrored)
     * @param topic              the mirrored topic in the target
     * @param sessionStartMillis when the producer session began, on the clock the probes are stamped with
     * @param grace              the mirror loss grace: how far before the session start to look for the
     *                           first record, and how long verdicts wait for the replicator's backlog
     *                           after the target (or a partition) could not be looked up
     */
    public MirrorProbe(String cluster, String target, String sourceTopic, String topic,
                       Consumer<byte[], byte[]> consumer, ProbeLedgers ledgers, MirrorStats stats, MicroClock clock,
                       long sessionStartMillis, Duration grace, ForgedRecords forged) {
        super(cluster, "mirror");
        this.cluster = cluster;
        this.target = target;
        this.sourceTopic = sourceTopic;
        this.topic = topic;
        this.consumer = consumer;
        this.stats = stats;
        this.clock = clock;
        this.progress = new MirrorProgress(clock.nowMicros(), grace.toMillis() * 1_000L);
        this.reader = ProbeReader.copied(ledgers, forged, stats.otherRecords(), topic);
        this.sessionStart = new StartOffsets(consumer, sessionStartMillis - grace.toMillis());
    }

    /** The least progress of all partitions of the mirrored topic: every mirror verdict may be given up to here. */
    public long progressMicros() {
        return progress.minimum();
    }

    /** Up to when mirror verdicts on the probes of {@code sourcePartition} may be given (see {@link MirrorProgress}). */
    public long progressMicros(int sourcePartition) {
        return progress.forSource(sourcePartition);
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
                if (lastError != null && stats.reachable()) { // not while every look-up still fails
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
                progress.targetFailed();
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
            // No offset check: a mirrored record has another offset in the target, and the replicator
            // delivers at least once, so a second copy of a valid probe is a mirror duplicate (see README).
            ProbeReader.Read read = reader.read(record, clock.nowMicros());
            if (read.kind() == ProbeReader.Kind.PROBE) { // the others are counted by the reader
                progress.arrived(read.probe().partition(), record.partition());
            }
        }
    }

    /**
     * A partition whose position reached the log end looked up earlier has progress up to when that end
     * was looked up. At most every {@link #CATCH_UP_CHECK_MICROS} the ends are looked up again, whether
     * or not the last ones were reached: the look-up is also how an outage of the target, or of one
     * partition's leader, is seen.
     */
    private void advanceProgress() {
        pendingEnds.entrySet().removeIf(pending -> {
            TopicPartition tp = pending.getKey();
            // A partition failing its look-ups has no leader to fetch from: its position cannot move.
            if (lookupBackoff.containsKey(tp) || !reached(tp, pending.getValue().offset())) {
                return false;
            }
            progress.readUpTo(tp.partition(), pending.getValue().asOfMicros());
            return true;
        });
        long now = clock.nowMicros();
        if (now - lastCheckMicros >= CATCH_UP_CHECK_MICROS) {
            lastCheckMicros = now;
            // "now" is before the look-up: a record it counts may have been written after now, never before.
            // An older end not reached yet is kept: ends read later move on while probes keep arriving.
            Map<TopicPartition, Long> ends = lookUp(assigned, consumer::endOffsets);
            ends.forEach((tp, end) -> pendingEnds.putIfAbsent(tp, new LogEnd(end, now)));
            if (!ends.isEmpty()) {
                stats.reachable(true);
            } else if (lookupBackoff.keySet().containsAll(assigned)) {
                stats.reachable(false); // not one partition answered its latest look-up
            }
        }
    }

    private boolean reached(TopicPartition tp, long end) {
        try {
            return consumer.position(tp, SINGLE_LOOKUP_TIMEOUT) >= end;
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            return false; // a position to reset with no leader to ask; the next look-ups tell
        }
    }

    /** Log end {@code offset} of a partition, looked up at {@code asOfMicros}. */
    private record LogEnd(long offset, long asOfMicros) {
    }

    private void refreshAssignment(long asOf) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, LOOKUP_TIMEOUT);
        stats.reachable(true);
        progress.targetAnswered(clock.nowMicros());
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
            progress.found(info.partition());
            TopicPartition tp = new TopicPartition(topic, info.partition());
            if (!assigned.contains(tp)) {
                fresh.add(tp);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        // A partition whose offsets cannot be looked up now (no leader) is assigned at a later refresh.
        Map<TopicPartition, Long> start = lookUp(fresh, sessionStart::lookUp);
        if (start.isEmpty()) {
            return;
        }
        sessionStart.assign(assigned, start);
        log.info("cluster={} mirror probe reads {} new partitions of {} in cluster {} ({} in all)", cluster,
                start.size(), topic, target, assigned.size());
    }

    /**
     * Looks {@code partitions} up in one call; if that fails (some partition has no leader, or the target
     * is down), one at a time with a short timeout. A partition that fails is tried again only after
     * {@link #LOOKUP_BACKOFF_MICROS}, alone, so it never holds up the others for long. Tells the progress
     * which partitions answered and which did not.
     */
    private <V> Map<TopicPartition, V> lookUp(Collection<TopicPartition> partitions, Lookup<V> lookup) {
        long now = clock.nowMicros();
        List<TopicPartition> together = new ArrayList<>();
        List<TopicPartition> alone = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Long notBefore = lookupBackoff.get(tp);
            if (notBefore == null) {
                together.add(tp);
            } else if (now >= notBefore) {
                alone.add(tp);
            }
        }
        Map<TopicPartition, V> found = new HashMap<>();
        if (!together.isEmpty()) {
            try {
                found.putAll(lookup.apply(together, LOOKUP_TIMEOUT));
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                alone.addAll(together);
            }
        }
        List<Integer> failedNow = new ArrayList<>();
        String error = null;
        for (TopicPartition tp : alone) {
            try {
                found.putAll(lookup.apply(List.of(tp), SINGLE_LOOKUP_TIMEOUT));
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                progress.lookupFailed(tp.partition());
                if (lookupBackoff.put(tp, clock.nowMicros() + LOOKUP_BACKOFF_MICROS) == null) {
                    failedNow.add(tp.partition());
                    error = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
            }
        }
        long answered = clock.nowMicros();
        List<Integer> backNow = new ArrayList<>();
        for (TopicPartition tp : found.keySet()) {
            progress.lookupSucceeded(tp.partition(), answered);
            if (lookupBackoff.remove(tp) != null) {
                backNow.add(tp.partition());
            }
        }
        if (!failedNow.isEmpty()) {
            log.warn("cluster={} mirror probe cannot look up partitions {} of {} in cluster {} ({}); their mirror"
                    + " verdicts wait", cluster, sorted(failedNow), topic, target, error);
        }
        if (!backNow.isEmpty()) {
            log.info("cluster={} mirror probe looks up partitions {} of {} in cluster {} again; probes of the outage"
                    + " are judged once they have had a grace with them answering", cluster, sorted(backNow), topic, target);
        }
        return found;
    }

    private static List<Integer> sorted(List<Integer> partitions) {
        return partitions.stream().sorted().toList();
    }

    /** A consumer call that looks up something per partition within a timeout. */
    @FunctionalInterface
    private interface Lookup<V> {
        Map<TopicPartition, V> apply(Collection<TopicPartition> partitions, Duration timeout);
    }

    /** The target answered that it has no such topic: none of this session's probes is there. */
    private void noteAbsent(long asOf) {
        stats.topicPartitions(0);
        if (!assigned.isEmpty()) {
            return; // deleted under the consumer: the next poll's error says so; keep the assignment
        }
        topicAbsent = true;
        progress.topicAbsent(asOf);
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
