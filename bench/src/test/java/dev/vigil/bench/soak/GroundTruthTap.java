package dev.vigil.bench.soak;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * The soak's ground truth, as Kafka's own clients report it: installed in Vigil's producer and consumer
 * through the cluster's {@code client} properties, it notes every record of the monitor topic the producer
 * got an ack for and every record the consumer was handed, each by partition, offset and timestamp (the
 * timestamp tells a record from another written later at the same offset, after a truncation). The notes go
 * to a file, not the heap, so that the soak's heap samples are Vigil's alone. Kafka creates interceptors by
 * class name with string properties only, so the soak reaches its truth through a registry keyed by a
 * random id.
 */
public final class GroundTruthTap implements ProducerInterceptor<byte[], byte[]>, ConsumerInterceptor<byte[], byte[]> {

    private static final String ID = "vigil.soak.truth.id";
    private static final ConcurrentMap<String, Truth> TRUTHS = new ConcurrentHashMap<>();
    private static final byte ACKED = 'A';
    private static final byte READ = 'R';

    private Truth truth;

    /** One record's place in the monitor topic. */
    public record Position(int partition, long offset) {
    }

    /** One record: where it was written, and its timestamp. */
    public record Written(Position at, long timestamp) {
    }

    /**
     * What the clients of one Vigil run reported.
     *
     * @param acked every record acked, in the order of the acks
     * @param read  every record the consumer was handed
     */
    public record Reported(List<Written> acked, Set<Written> read) {
    }

    /** What the clients of one Vigil run report, noted in a file as they report it. */
    public static final class Truth implements AutoCloseable {
        private final String id = UUID.randomUUID().toString();
        private final String topic;
        private final Path file;
        private final DataOutputStream notes;
        private IOException failure;

        private Truth(String topic) throws IOException {
            this.topic = topic;
            this.file = Files.createTempFile("vigil-soak-truth-", ".bin");
            this.notes = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)));
        }

        /** Client properties that install this truth's tap in every client of a cluster. */
        public Map<String, String> clientProperties() {
            return Map.of("interceptor.classes", GroundTruthTap.class.getName(), ID, id);
        }

        /** What the clients reported so far. */
        public synchronized Reported reported() throws IOException {
            if (failure != null) {
                throw new IOException("the ground truth could not be noted in " + file, failure);
            }
            notes.flush();
            List<Written> acked = new ArrayList<>();
            Set<Written> read = new HashSet<>();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                while (true) {
                    byte kind;
                    try {
                        kind = in.readByte();
                    } catch (EOFException end) {
                        break;
                    }
                    Written record = new Written(new Position(in.readInt(), in.readLong()), in.readLong());
                    (kind == ACKED ? acked : read).add(record);
                }
            }
            return new Reported(acked, read);
        }

        private synchronized void note(byte kind, int partition, long offset, long timestamp) {
            try {
                notes.writeByte(kind);
                notes.writeInt(partition);
                notes.writeLong(offset);
                notes.writeLong(timestamp);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }

        @Override
        public synchronized void close() {
            TRUTHS.remove(id);
            try {
                notes.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A new truth for the monitor topic {@code topic}; {@link Truth#close} forgets it and deletes its file. */
    public static Truth open(String topic) throws IOException {
        Truth truth = new Truth(topic);
        TRUTHS.put(truth.id, truth);
        return truth;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        truth = TRUTHS.get(String.valueOf(configs.get(ID)));
        if (truth == null) {
            throw new IllegalStateException("no ground truth " + configs.get(ID));
        }
    }

    @Override
    public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        if (exception == null && metadata != null && metadata.hasOffset() && truth.topic.equals(metadata.topic())) {
            truth.note(ACKED, metadata.partition(), metadata.offset(), metadata.timestamp());
        }
    }

    @Override
    public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (truth.topic.equals(record.topic())) {
                truth.note(READ, record.partition(), record.offset(), record.timestamp());
            }
        }
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }
}
