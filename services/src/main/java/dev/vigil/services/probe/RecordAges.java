package dev.vigil.services.probe;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
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
 * costs one read, not one per evaluation. A read is one fetch of a partition, and at most {@code maxReads}
 * partitions are read per evaluation, the rest wait for the next one; so that many groups on one partition
 * (a topic every application consumes) do not cost a read each, a read stamps every group whose committed
 * offset lies within the records it fetched (up to the consumer's {@code max.partition.fetch.bytes}), and it
 * starts at the offset of the group that has waited longest for a stamp, so that no group waits for ever
 * behind one that moves at every evaluation. A topic Vigil may not read is said once and tried again a
 * minute later (its groups have no lag in seconds meanwhile). Confined to the lag probe's thread.
 */
final class RecordAges {

    /** One group's partition. */
    record GroupPartition(String group, TopicPartition partition) {
    }

    /**
     * @param timestampMillis -1 for a record without one (message format 0)
     * @param evaluation      the evaluation that read it: the lower, the longer its group has waited since
     */
    private record Stamp(long offset, long timestampMillis, long evaluation) {
    }

    /** The records one read fetched of a partition, in offset order: from the offset it sought. */
    private record Fetched(long from, long[] offsets, long[] timestamps) {

        /** The timestamp of the first record at or past {@code offset}, if this read covered it; else null. */
        Long stampOf(long offset) {
            if (offset < from || offsets.length == 0 || offset > offsets[offsets.length - 1]) {
                return null;
            }
            int i = Arrays.binarySearch(offsets, offset);
            return timestamps[i >= 0 ? i : -i - 1];
        }
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
    private long evaluation;

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

    /** Partitions read since start, one per fetch of a partition for the timestamps of records in it. */
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
        evaluation++;
        stamps.keySet().retainAll(committed.keySet());
        // Of each partition, the group that has waited longest (never read first; of those, the lowest offset, so
        // that the read covers the most groups) decides where its read starts; the partitions waiting longest first.
        Comparator<GroupPartition> longestWaiting = Comparator.<GroupPartition>comparingLong(this::waitedSince)
                .thenComparingLong(committed::get);
        Map<TopicPartition, GroupPartition> first = new HashMap<>();
        committed.forEach((gp, offset) -> {
            Stamp s = stamps.get(gp);
            if ((s == null || s.offset() != offset) && !refusedNow(gp.partition().topic())) {
                first.merge(gp.partition(), gp, (a, b) -> longestWaiting.compare(a, b) <= 0 ? a : b);
            }
        });
        Map<TopicPartition, Long> toRead = new LinkedHashMap<>();
        first.values().stream().sorted(longestWaiting).limit(maxReads)
                .forEach(gp -> toRead.put(gp.partition(), committed.get(gp)));
        Map<TopicPartition, Fetched> read = read(toRead);
        Map<GroupPartition, Long> out = new HashMap<>();
        committed.forEach((gp, offset) -> {
            Fetched f = read.get(gp.partition());
            Long ts = f == null ? null : f.stampOf(offset);
            if (ts != null) {
                stamps.put(gp, new Stamp(offset, ts, evaluation));
            }
            Stamp s = stamps.get(gp);
            if (s != null && s.offset() == offset && s.timestampMillis() >= 0) {
                out.put(gp, s.timestampMillis());
            }
        });
        return out;
    }

    /** The evaluation that last read the group's partition; 0 when none did. */
    private long waitedSince(GroupPartition gp) {
        Stamp s = stamps.get(gp);
        return s == null ? 0 : s.evaluation();
    }

    private boolean refusedNow(String topic) {
        Long at = refused.get(topic);
        return at != null && nowMillis.getAsLong() - at < RETRY_MS;
    }

    /** One fetch of each partition from its offset, for those read within the timeout. */
    private Map<TopicPartition, Fetched> read(Map<TopicPartition, Long> offsets) throws InterruptedException {
        Map<TopicPartition, Fetched> found = new HashMap<>();
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
            for (TopicPartition tp : records.partitions()) {
                if (found.containsKey(tp)) {
                    continue;
                }
                List<ConsumerRecord<byte[], byte[]>> batch = records.records(tp);
                long[] at = new long[batch.size()];
                long[] ts = new long[batch.size()];
                for (int i = 0; i < at.length; i++) {
                    at[i] = batch.get(i).offset();
                    ts[i] = batch.get(i).timestamp();
                }
                if (refused.remove(tp.topic()) != null) {
                    log.info("cluster={} topic={} may be read again: its lag in seconds is read", cluster, tp.topic());
                }
                found.put(tp, new Fetched(offsets.get(tp), at, ts));
                consumer.pause(List.of(tp)); // one fetch each
                reads++;
            }
        }
        consumer.assign(Set.of());
        return found;
    }
}
