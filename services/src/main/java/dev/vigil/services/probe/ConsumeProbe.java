package dev.vigil.services.probe;

import dev.vigil.core.ledger.Receipt;
import dev.vigil.core.ledger.SequenceLedger;
import dev.vigil.core.probe.ProbeRecord;
import dev.vigil.core.stats.OtherRecords;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.kafka.AccessHints;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.consumer.LogTruncationException;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the monitor topic back with manual assignment of every partition (no consumer group, so
 * no rebalance can re-read or skip records) and feeds each probe to its partition's ledger.
 *
 * <p>Where it starts: on the partitions that existed when the session began, at the first record
 * written since shortly before then (found by timestamp), else at the log end; so no probe of this
 * session is missed, whether the consumer is assigned before the producer's first send or after.
 * A partition added to the topic later is read from its beginning, and only once it is positioned
 * does the produce probe start sending to it ({@link ProbeTargets}); where it starts is {@link StartOffsets}'.
 * Records of other sessions and non-probe records are counted, never fed to a ledger, nor are forged ones:
 * what each record is, is {@link ProbeReader}'s to say (in place: a probe must be in the partition it names,
 * at the offset it was written at).
 *
 * <p>A position that fell off the log means acknowledged data the probe had read is gone: it is
 * counted as a truncation with the number of offsets lost, the acked probes it had read in the cut
 * range are counted lost after read by the partition's ledger ({@link SequenceLedger#cut}), and the
 * probe resumes where the new log diverged (leader-epoch validation) or at the log end.
 */
public final class ConsumeProbe extends ProbeThread {

    private static final Logger log = LoggerFactory.getLogger(ConsumeProbe.class);
    /**
     * How long a poll waits when nothing arrives. A poll returns as soon as records do, so this only
     * paces the idle iterations; but each poll walks every assigned partition in the client (fetch
     * positions, fetch requests), and at 1,000 partitions idle 100 ms polls made the consume thread cost
     * a quarter more than the bare client's. Verdicts follow progress, so they wait at most this much longer.
     */
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long REFRESH_MICROS = 5_000_000L;
    /** How soon a partition the topic gained (or the producer probes) and this consumer lacks is looked up. */
    private static final long PENDING_REFRESH_MICROS = 200_000L;
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SINGLE_LOOKUP_TIMEOUT = Duration.ofMillis(500);
    /**
     * An iteration this much longer than a poll means the consume thread was stalled (a GC pause, CPU
     * starvation, a suspended host): probes written meanwhile are still unfetched on the brokers.
     */
    private static final long STALL_MICROS = POLL.toMillis() * 1_000L + 1_000_000L;

    private final String cluster;
    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final ProbeLedgers ledgers;
    private final ProbeTargets targets;
    private final MicroClock clock;
    private final long lookBackMillis;
    /** A partition this many records behind its high watermark is held ({@link ConsumeProgress}). */
    private final long laggingRecords;
    /**
     * A probe of this session received this long after its send means the consumer is behind (or the
     * cluster is slow): every partition is held until it reaches the log end read then. A quarter of
     * the loss grace: well above a healthy e2e latency, and a loss verdict needs a whole grace.
     */
    private final long behindMicros;
    /** Consume thread only: a probe older than {@link #behindMicros} was received since the last lag check. */
    private boolean receivedOld;
    private final Set<TopicPartition> assigned = new HashSet<>();
    /** The partition numbers of {@link #assigned}: checked five times a second, without building a TopicPartition each. */
    private final BitSet assignedIds = new BitSet();
    /** Partitions whose offset lookup failed (no leader), with the time before which not to retry. */
    private final Map<TopicPartition, Long> lookupBackoff = new HashMap<>();
    /** Positions that fell off the log, waiting to be resolved on the consume thread. */
    private final Map<TopicPartition, Long> outOfRange = new HashMap<>();
    private final OtherRecords otherRecords = new OtherRecords();
    private final AtomicLong truncations = new AtomicLong();
    private final AtomicLong truncatedOffsets = new AtomicLong();
    /** Consume thread only. */
    private final ProbeReader reader;
    private final StartOffsets sessionStart;
    /**
     * Consume thread only: per partition, when it last handed out a record or was assigned; a partition
     * silent for a quarter of the loss grace is checked for a hung fetch path ({@link ConsumeProgress}).
     */
    private long[] lastFetchedMicros = new long[0];
    /** Consume thread only: per partition, the leader epoch of the last record read (-1: none, or not known). */
    private int[] lastReadEpoch = new int[0];
    private final long silenceMicros;
    private final long lossGraceMicros;
    private final ConsumeProgress progress;
    private final ConsumeProgress.Reads reads = new KafkaReads();
    private long lastIterationEndMicros;
    private long lastRefreshMicros;
    private long lastPendingCheckMicros;
    private String lastError;

    public ConsumeProbe(String cluster, String topic, Consumer<byte[], byte[]> consumer, ProbeLedgers ledgers,
                        ProbeTargets targets, MicroClock clock, long sessionStartMillis, Duration lookBack,
                        Duration interval, ForgedRecords forged) {
        super(cluster, "consume");
        this.cluster = cluster;
        this.topic = topic;
        this.consumer = consumer;
        this.ledgers = ledgers;
        this.reader = ProbeReader.inPlace(ledgers, forged, otherRecords, topic);
        this.sessionStart = new StartOffsets(consumer, sessionStartMillis - lookBack.toMillis());
        this.targets = targets;
        this.clock = clock;
        this.lookBackMillis = lookBack.toMillis();
        // A second of probes: one record per partition per interval, and never fewer than 2 (one
        // record can be in flight between two fetches of a consumer that keeps up).
        this.laggingRecords = Math.max(2, (1_000 + interval.toMillis() - 1) / interval.toMillis());
        this.behindMicros = lookBack.toMillis() * 1_000L / 4;
        this.lossGraceMicros = lookBack.toMillis() * 1_000L;
        this.silenceMicros = silenceMicros(lookBack);
        this.lastIterationEndMicros = clock.nowMicros();
        this.progress = new ConsumeProgress(lastIterationEndMicros, lossGraceMicros, silenceMicros);
    }

    @Override
    protected void wake(Thread thread) {
        consumer.wakeup();
    }

    /**
     * Records on the topic that are not this session's probes: not Vigil probes, or another session's
     * probes that name another partition (foreign), or another producer session's (an earlier run, another Vigil).
     */
    public OtherRecords otherRecords() {
        return otherRecords;
    }

    public long truncations() {
        return truncations.get();
    }

    public long truncatedOffsets() {
        return truncatedOffsets.get();
    }

    /**
     * How long a partition may hand out no record before it is checked for a hung fetch path and, if its
     * log holds more (or its end cannot be read), held: a quarter of the loss grace. Probes come every
     * interval, and the loss grace is at least twice a fetch wait plus a second longer than that
     * ({@code ProbeConfig}), so a healthy partition is never silent this long; and a hold comes at most
     * this plus a second and a look-up after the last fetch, well inside the grace, before any loss
     * verdict on what the hang kept back.
     */
    static long silenceMicros(Duration lossGrace) {
        return lossGrace.toMillis() * 1_000L / 4;
    }

    /**
     * A time before which every acknowledged probe of {@code partition} has been fed to its ledger:
     * normally the start of the consume loop's latest iteration; after a stall, the read time of the
     * latest log end the consumer reached in that partition ({@link ConsumeProgress}). Loss and SLA
     * verdicts are not given past this point, so a stalled, starved or dead consume thread shows as
     * "no verdict yet", never as data loss.
     */
    public long progressMicros(int partition) {
        return progress.progressMicros(partition);
    }

    @Override
    protected void loop() throws InterruptedException {
        while (running) {
            long iterationStart = clock.nowMicros();
            try {
                if (!outOfRange.isEmpty()) {
                    resumeOutOfRange();
                }
                // Refresh every 5 s, or soon when the topic gained a partition or the producer probes one not yet read.
                // That check walks every partition, so it too runs once per PENDING_REFRESH, not once per poll.
                long sinceRefresh = iterationStart - lastRefreshMicros;
                boolean refreshDue = sinceRefresh >= REFRESH_MICROS;
                if (!refreshDue && sinceRefresh >= PENDING_REFRESH_MICROS
                        && iterationStart - lastPendingCheckMicros >= PENDING_REFRESH_MICROS) {
                    lastPendingCheckMicros = iterationStart;
                    refreshDue = hasUnassigned();
                }
                if (refreshDue) {
                    lastRefreshMicros = iterationStart;
                    refreshAssignment();
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(POLL.toMillis());
                    continue;
                }
                handle(consumer.poll(POLL));
                advanceProgress(iterationStart);
                lastError = null;
            } catch (WakeupException e) {
                // stop() woke the consumer; the loop condition decides
            } catch (LogTruncationException e) {
                resumeAtDivergence(e);
            } catch (OffsetOutOfRangeException e) {
                outOfRange.putAll(e.offsetOutOfRangePartitions()); // resolved at the top of the loop
            } catch (KafkaException e) {
                String error = e.getClass().getSimpleName();
                if (!error.equals(lastError)) {
                    log.warn("cluster={} consume probe failing: {}", cluster,
                            AccessHints.withHint(error + ": " + e.getMessage(), e, topic, "READ", "DESCRIBE"));
                    lastError = error;
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * Tells {@link ConsumeProgress} that a poll completed, and whether the thread was stalled since the
     * previous one: an iteration this much longer than a poll means probes written meanwhile are still
     * unfetched on the brokers. Without holding verdicts back then, a stall or a starved process that
     * fell more than a loss grace behind turned acked probes still in the log into false "lost acked".
     */
    private void advanceProgress(long iterationStart) {
        long now = clock.nowMicros();
        ConsumeProgress.Outcome outcome = progress.polled(iterationStart, now, now - lastIterationEndMicros > STALL_MICROS,
                reads);
        if (!outcome.unfetched().isEmpty()) {
            List<Integer> held = outcome.unfetched().stream().sorted().toList();
            log.warn("cluster={} consume probe fetched nothing from {} partitions for {} ms though their logs hold more"
                            + " (or their log ends cannot be read; leaders {}): holding their consume and loss verdicts"
                            + " until they catch up: {}", cluster, held.size(), silenceMicros / 1_000, leadersOf(held),
                    held.size() <= 20 ? held : held.subList(0, 20) + " … (first 20 listed)");
        }
        if (!outcome.gaveUp().isEmpty()) {
            List<Integer> gaveUp = outcome.gaveUp().stream().sorted().toList();
            log.warn("cluster={} consume probe could not catch up on {} partitions after a stall, without a leader "
                            + "and not read for {} ms of polling; judging their probes again: {}",
                    cluster, gaveUp.size(), lookBackMillis, gaveUp.size() <= 20 ? gaveUp
                            : gaveUp.subList(0, 20) + " … (first 20 listed)");
        }
        // Measured after the lookups above, so their own time is never taken for a stall.
        lastIterationEndMicros = clock.nowMicros();
    }

    /** What {@link ConsumeProgress} reads from the consumer, on the consume thread. */
    private final class KafkaReads implements ConsumeProgress.Reads {

        @Override
        public Collection<Integer> assigned() {
            return assignedIds.stream().boxed().toList();
        }

        /**
         * A position to validate or reset makes the consumer look it up here, and a truncated log or a
         * position off the log is raised here instead of by the next poll: those go to the loop, which
         * resumes the partition, or it would never be fetched again.
         */
        @Override
        public long position(int partition) {
            try {
                return consumer.position(new TopicPartition(topic, partition), SINGLE_LOOKUP_TIMEOUT);
            } catch (WakeupException | InvalidOffsetException e) {
                throw e;
            } catch (KafkaException e) {
                return -1;
            }
        }

        /**
         * Only partitions with a leader in the consumer's metadata are asked: one leaderless partition
         * would fail the lookup of all the others.
         */
        @Override
        public Map<Integer, Long> logEnds(Collection<Integer> partitions) {
            try {
                Set<Integer> leaderless = leaderless();
                List<TopicPartition> ask = partitions.stream().filter(p -> !leaderless.contains(p))
                        .map(p -> new TopicPartition(topic, p)).toList();
                Map<Integer, Long> ends = new HashMap<>();
                consumer.endOffsets(ask, SINGLE_LOOKUP_TIMEOUT).forEach((tp, end) -> ends.put(tp.partition(), end));
                return ends;
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                return Map.of(); // retried after the next poll
            }
        }

        /**
         * Every partition once an old probe was received: the consumer is handing out records fetched
         * long ago, and partitions whose turn has not come show nothing of it (their high watermark is
         * as old as their last fetch handed out). Otherwise, from the consumer's own fetch results:
         * its position against the high watermark of the last fetch response, no request. A second of
         * probes is one record per interval, more if others write to the topic too, which only makes
         * this hold a partition sooner.
         */
        @Override
        public Collection<Integer> lagging() {
            if (receivedOld) {
                receivedOld = false;
                return assigned();
            }
            List<Integer> out = new ArrayList<>();
            for (TopicPartition tp : assigned) {
                OptionalLong lag = consumer.currentLag(tp);
                if (lag.isPresent() && lag.getAsLong() >= laggingRecords) {
                    out.add(tp.partition());
                }
            }
            return out;
        }

        @Override
        public Collection<Integer> silentSince(long sinceMicros) {
            List<Integer> out = new ArrayList<>();
            for (int p = assignedIds.nextSetBit(0); p >= 0; p = assignedIds.nextSetBit(p + 1)) {
                if (lastFetchedMicros[p] < sinceMicros) {
                    out.add(p);
                }
            }
            return out;
        }

        /** From the consumer's cached metadata: no request unless it lacks the topic. */
        @Override
        public Set<Integer> leaderless() {
            Set<Integer> out = new HashSet<>();
            try {
                Set<Integer> led = new HashSet<>();
                for (PartitionInfo info : consumer.partitionsFor(topic, SINGLE_LOOKUP_TIMEOUT)) {
                    if (info.leader() != null && !info.leader().isEmpty()) {
                        led.add(info.partition());
                    }
                }
                assignedIds.stream().filter(p -> !led.contains(p)).forEach(out::add);
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                assignedIds.stream().forEach(out::add); // cannot tell: none is known to have a leader
            }
            return out;
        }
    }

    private void handle(ConsumerRecords<byte[], byte[]> records) {
        if (!records.isEmpty()) {
            long now = clock.nowMicros();
            for (TopicPartition tp : records.partitions()) {
                lastFetchedMicros[tp.partition()] = now;
            }
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            long now = clock.nowMicros();
            lastReadEpoch[record.partition()] = record.leaderEpoch().orElse(-1);
            ProbeReader.Read read = reader.read(record, now);
            if (read.kind() == ProbeReader.Kind.PROBE) { // the others are counted by the reader
                received(read, record.partition(), now);
            }
        }
    }

    private void received(ProbeReader.Read read, int partition, long now) {
        ProbeRecord probe = read.probe();
        if (read.receipt() == Receipt.AFTER_LOSS && read.ledger().wasCut(probe.sequence())) {
            log.warn("cluster={} partition={} probe sequence {} read again at its offset after a truncation had cut it:"
                    + " the cut proved false for it, counted in lostThenReceived", cluster, partition, probe.sequence());
        } else if (read.receipt() == Receipt.AFTER_LOSS) { // counted by the ledger's listener
            long late = now - probe.sendTimeMicros() - lossGraceMicros;
            log.warn("cluster={} partition={} leader={} probe sequence {} received {} ms past its loss deadline"
                            + " ({} ms after its send, loss grace {} ms), after it was judged lost ({}): a false loss"
                            + " verdict, counted in lostThenReceived",
                    cluster, partition, leaderName(read.ledger().leaderOf(probe.sequence())), probe.sequence(),
                    Math.max(0, late) / 1_000, (now - probe.sendTimeMicros()) / 1_000, lossGraceMicros / 1_000,
                    read.ledger().wasAcked(probe.sequence()) ? "acked" : "unacked");
        }
        if (now - probe.sendTimeMicros() > behindMicros) {
            receivedOld = true;
        }
    }

    private static String leaderName(int leader) {
        return leader < 0 ? "unknown" : Integer.toString(leader);
    }

    /** Leader by partition from the consumer's cached metadata, for a log line: "p:leader" each. */
    private String leadersOf(List<Integer> partitions) {
        Map<Integer, String> leaders = new HashMap<>();
        try {
            for (PartitionInfo info : consumer.partitionsFor(topic, SINGLE_LOOKUP_TIMEOUT)) {
                leaders.put(info.partition(), info.leader() == null || info.leader().isEmpty() ? "none"
                        : Integer.toString(info.leader().id()));
            }
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // the line still names the partitions
        }
        return partitions.stream().limit(20).map(p -> p + ":" + leaders.getOrDefault(p, "unknown")).toList().toString();
    }

    private boolean hasUnassigned() {
        for (int p : targets.existing()) {
            if (!assignedIds.get(p)) {
                return true;
            }
        }
        for (int p : ledgers.partitions()) {
            if (!assignedIds.get(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Assigns partitions not yet assigned (those the topic has, as the Admin API or the consumer's
     * metadata shows, and those the producer already probes), each positioned at the first record
     * written since shortly before this session began (or the log end), or at its beginning if it
     * was added during the session; then tells the producer it may probe them. A partition whose
     * offsets cannot be looked up now (no leader) is left for a later refresh, without holding up
     * the others.
     */
    private void refreshAssignment() {
        Set<Integer> ids = new TreeSet<>(ledgers.partitions());
        ids.addAll(targets.existing());
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, LOOKUP_TIMEOUT);
            if (infos != null) {
                infos.forEach(info -> ids.add(info.partition()));
            }
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // metadata unavailable: the partitions the producer probes are enough to go on
        }
        long now = clock.nowMicros();
        List<TopicPartition> fresh = new ArrayList<>();
        List<TopicPartition> retries = new ArrayList<>();
        for (int id : ids) {
            TopicPartition tp = new TopicPartition(topic, id);
            Long notBefore = lookupBackoff.get(tp);
            if (assigned.contains(tp) || (notBefore != null && now < notBefore)) {
                continue;
            }
            (notBefore == null ? fresh : retries).add(tp);
        }
        Map<TopicPartition, Long> start = new HashMap<>();
        if (!fresh.isEmpty()) {
            try {
                start.putAll(startOffsets(fresh, LOOKUP_TIMEOUT));
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                retries.addAll(fresh); // some partition has no leader: look them up one by one
            }
        }
        // One by one with a short timeout, and a leaderless partition waits 5 s before its next
        // lookup, so it never holds up polling the partitions that are fine.
        for (TopicPartition tp : retries) {
            try {
                start.putAll(startOffsets(List.of(tp), SINGLE_LOOKUP_TIMEOUT));
                lookupBackoff.remove(tp);
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException single) {
                lookupBackoff.put(tp, clock.nowMicros() + REFRESH_MICROS);
                log.debug("cluster={} partition={} offsets not available yet: {}", cluster, tp.partition(), single.toString());
            }
        }
        if (start.isEmpty()) {
            return;
        }
        sessionStart.assign(assigned, start);
        int highest = start.keySet().stream().mapToInt(TopicPartition::partition).max().orElse(-1);
        if (highest >= lastFetchedMicros.length) {
            int length = Math.max(highest + 1, 2 * lastFetchedMicros.length);
            lastFetchedMicros = Arrays.copyOf(lastFetchedMicros, length);
            int known = lastReadEpoch.length;
            lastReadEpoch = Arrays.copyOf(lastReadEpoch, length);
            Arrays.fill(lastReadEpoch, known, length, -1);
        }
        long assignedAt = clock.nowMicros();
        start.keySet().forEach(tp -> {
            assignedIds.set(tp.partition());
            lastFetchedMicros[tp.partition()] = assignedAt; // a start: silence is counted from here
        });
        List<Integer> positioned = start.keySet().stream().map(TopicPartition::partition).sorted().toList();
        positioned.forEach(ledgers::forPartition); // its scope exists ("no data yet") before the first probe
        targets.positioned(positioned);
        log.info("cluster={} consume probe assigned {} new partitions of {} ({} in all)",
                cluster, start.size(), topic, assigned.size());
    }

    private Map<TopicPartition, Long> startOffsets(List<TopicPartition> partitions, Duration timeout) {
        List<TopicPartition> added = partitions.stream().filter(tp -> targets.addedDuringSession(tp.partition())).toList();
        Map<TopicPartition, Long> out = new HashMap<>();
        if (!added.isEmpty()) {
            // Nothing of this session can be in it yet (the producer waits for this), so its beginning
            // is exact, and independent of the clocks a timestamp lookup would depend on.
            out.putAll(consumer.beginningOffsets(added, timeout));
        }
        List<TopicPartition> original = partitions.stream().filter(tp -> !added.contains(tp)).toList();
        if (!original.isEmpty()) {
            out.putAll(sessionStart.lookUp(original, timeout));
        }
        return out;
    }

    /**
     * After an unclean election or a lost disk the new leader's log diverged below the probe's
     * position: the offsets from the divergence point to the old position are gone. Resume at the
     * divergence point, so probes the new leader accepted since are still read.
     */
    private void resumeAtDivergence(LogTruncationException e) {
        e.offsetOutOfRangePartitions().forEach((tp, position) -> {
            OffsetAndMetadata divergent = e.divergentOffsets().get(tp);
            if (divergent == null) {
                outOfRange.put(tp, position); // no known divergence point (e.g. a lost disk): treat as out of range
            } else {
                recordTruncation(tp, position, divergent.offset(), divergent.leaderEpoch().orElse(-1));
                consumer.seek(tp, divergent.offset());
            }
        });
    }

    /**
     * A position above the log end means the log was truncated under it; resume at the end. A
     * position below the log start means records were deleted (retention, deleteRecords) before
     * the probe read them; resume at the start and let the ledger judge what is missing.
     */
    private void resumeOutOfRange() {
        Map<TopicPartition, Long> positions = new HashMap<>(outOfRange);
        Map<TopicPartition, Long> ends = consumer.endOffsets(positions.keySet(), LOOKUP_TIMEOUT);
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(positions.keySet(), LOOKUP_TIMEOUT);
        positions.forEach((tp, position) -> {
            long end = ends.get(tp);
            if (position > end) {
                recordTruncation(tp, position, end, -1);
                consumer.seek(tp, end);
            } else {
                long begin = starts.get(tp);
                log.warn("cluster={} partition={} records below offset {} were deleted before the probe read them "
                        + "(position {}); resuming at the log start", cluster, tp.partition(), begin, position);
                consumer.seek(tp, Math.max(begin, position));
            }
            outOfRange.remove(tp);
        });
    }

    /**
     * One event per truncation: the offsets cut, the leader epochs the consumer knows of (the last record it read
     * in the partition; the new leader's epoch whose end is the divergence point, when it told one), and the
     * acked probes read there that the ledger now counts lost after read.
     *
     * @param divergenceEpoch -1 when not known (a position off the log end, e.g. a lost disk)
     */
    private void recordTruncation(TopicPartition tp, long position, long resumeAt, int divergenceEpoch) {
        int partition = tp.partition();
        long lost = Math.max(0, position - resumeAt);
        truncations.incrementAndGet();
        truncatedOffsets.addAndGet(lost);
        SequenceLedger ledger = ledgers.existing(partition);
        SequenceLedger.Cut cut = ledger == null || lost == 0 ? SequenceLedger.Cut.NONE : ledger.cut(resumeAt, position);
        int epochBefore = partition < lastReadEpoch.length ? lastReadEpoch[partition] : -1;
        String unchecked = cut.rememberedFrom() > resumeAt && cut.rememberedFrom() != Long.MAX_VALUE
                ? "; offsets " + resumeAt + " to " + (Math.min(cut.rememberedFrom(), position) - 1) + " are older than"
                + " the last " + ledger.capacity() + " probes the ledger keeps, not checked" : "";
        log.error("cluster={} partition={} log truncated below the consume probe: offsets {} to {} ({}) are gone; "
                        + "leader epoch of the last record read {}, divergence at the end of epoch {}; {} acknowledged "
                        + "probes already read there are lost (lostAckedAfterRead){}; resuming at offset {}",
                cluster, partition, resumeAt, position - 1, lost, epochName(epochBefore), epochName(divergenceEpoch),
                cut.lostAfterRead(), unchecked, resumeAt);
    }

    private static String epochName(int epoch) {
        return epoch < 0 ? "unknown" : Integer.toString(epoch);
    }
}
