package dev.vigil.bench.soak;

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
 * through the cluster's {@code client} properties, it keeps every offset of the monitor topic the producer
 * got an ack for (with the record's timestamp, which tells that record from another later written at the
 * same offset) and every offset the consumer was handed. Kafka creates interceptors by class name with
 * string properties only, so the soak reaches its truth through a registry keyed by a random id.
 */
public final class GroundTruthTap implements ProducerInterceptor<byte[], byte[]>, ConsumerInterceptor<byte[], byte[]> {

    private static final String ID = "vigil.soak.truth.id";
    private static final ConcurrentMap<String, Truth> TRUTHS = new ConcurrentHashMap<>();

    private Truth truth;

    /** One record's place in the monitor topic. */
    public record Position(int partition, long offset) {
    }

    /** What the clients of one Vigil run reported. */
    public static final class Truth implements AutoCloseable {
        private final String id = UUID.randomUUID().toString();
        private final String topic;
        /** Where each acked record was written → its timestamp. */
        private final ConcurrentMap<Position, Long> acked = new ConcurrentHashMap<>();
        private final Set<Position> read = ConcurrentHashMap.newKeySet();

        private Truth(String topic) {
            this.topic = topic;
        }

        /** Client properties that install this truth's tap in every client of a cluster. */
        public Map<String, String> clientProperties() {
            return Map.of("interceptor.classes", GroundTruthTap.class.getName(), ID, id);
        }

        /** Where each acked record was written → its timestamp. */
        public Map<Position, Long> acked() {
            return Map.copyOf(acked);
        }

        public boolean wasRead(Position position) {
            return read.contains(position);
        }

        @Override
        public void close() {
            TRUTHS.remove(id);
        }
    }

    /** A new truth for the monitor topic {@code topic}; {@link Truth#close} forgets it. */
    public static Truth open(String topic) {
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
            truth.acked.put(new Position(metadata.partition(), metadata.offset()), metadata.timestamp());
        }
    }

    @Override
    public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (truth.topic.equals(record.topic())) {
                truth.read.add(new Position(record.partition(), record.offset()));
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
