package dev.vigil.services.probe;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The timestamp of the record at a consumer group's committed offset (the oldest record the group has
 * not consumed), read with Vigil's own consumer: it assigns the partition, seeks to the offset and takes
 * the first record at or past it (past it when retention deleted the record, or a transaction marker
 * sits there). Each stamp is kept until the group's committed offset moves, so a group that stopped
 * costs one read, not one per evaluation; at most {@code maxReads} partitions are read per evaluation,
 * the rest wait for the next one. A topic Vigil may not read is said once and tried again a minute later
 * (its groups have no lag in seconds meanwhile). Confined to the lag probe's thread.
 */
final class RecordAges {

    /** One group's partition. */
    record GroupPartition(String group, TopicPartition partition) {
    }

    /** @param timestampMillis -1 for a record without one (message format 0) */
    private record Stamp(long offset, long timestampMillis) {
    }

    private static final Logger log = LoggerFactory.getLogger(RecordAges.class);

    private final String cluster;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final int maxReads;
    private final Duration timeout;
    private final LongSupplier nowMillis;
    private final Map<GroupPartition, Stamp> stamps = new HashMap<>();
    /**
     * Topics Vigil was refused READ on, with when (steady ms): left out of the reads for {@link #RETRY_MS}, so
     * that one refusal does not fail the other partitions' reads at every evaluation.
     */
    private final Map<String, Long> refused = new HashMap<>();
    static final long RETRY_MS = 60_000;
    private long reads;

    /**
     * @param timeout   how long one evaluation may wait for its reads; a partition not read by then is read
     *                  in the next
     * @param nowMillis the steady clock in milliseconds, for the timeout only
     */
    RecordAges(String cluster, KafkaConsumer<byte[], byte[]> consumer, int maxReads, Duration timeout,
               LongSupplier nowMillis) {
        this.cluster = cluster;
        this.consumer = consumer;
        this.maxReads = maxReads;
        this.timeout = timeout;
        this.nowMillis = nowMillis;
    }

    /** Partitions read since start, one per record fetched for its timestamp. */
    long reads() {
        return reads;
    }

    /**
     * The timestamps of the records at the given committed offsets, in epoch milliseconds; a partition not
     * read yet, or whose record carries no timestamp, is absent. Forgets every partition not asked for.
     *
     * @param committed the committed offset of each group's partition that has lag
     */
    Map<GroupPartition, Long> timestamps(Map<GroupPartition, Long> committed) throws InterruptedException {
        stamps.keySet().retainAll(committed.keySet());
        Map<TopicPartition, Long> toRead = new LinkedHashMap<>();
        committed.forEach((gp, offset) -> {
            Stamp s = stamps.get(gp);
            if ((s == null || s.offset() != offset) && toRead.size() < maxReads
                    && !refusedNow(gp.partition().topic())) {
                // One seek per partition per evaluation: another group at another offset waits for the next.
                toRead.putIfAbsent(gp.partition(), offset);
            }
        });
        Map<TopicPartition, Long> read = read(toRead);
        Map<GroupPartition, Long> out = new HashMap<>();
        committed.forEach((gp, offset) -> {
            Long ts = read.get(gp.partition());
            if (ts != null && offset.equals(toRead.get(gp.partition()))) {
                stamps.put(gp, new Stamp(offset, ts));
            }
            Stamp s = stamps.get(gp);
            if (s != null && s.offset() == offset && s.timestampMillis() >= 0) {
                out.put(gp, s.timestampMillis());
            }
        });
        return out;
    }

    private boolean refusedNow(String topic) {
        Long at = refused.get(topic);
        return at != null && nowMillis.getAsLong() - at < RETRY_MS;
    }

    /** The timestamp of the first record at or past each offset, for those read within the timeout. */
    private Map<TopicPartition, Long> read(Map<TopicPartition, Long> offsets) throws InterruptedException {
        Map<TopicPartition, Long> found = new HashMap<>();
        if (offsets.isEmpty()) {
            return found;
        }
        consumer.assign(offsets.keySet());
        offsets.forEach(consumer::seek);
        long deadline = nowMillis.getAsLong() + timeout.toMillis();
        while (found.size() < offsets.size() && nowMillis.getAsLong() < deadline) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = consumer.poll(Duration.ofMillis(Math.max(1, Math.min(200, deadline - nowMillis.getAsLong()))));
            } catch (TopicAuthorizationException e) {
                for (String topic : e.unauthorizedTopics()) {
                    if (refused.put(topic, nowMillis.getAsLong()) == null) {
                        log.warn("cluster={} topic={} lag in seconds not read: Vigil may not read it (grant READ on"
                                + " topic {} to Vigil's principal)", cluster, topic, topic);
                    }
                }
                break; // the others are read at the next evaluation
            }
            for (ConsumerRecord<byte[], byte[]> r : records) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (!found.containsKey(tp) && r.offset() >= offsets.get(tp)) {
                    if (refused.remove(tp.topic()) != null) {
                        log.info("cluster={} topic={} may be read again: its lag in seconds is read", cluster, tp.topic());
                    }
                    found.put(tp, r.timestamp());
                    consumer.pause(List.of(tp)); // one record is all it needs
                    reads++;
                }
            }
        }
        consumer.assign(Set.of());
        return found;
    }
}
