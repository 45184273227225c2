package dev.vigil.services.probe;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.services.SharedSandbox;
import dev.vigil.services.kafka.KafkaClients;
import dev.vigil.services.probe.RecordAges.GroupPartition;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The records read for consumer-group lag in seconds, on a real sandbox with Vigil's lag consumer: record
 * {@code i} of each topic is stamped {@link #T0} + {@code i} seconds, so the timestamp each group's committed
 * offset should read is known. Many groups on one partition share one read; groups too far apart for one
 * fetch take turns, so that none waits for ever behind one that moves at every evaluation; and no more
 * partitions are read per evaluation than the bound.
 */
class RecordAgesTest {

    private static final long T0 = 1_700_000_000_000L;
    /** Larger than a tenth of the lag consumer's 64 KiB fetch of a partition: ten records fill one. */
    private static final int LARGE = 7 * 1024;

    @RegisterExtension
    static final SharedSandbox shared = new SharedSandbox(1);

    private KafkaConsumer<byte[], byte[]> consumer;

    @BeforeAll
    static void topics() throws Exception {
        shared.admin().createTopics(List.of(new NewTopic("ages-small", 1, (short) 1),
                new NewTopic("ages-large", 1, (short) 1), new NewTopic("ages-three", 3, (short) 1))).all().get();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, shared.cluster().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>("ages-small", 0, T0 + i * 1_000L, null, new byte[10]));
                producer.send(new ProducerRecord<>("ages-large", 0, T0 + i * 1_000L, null, new byte[LARGE]));
                for (int p = 0; p < 3; p++) {
                    producer.send(new ProducerRecord<>("ages-three", p, T0 + i * 1_000L, null, new byte[10]));
                }
            }
            producer.flush();
        }
    }

    @AfterEach
    void closeConsumer() {
        if (consumer != null) {
            consumer.close();
        }
    }

    private RecordAges ages(int maxReads) {
        ClusterConfig config = new ClusterConfig("ages", Optional.of(shared.cluster().bootstrapServers()),
                Optional.empty(), Map.of(), new TopicConfig("ages-probe", 1, OptionalInt.empty(), OptionalInt.empty()),
                ProbeConfig.defaults());
        consumer = new KafkaClients(config, shared.cluster().bootstrapServers()).lagConsumer();
        return new RecordAges("ages", consumer, maxReads, Duration.ofSeconds(60), System::currentTimeMillis);
    }

    private static GroupPartition gp(String group, String topic, int partition) {
        return new GroupPartition(group, new TopicPartition(topic, partition));
    }

    @Test
    void manyGroupsOnOnePartitionShareOneRead() throws Exception {
        RecordAges ages = ages(1_000);
        Map<GroupPartition, Long> committed = new HashMap<>();
        for (int g = 0; g < 50; g++) {
            committed.put(gp("g" + g, "ages-small", 0), 10L + g);
        }
        Map<GroupPartition, Long> stamps = ages.timestamps(committed);
        assertThat(ages.reads()).isEqualTo(1);
        assertThat(stamps).hasSize(50);
        committed.forEach((gp, offset) -> assertThat(stamps.get(gp)).isEqualTo(T0 + offset * 1_000L));
    }

    @Test
    void groupsTooFarApartForOneReadTakeTurnsThoughBothMoveEveryEvaluation() throws Exception {
        RecordAges ages = ages(1_000);
        GroupPartition near = gp("near", "ages-large", 0);
        GroupPartition far = gp("far", "ages-large", 0);
        int[] stampedNear = new int[1];
        int[] stampedFar = new int[1];
        for (int evaluation = 0; evaluation < 4; evaluation++) {
            // Each moves by one record every evaluation; 50 records (350 KiB) apart, more than one fetch holds.
            Map<GroupPartition, Long> committed = Map.of(near, 10L + evaluation, far, 60L + evaluation);
            Map<GroupPartition, Long> stamps = ages.timestamps(committed);
            assertThat(stamps).hasSize(1);
            assertThat(ages.reads()).isEqualTo(evaluation + 1);
            stamps.forEach((gp, ts) -> {
                assertThat(ts).isEqualTo(T0 + committed.get(gp) * 1_000L);
                (gp.equals(near) ? stampedNear : stampedFar)[0]++;
            });
        }
        assertThat(stampedNear[0]).isEqualTo(2);
        assertThat(stampedFar[0]).isEqualTo(2);
    }

    @Test
    void noMorePartitionsAreReadPerEvaluationThanTheBoundAndTheRestAreReadNext() throws Exception {
        RecordAges ages = ages(2);
        Map<GroupPartition, Long> committed = Map.of(gp("a", "ages-three", 0), 5L, gp("a", "ages-three", 1), 6L,
                gp("a", "ages-three", 2), 7L);
        assertThat(ages.timestamps(committed)).hasSize(2);
        assertThat(ages.reads()).isEqualTo(2);
        Map<GroupPartition, Long> second = ages.timestamps(committed);
        assertThat(ages.reads()).isEqualTo(3);
        assertThat(second).hasSize(3);
        committed.forEach((gp, offset) -> assertThat(second.get(gp)).isEqualTo(T0 + offset * 1_000L));
        // Nothing moved: every stamp is kept, nothing is read.
        assertThat(ages.timestamps(committed)).isEqualTo(second);
        assertThat(ages.reads()).isEqualTo(3);
    }
}
