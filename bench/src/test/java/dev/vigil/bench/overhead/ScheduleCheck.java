package dev.vigil.bench.overhead;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.core.probe.ProbeCodec;
import dev.vigil.core.probe.ProbeRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Schedule adherence read back from the topic after a run, so that it is the same measure for Vigil and
 * the floor and costs the measured process nothing: of the probes due in the window, the fraction sent
 * more than one interval after their scheduled time, or never sent.
 *
 * <p>The floor writes each record's scheduled time into it. Vigil's records carry the send time and the
 * sequence, which counts every round of the schedule since the producer started (a round that could not
 * be sent on time still takes its sequence, as a failed attempt), so round {@code s} was due at
 * {@code T0 + s × interval}; {@code T0} is estimated as the smallest {@code send − s × interval} seen,
 * the first send of the most punctual round (which makes every lateness an underestimate by that
 * round's own lateness, microseconds). Sequences missing between a partition's first and last in the
 * window are rounds Vigil recorded as not attempted: counted late.
 */
final class ScheduleCheck {

    /** Probes due in the window, probes late by more than one interval (or never sent), and the worst lateness. */
    record Adherence(long due, long late, double maxLateMillis) {
        double onScheduleFraction() {
            return due == 0 ? Double.NaN : 1.0 - (double) late / due;
        }
    }

    enum Format { VIGIL, FLOOR }

    private ScheduleCheck() {
    }

    static Adherence read(String bootstrap, String topic, Format format, long fromEpochMillis, long toEpochMillis,
                          long intervalMicros) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-schedule-check");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Lateness lateness = new Lateness(intervalMicros);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            Map<TopicPartition, Long> from = offsetsAt(consumer, partitions, fromEpochMillis);
            Map<TopicPartition, Long> to = offsetsAt(consumer, partitions, toEpochMillis);
            List<TopicPartition> toRead = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                if (from.get(tp) < to.get(tp)) {
                    toRead.add(tp);
                }
            }
            consumer.assign(toRead);
            toRead.forEach(tp -> consumer.seek(tp, from.get(tp)));
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (!toRead.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < to.get(new TopicPartition(r.topic(), r.partition()))) {
                        lateness.add(format, r.partition(), r.value());
                    }
                }
                toRead.removeIf(tp -> consumer.position(tp) >= to.get(tp));
                consumer.assign(toRead);
            }
        }
        return lateness.result();
    }

    /** First offset at or after the time in each partition, the log end where there is none. */
    private static Map<TopicPartition, Long> offsetsAt(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions,
                                                       long epochMillis) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, epochMillis));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofMinutes(1));
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofMinutes(1));
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = found.get(tp);
            out.put(tp, at == null ? ends.get(tp) : at.offset());
        }
        return out;
    }

    /** Accumulates the records of one window; Vigil's lateness needs every record before T0 is known. */
    private static final class Lateness {
        private final long interval;
        private long due;
        private long late;
        private long maxLate;
        /** Vigil: send − sequence × interval of each record, and each partition's sequence range and count. */
        private long[] offsets = new long[1 << 16];
        private int size;
        private final Map<Integer, long[]> sequences = new HashMap<>(); // partition -> {min, max, count}

        Lateness(long intervalMicros) {
            this.interval = intervalMicros;
        }

        void add(Format format, int partition, byte[] value) {
            if (format == Format.FLOOR) {
                ByteBuffer in = ByteBuffer.wrap(value);
                long behind = -in.getLong() + in.getLong(); // send − scheduled
                due++;
                if (behind > interval) {
                    late++;
                }
                maxLate = Math.max(maxLate, behind);
                return;
            }
            ProbeCodec.Decoded decoded = ProbeCodec.decode(value);
            if (!decoded.isProbe()) {
                return;
            }
            ProbeRecord probe = decoded.probe();
            if (size == offsets.length) {
                offsets = java.util.Arrays.copyOf(offsets, size * 2);
            }
            offsets[size++] = probe.sendTimeMicros() - probe.sequence() * interval;
            long[] range = sequences.computeIfAbsent(partition, p -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0});
            range[0] = Math.min(range[0], probe.sequence());
            range[1] = Math.max(range[1], probe.sequence());
            range[2]++;
        }

        Adherence result() {
            if (size > 0) {
                long t0 = Long.MAX_VALUE;
                for (int i = 0; i < size; i++) {
                    t0 = Math.min(t0, offsets[i]);
                }
                for (int i = 0; i < size; i++) {
                    long behind = offsets[i] - t0;
                    due++;
                    if (behind > interval) {
                        late++;
                    }
                    maxLate = Math.max(maxLate, behind);
                }
                for (long[] range : sequences.values()) {
                    long missing = range[1] - range[0] + 1 - range[2];
                    due += missing;
                    late += missing;
                }
            }
            return new Adherence(due, late, maxLate / 1_000.0);
        }
    }
}
