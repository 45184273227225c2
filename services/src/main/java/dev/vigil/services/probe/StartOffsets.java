package dev.vigil.services.probe;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where the consume and mirror probes start reading a partition: at the first record stamped since a
 * time shortly before the session began, else at the log end; and the assignment that puts them there.
 *
 * <p>End offsets are looked up before the timestamps: if no record stamped since that time existed at the
 * timestamp lookup, none existed below the earlier end offset either, so starting there misses nothing.
 * Reaching back before the session start (by the loss grace) keeps a broker clock behind Vigil's
 * (LogAppendTime topics) from hiding the first probes; the extra records read are another session's and
 * are only counted.
 */
final class StartOffsets {

    private final Consumer<byte[], byte[]> consumer;
    private final long sinceMillis;

    /** @param sinceMillis the wall-clock time of the first record to read (the session start less a grace) */
    StartOffsets(Consumer<byte[], byte[]> consumer, long sinceMillis) {
        this.consumer = consumer;
        this.sinceMillis = Math.max(0, sinceMillis);
    }

    /** Start offsets of {@code partitions}; throws what the consumer throws when one cannot be looked up. */
    Map<TopicPartition, Long> lookUp(Collection<TopicPartition> partitions, Duration timeout) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, sinceMillis));
        Map<TopicPartition, OffsetAndTimestamp> since = consumer.offsetsForTimes(query, timeout);
        Map<TopicPartition, Long> start = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp first = since.get(tp);
            start.put(tp, first != null ? first.offset() : ends.get(tp));
        }
        return start;
    }

    /**
     * Adds the partitions of {@code start} to the consumer's assignment, each at its start offset, and to
     * {@code assigned} (the partitions assigned so far, kept by the caller).
     */
    void assign(Set<TopicPartition> assigned, Map<TopicPartition, Long> start) {
        Set<TopicPartition> all = new HashSet<>(assigned);
        all.addAll(start.keySet());
        consumer.assign(all);
        start.forEach(consumer::seek);
        assigned.addAll(start.keySet());
    }
}
