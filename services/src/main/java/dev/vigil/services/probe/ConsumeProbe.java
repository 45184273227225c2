package dev.vigil.services.probe;

import dev.vigil.core.ledger.SequenceLedger;
import dev.vigil.core.probe.ProbeCodec;
import dev.vigil.core.probe.ProbeRecord;
import dev.vigil.core.service.Service;
import dev.vigil.core.time.MicroClock;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the monitor topic back with manual assignment of every partition (no consumer group, so
 * no rebalance can re-read or skip records) and feeds each probe to its partition's ledger.
 *
 * <p>Where it starts: at the first record written since this session began (found by timestamp),
 * else at the log end; so no probe of this session is missed, whether the consumer is assigned
 * before the producer's first send or after, and partitions added later are read from their
 * start. Records of other sessions and non-probe records are counted, never fed to a ledger.
 *
 * <p>A position that fell off the log (offset out of range, or log truncation detected through
 * leader epochs) means acknowledged data the probe had read is gone: it is counted as a
 * truncation and the probe resumes at the log end.
 */
public final class ConsumeProbe implements Service {

    private static final Logger log = LoggerFactory.getLogger(ConsumeProbe.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long REFRESH_MICROS = 5_000_000L;
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(5);

    private final String cluster;
    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final ProbeLedgers ledgers;
    private final MicroClock clock;
    private final long sessionStartMillis;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final AtomicLong foreignRecords = new AtomicLong();
    private final AtomicLong otherSessionRecords = new AtomicLong();
    private final AtomicLong truncations = new AtomicLong();
    private final AtomicLong truncatedOffsets = new AtomicLong();
    private volatile boolean running;
    private long lastRefreshMicros = Long.MIN_VALUE;
    private String lastError;

    public ConsumeProbe(String cluster, String topic, Consumer<byte[], byte[]> consumer, ProbeLedgers ledgers,
                        MicroClock clock, long sessionStartMillis) {
        this.cluster = cluster;
        this.topic = topic;
        this.consumer = consumer;
        this.ledgers = ledgers;
        this.clock = clock;
        this.sessionStartMillis = sessionStartMillis;
        this.thread = new Thread(this::run, "vigil-consume-" + cluster);
        this.thread.setDaemon(true);
    }

    @Override
    public void start() {
        running = true;
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean awaitShutdown(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Records on the topic that are not Vigil probes, or probes that name another partition. */
    public long foreignRecords() {
        return foreignRecords.get();
    }

    /** Probes of another producer session (an earlier run, another Vigil). */
    public long otherSessionRecords() {
        return otherSessionRecords.get();
    }

    public long truncations() {
        return truncations.get();
    }

    public long truncatedOffsets() {
        return truncatedOffsets.get();
    }

    private void run() {
        try {
            while (running) {
                try {
                    if (clock.nowMicros() - lastRefreshMicros >= REFRESH_MICROS || assigned.isEmpty()) {
                        lastRefreshMicros = clock.nowMicros();
                        refreshAssignment();
                    }
                    if (assigned.isEmpty()) {
                        Thread.sleep(POLL.toMillis());
                        continue;
                    }
                    handle(consumer.poll(POLL));
                    lastError = null;
                } catch (OffsetOutOfRangeException e) {
                    // also LogTruncationException, its subclass: an unclean election or lost disk
                    resumeAfterTruncation(e.offsetOutOfRangePartitions());
                } catch (WakeupException e) {
                    // stop() woke the consumer; the loop condition decides
                } catch (KafkaException e) {
                    String error = e.getClass().getSimpleName();
                    if (!error.equals(lastError)) {
                        log.warn("cluster={} consume probe failing: {}: {}", cluster, error, e.getMessage());
                        lastError = error;
                    }
                    Thread.sleep(500);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("cluster={} consume probe stopped by an unexpected error", cluster, e);
        } finally {
            running = false;
            stopped.countDown();
        }
    }

    private void handle(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            long now = clock.nowMicros();
            ProbeCodec.Decoded decoded = ProbeCodec.decode(record.value());
            ProbeRecord probe = decoded.probe();
            if (probe == null || probe.partition() != record.partition()) {
                foreignRecords.incrementAndGet();
                continue;
            }
            if (!probe.sameSession(ledgers.sessionHigh(), ledgers.sessionLow())) {
                otherSessionRecords.incrementAndGet();
                continue;
            }
            SequenceLedger ledger = ledgers.existing(record.partition());
            if (ledger != null) {
                ledger.received(probe.sequence(), now);
            }
        }
    }

    /** Assigns partitions not yet assigned, positioned at the first record of this session or the log end. */
    private void refreshAssignment() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, LOOKUP_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            return;
        }
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
        // End offsets first, then the timestamp lookup: if no record of this session existed at the
        // lookup, none existed below the earlier end offset either, so starting there misses nothing.
        Map<TopicPartition, Long> ends = consumer.endOffsets(fresh, LOOKUP_TIMEOUT);
        Map<TopicPartition, Long> query = new HashMap<>();
        fresh.forEach(tp -> query.put(tp, sessionStartMillis));
        Map<TopicPartition, OffsetAndTimestamp> sinceStart = consumer.offsetsForTimes(query, LOOKUP_TIMEOUT);
        Set<TopicPartition> all = new HashSet<>(assigned);
        all.addAll(fresh);
        consumer.assign(all);
        for (TopicPartition tp : fresh) {
            OffsetAndTimestamp first = sinceStart.get(tp);
            consumer.seek(tp, first != null ? first.offset() : ends.get(tp));
        }
        assigned.addAll(fresh);
        log.info("cluster={} consume probe assigned {} new partitions of {} ({} in all)",
                cluster, fresh.size(), topic, assigned.size());
    }

    private void resumeAfterTruncation(Map<TopicPartition, Long> positions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(positions.keySet(), LOOKUP_TIMEOUT);
        for (Map.Entry<TopicPartition, Long> e : positions.entrySet()) {
            long end = ends.get(e.getKey());
            long lost = Math.max(0, e.getValue() - end);
            truncations.incrementAndGet();
            truncatedOffsets.addAndGet(lost);
            log.error("cluster={} partition={} log truncated below the probe's position {} (log end now {}): "
                            + "{} acknowledged offsets are gone; resuming at the log end",
                    cluster, e.getKey().partition(), e.getValue(), end, lost);
            consumer.seek(e.getKey(), end);
        }
    }
}
