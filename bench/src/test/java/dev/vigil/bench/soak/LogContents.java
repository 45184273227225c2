package dev.vigil.bench.soak;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.vigil.bench.soak.GroundTruthTap.Position;
import dev.vigil.bench.soak.GroundTruthTap.Written;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The monitor topic as it is now, read whole by a consumer of the soak's own: each record's timestamp by
 * position, where every distinct record value sits, and each partition's log start (below it, retention
 * removed the records, which is no loss).
 */
final class LogContents {

    private final Map<Position, Long> timestamps = new HashMap<>();
    private final Map<ByteBuffer, List<Position>> copies = new HashMap<>();
    private final Map<Integer, Long> logStart = new HashMap<>();

    private LogContents() {
    }

    static LogContents read(Admin admin, Map<String, Object> clientConfig, String topic) throws Exception {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(topic, p));
        }
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        LogContents log = new LogContents();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(30));
            consumer.beginningOffsets(tps, Duration.ofSeconds(30)).forEach((tp, start) -> log.logStart.put(tp.partition(), start));
            consumer.seekToBeginning(tps);
            long giveUp = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > giveUp) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    Position at = new Position(r.partition(), r.offset());
                    log.timestamps.put(at, r.timestamp());
                    log.copies.computeIfAbsent(ByteBuffer.wrap(r.value()), v -> new ArrayList<>(1)).add(at);
                }
            }
        }
        return log;
    }

    /** Whether retention removed what was at {@code at}. */
    boolean retired(Position at) {
        return at.offset() < logStart.getOrDefault(at.partition(), 0L);
    }

    /** Whether {@code record} is still where it was written (not another record written there since). */
    boolean holds(Written record) {
        Long now = timestamps.get(record.at());
        return now != null && now == record.timestamp();
    }

    /** Extra copies, in the log, of the records acked at {@code acked}: a value written more than once. */
    long duplicatesOf(Set<Position> acked) {
        long extra = 0;
        for (List<Position> places : copies.values()) {
            if (places.size() > 1 && places.stream().anyMatch(acked::contains)) {
                extra += places.size() - 1;
            }
        }
        return extra;
    }
}
