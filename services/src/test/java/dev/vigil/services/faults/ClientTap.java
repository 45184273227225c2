package dev.vigil.services.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A tap on Vigil's own Kafka clients, installed through the cluster's {@code client} properties
 * ({@link #clientProperties}): it records, as Kafka itself reports them, every offset the producer got
 * an ack for and every offset the consumer was handed, and it can stall the consumer thread inside
 * {@code poll} like a long GC pause or a stuck host would. That gives the scenarios ground truth that
 * does not come from Vigil's ledger.
 *
 * <p>Kafka creates interceptors by class name and configures them with string properties only, so a
 * test reaches its tap through a registry keyed by a random id; {@link #close} removes the entry. This is
 * the only static state in the scenarios, and it holds nothing but taps of running tests.
 */
public final class ClientTap implements ConsumerInterceptor<byte[], byte[]>, ProducerInterceptor<byte[], byte[]> {

    private static final String ID = "vigil.test.tap.id";
    private static final ConcurrentMap<String, Tap> TAPS = new ConcurrentHashMap<>();

    private Tap tap;

    /** A new tap and the client properties that install it. */
    static Tap open() {
        Tap tap = new Tap(UUID.randomUUID().toString());
        TAPS.put(tap.id, tap);
        return tap;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        tap = TAPS.get(String.valueOf(configs.get(ID)));
        if (tap == null) {
            throw new IllegalStateException("no client tap " + configs.get(ID));
        }
    }

    @Override
    public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        if (exception == null && metadata != null && metadata.hasOffset()) {
            tap.acked(metadata.partition(), metadata.offset());
        } else if (exception != null && metadata != null) {
            tap.sendFailed(metadata.partition(), exception.getClass().getSimpleName());
        }
    }

    @Override
    public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            tap.consumed(record.partition(), record.offset(), record.value());
        }
        tap.awaitOpen();
        if (!records.isEmpty()) {
            tap.dawdle();
        }
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }

    /** What one test sees of its monitor's clients, and the consumer's stall switch. */
    static final class Tap implements AutoCloseable {

        private final String id;
        private final Map<Integer, List<Long>> acked = new ConcurrentHashMap<>();
        private final Map<Integer, List<Long>> consumed = new ConcurrentHashMap<>();
        /**
         * By partition: each offset handed to the consumer and a checksum of the first record's value read there (a
         * truncated log may hold another record at that offset later).
         */
        private final Map<Integer, Map<Long, Long>> consumedValues = new ConcurrentHashMap<>();
        /** Failed sends by partition and exception class, as the producer reported them. */
        private final Map<Integer, Map<String, java.util.concurrent.atomic.LongAdder>> failed = new ConcurrentHashMap<>();
        private boolean stalled;
        private volatile long slowMillis;

        private Tap(String id) {
            this.id = id;
        }

        Map<String, String> clientProperties() {
            return Map.of("interceptor.classes", ClientTap.class.getName(), ID, id);
        }

        /** From the next batch of records on, the consumer thread blocks in {@code poll} until {@link #resume}. */
        synchronized void stall() {
            stalled = true;
        }

        synchronized void resume() {
            stalled = false;
            notifyAll();
        }

        /**
         * From the next batch on, every poll that returns records takes {@code perPoll} longer, like a
         * consume thread starved of CPU; {@link Duration#ZERO} ends it.
         */
        void slow(java.time.Duration perPoll) {
            slowMillis = perPoll.toMillis();
        }

        /** Offsets of {@code partition} acked so far, in the order of the acks (a copy). */
        List<Long> acked(int partition) {
            return copy(acked, partition);
        }

        /** Offsets of {@code partition} handed to the consumer so far, in order (a copy). */
        List<Long> consumed(int partition) {
            return copy(consumed, partition);
        }

        /** Each offset of {@code partition} handed to the consumer so far, with a {@link #checksum} of the first value read there (a copy). */
        Map<Long, Long> firstReadValues(int partition) {
            return Map.copyOf(consumedValues.getOrDefault(partition, Map.of()));
        }

        /** What {@link #firstReadValues} keeps of a record's value. */
        static long checksum(byte[] value) {
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            if (value != null) {
                crc.update(value);
            }
            return crc.getValue();
        }

        /** Sends to {@code partition} that failed with {@code errorClass} (the exception's simple name) so far. */
        long failed(int partition, String errorClass) {
            java.util.concurrent.atomic.LongAdder n = failed.getOrDefault(partition, Map.of()).get(errorClass);
            return n == null ? 0 : n.sum();
        }

        /** Offsets of {@code partition} acked but not yet handed to the consumer. */
        Set<Long> unread(int partition) {
            Set<Long> unread = new HashSet<>(acked(partition));
            consumed(partition).forEach(unread::remove);
            return unread;
        }

        @Override
        public void close() {
            resume();
            TAPS.remove(id);
        }

        private void acked(int partition, long offset) {
            acked.computeIfAbsent(partition, p -> Collections.synchronizedList(new ArrayList<>())).add(offset);
        }

        private void sendFailed(int partition, String errorClass) {
            failed.computeIfAbsent(partition, p -> new ConcurrentHashMap<>())
                    .computeIfAbsent(errorClass, c -> new java.util.concurrent.atomic.LongAdder()).increment();
        }

        private void consumed(int partition, long offset, byte[] value) {
            consumed.computeIfAbsent(partition, p -> Collections.synchronizedList(new ArrayList<>())).add(offset);
            consumedValues.computeIfAbsent(partition, p -> new ConcurrentHashMap<>()).putIfAbsent(offset, checksum(value));
        }

        private void dawdle() {
            long millis = slowMillis;
            if (millis > 0) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // Vigil's stop() interrupts; let the consumer see it
                }
            }
        }

        private synchronized void awaitOpen() {
            try {
                while (stalled) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // Vigil's stop() interrupts; let the consumer see it
            }
        }

        private static List<Long> copy(Map<Integer, List<Long>> offsets, int partition) {
            List<Long> list = offsets.getOrDefault(partition, List.of());
            synchronized (list) {
                return new ArrayList<>(list);
            }
        }
    }
}
