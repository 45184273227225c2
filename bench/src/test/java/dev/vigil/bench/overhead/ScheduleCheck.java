package dev.vigil.bench.overhead;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * the floor and costs the measured process nothing: of the probes due in the window (every partition,
 * every round scheduled in it), the fraction written to the topic no more than one interval after their
 * scheduled time. A probe sent late, never sent (a round Vigil counted as not attempted) or never written
 * (its send failed) is not on schedule.
 *
 * <p>The floor writes each record's scheduled time into it. Vigil's records carry the send time and the
 * sequence, which counts every round of the schedule since the producer started (a round that could not
 * be sent on time still takes its sequence, as a failed attempt), so round {@code s} was due at
 * {@code T0 + s × interval}; {@code T0} is estimated as the smallest {@code send − s × interval} seen,
 * the first send of the most punctual round (which makes every lateness an underestimate by that
 * round's own lateness, microseconds). Either way the scheduled times lie on one lattice of the
 * interval, which gives the number of rounds due in the window exactly.
 */
final class ScheduleCheck {

    /**
     * Probes due in the window, those not on schedule, and of the probes written with a send time in the
     * window (the work the process did in it, whatever their schedule) the number and the worst lateness.
     */
    record Adherence(long due, long late, double maxLateMillis, long written) {
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
        Lateness lateness = new Lateness(format, intervalMicros);
        int partitionCount;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            partitionCount = partitions.size();
            // A probe due in the window and on time was sent (stamped) before its end plus one interval.
            Map<TopicPartition, Long> from = offsetsAt(consumer, partitions, fromEpochMillis);
            Map<TopicPartition, Long> to = offsetsAt(consumer, partitions, toEpochMillis + intervalMicros / 1_000 + 1);
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
                        lateness.add(r.value());
                    }
                }
                toRead.removeIf(tp -> consumer.position(tp) >= to.get(tp));
                consumer.assign(toRead);
            }
        }
        return lateness.result(fromEpochMillis * 1_000, toEpochMillis * 1_000, partitionCount);
    }

    /** First offset at or after the time in each partition, the log end where there is none. */
    private static Map<TopicPartition, Long> offsetsAt(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions,
                                                       long epochMillis) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, epochMillis));
        // Generous: a sandbox still digesting a backlog of 10,000 partitions answers slowly.
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofMinutes(5));
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofMinutes(5));
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = found.get(tp);
            out.put(tp, at == null ? ends.get(tp) : at.offset());
        }
        return out;
    }

    /**
     * Accumulates the records read; Vigil's scheduled times are known only once every record is in. Keeps
     * per record a base (Vigil: the sequence; floor: the scheduled time) and an offset (Vigil:
     * {@code send − sequence × interval}; floor: {@code send − scheduled}).
     */
    private static final class Lateness {
        private final Format format;
        private final long interval;
        private long[] base = new long[1 << 16];
        private long[] offset = new long[1 << 16];
        private int size;

        Lateness(Format format, long intervalMicros) {
            this.format = format;
            this.interval = intervalMicros;
        }

        void add(byte[] value) {
            long b;
            long o;
            if (format == Format.FLOOR) {
                ByteBuffer in = ByteBuffer.wrap(value);
                b = in.getLong();
                o = in.getLong() - b;
            } else {
                ProbeCodec.Decoded decoded = ProbeCodec.decode(value);
                if (!decoded.isProbe()) {
                    return;
                }
                ProbeRecord probe = decoded.probe();
                b = probe.sequence();
                o = probe.sendTimeMicros() - probe.sequence() * interval;
            }
            if (size == base.length) {
                base = Arrays.copyOf(base, size * 2);
                offset = Arrays.copyOf(offset, size * 2);
            }
            base[size] = b;
            offset[size++] = o;
        }

        Adherence result(long fromMicros, long toMicros, int partitions) {
            if (size == 0) {
                return new Adherence(0, 0, Double.NaN, 0);
            }
            long t0 = 0;
            if (format == Format.VIGIL) {
                t0 = Long.MAX_VALUE;
                for (int i = 0; i < size; i++) {
                    t0 = Math.min(t0, offset[i]);
                }
            }
            long onTime = 0;
            long written = 0;
            long maxLate = 0;
            long anyScheduled = 0;
            for (int i = 0; i < size; i++) {
                long scheduled = format == Format.VIGIL ? t0 + base[i] * interval : base[i];
                long behind = offset[i] - t0;
                anyScheduled = scheduled;
                long sent = scheduled + behind;
                if (sent >= fromMicros && sent < toMicros) {
                    written++;
                    maxLate = Math.max(maxLate, behind);
                }
                if (scheduled >= fromMicros && scheduled < toMicros) {
                    if (behind <= interval) {
                        onTime++;
                    }
                }
            }
            // Rounds of the lattice through anyScheduled that fall in [from, to).
            long first = anyScheduled + Math.floorDiv(fromMicros - anyScheduled + interval - 1, interval) * interval;
            long rounds = first >= toMicros ? 0 : (toMicros - 1 - first) / interval + 1;
            long due = rounds * partitions;
            return new Adherence(due, Math.max(0, due - onTime), maxLate / 1_000.0, written);
        }
    }
}
