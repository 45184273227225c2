package dev.vigil.services.faults;

import static dev.vigil.services.faults.FaultScenarios.PROBE;
import static dev.vigil.services.faults.FaultScenarios.REACTION;
import static dev.vigil.services.faults.FaultScenarios.anomalies;
import static dev.vigil.services.faults.FaultScenarios.clusterValue;
import static dev.vigil.services.faults.FaultScenarios.holdsThroughout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.services.MonitorMetrics;
import dev.vigil.core.stats.ScopeMetrics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.vigil.core.probe.ProbeCodec;
import dev.vigil.core.probe.ProbeRecord;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.services.ClusterMonitor;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An attacker with READ and WRITE on the monitor topic (and so this session's id) writes records that
 * claim to be this session's probes: forged ones with a wrong MAC or none, and byte-exact copies of real
 * ones. Each is counted in {@code forgedRecords}, exactly, and none is a receipt: no duplicate, no late,
 * and a copy of a probe that is really gone leaves it lost. Ground truth is what Kafka's clients reported
 * to a {@link ClientTap}.
 */
class ForgedProbeScenarioTest {

    private static final Logger LOG = LoggerFactory.getLogger(ForgedProbeScenarioTest.class);

    @RegisterExtension
    static final ScenarioMonitor scenario = new ScenarioMonitor(3);
    private ClusterMonitor monitor;

    @Test
    void forgedAndCopiedProbesAreCountedExactlyAndNeverReceived() throws Exception {
        String topic = "forged";
        monitor = scenario.startOnNewTopic(topic, 1, 1, 1);
        await().atMost(REACTION).until(() -> endOffset(topic, 0) >= 5);
        List<ConsumerRecord<byte[], byte[]>> ours = readAll(topic, 0, endOffset(topic, 0));
        assertThat(ours).hasSizeGreaterThanOrEqualTo(3);
        long highest = ours.stream().mapToLong(r -> ProbeCodec.decode(r.value()).probe().sequence()).max().orElseThrow();

        List<ProducerRecord<byte[], byte[]>> attack = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : ours.subList(0, 3)) {
            attack.add(new ProducerRecord<>(topic, 0, null, r.value().clone()));  // replay in place: 3
            attack.add(new ProducerRecord<>(topic, 2, null, r.value().clone()));  // replay elsewhere: 3
        }
        byte[] sample = ours.get(0).value();
        for (int ahead = 5; ahead <= 25; ahead += 10) {                             // future sequences, old MAC: 3
            byte[] future = sample.clone();
            ByteBuffer.wrap(future).putLong(24, highest + ahead);
            attack.add(new ProducerRecord<>(topic, 0, null, future));
        }
        byte[] flipped = ours.get(1).value().clone();                              // one MAC bit: 1
        flipped[ProbeCodec.PREFIX_BYTES] ^= 1;
        attack.add(new ProducerRecord<>(topic, 0, null, flipped));
        ProbeRecord own = ProbeCodec.decode(sample).probe();
        for (long ahead = 30; ahead < 32; ahead++) {                               // unsigned, as version 1: 2
            attack.add(new ProducerRecord<>(topic, 0, null, ProbeCodec.encodeUnsigned(new ProbeRecord(own.sessionHigh(),
                    own.sessionLow(), 0, highest + ahead, own.sendTimeMicros()), 100)));
        }
        write(attack);
        int written = attack.size();

        await().atMost(REACTION).until(() -> clusterValue(scenario.registry(), MonitorMetrics.FORGED_RECORDS) == written);
        // Past a loss grace after the last forged sequence is really sent: each is received as itself.
        holdsThroughout(PROBE.lossGrace().plus(PROBE.interval().multipliedBy(32)),
                () -> anomalies(monitor.snapshot().total()) == 0);

        ScopeSnapshot total = monitor.snapshot().total();
        LOG.info("forged: {} written, Vigil counted {}; received {} lostAcked {} duplicates {} late {}", written,
                clusterValue(scenario.registry(), MonitorMetrics.FORGED_RECORDS), total.received(), total.lostAcked(), total.duplicates(),
                total.late());
        assertThat(written).isEqualTo(12);
        assertThat(clusterValue(scenario.registry(), MonitorMetrics.FORGED_RECORDS)).isEqualTo(12);
        assertThat(anomalies(total)).isZero();
        assertThat(monitor.reading().counters().foreignRecords()).isZero();
        assertThat(monitor.reading().counters().otherSessionRecords()).isZero();
        assertThat(total.consumeAvailability()).isEqualTo(1.0);
        assertThat(monitor.snapshot().partitions().get(0).received())
                .as("the forged future sequences were sent since, and received as themselves")
                .isGreaterThan(highest + 31);
    }

    /**
     * Acked probes deleted before Vigil read them are lost; an attacker who read them first writes
     * byte-exact copies back. Without the offset check the copies would be received and the loss hidden.
     */
    @Test
    void copiesOfProbesThatAreGoneNeverHideTheirLoss() throws Exception {
        String topic = "forged-after-loss";
        int partition = 1;
        ClientTap.Tap tap = scenario.openTap();
        monitor = scenario.startOnNewTopic(topic, 1, 1, 1, tap.clientProperties());

        tap.stall();
        await().atMost(REACTION).until(() -> tap.unread(partition).size() >= 15);
        long end = endOffset(topic, partition);
        List<ConsumerRecord<byte[], byte[]>> copied = readAll(topic, partition, end).stream()
                .filter(r -> tap.unread(partition).contains(r.offset())).toList();
        scenario.admin().deleteRecords(Map.of(new TopicPartition(topic, partition), RecordsToDelete.beforeOffset(end)))
                .all().get();
        write(copied.stream().map(r -> new ProducerRecord<byte[], byte[]>(topic, partition, null, r.value())).toList());
        tap.resume();

        await().atMost(REACTION).until(() -> clusterValue(scenario.registry(), MonitorMetrics.FORGED_RECORDS) == copied.size());
        Set<Long> consumed = Set.copyOf(tap.consumed(partition));
        long gone = tap.acked(partition).stream().filter(o -> o < end && !consumed.contains(o)).count();
        await().atMost(REACTION).until(() -> lostAcked(partition) >= gone);
        holdsThroughout(PROBE.lossGrace().plusSeconds(2), () -> lostAcked(partition) == gone);

        ScopeSnapshot p = monitor.snapshot().partitions().get(partition);
        LOG.info("copies after loss: {} acked probes deleted unread, {} copies written; Vigil: lostAcked={}"
                        + " forgedRecords={} duplicates={} lostThenReceived={}", gone, copied.size(), p.lostAcked(),
                clusterValue(scenario.registry(), MonitorMetrics.FORGED_RECORDS), p.duplicates(), clusterValue(scenario.registry(), ScopeMetrics.LOST_THEN_RECEIVED));
        assertThat(gone).as("deleted before Vigil read them").isPositive();
        assertThat(copied.size()).isGreaterThanOrEqualTo((int) gone);
        assertThat(p.lostAcked()).isEqualTo(gone);
        assertThat(clusterValue(scenario.registry(), MonitorMetrics.FORGED_RECORDS)).isEqualTo(copied.size());
        assertThat(p.duplicates() + p.late() + p.lostUnacked()).isZero();
        assertThat(clusterValue(scenario.registry(), ScopeMetrics.LOST_THEN_RECEIVED)).isZero();
        for (int other : List.of(0, 2)) {
            assertThat(anomalies(monitor.snapshot().partitions().get(other))).isZero();
        }
    }

    private long lostAcked(int partition) {
        return monitor.snapshot().partitions().get(partition).lostAcked();
    }

    private static long endOffset(String topic, int partition) throws Exception {
        TopicPartition tp = new TopicPartition(topic, partition);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return consumer.endOffsets(List.of(tp)).get(tp);
        }
    }

    /** What the attacker reads: every record of {@code partition} below {@code end}, as written. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int partition, long end) {
        TopicPartition tp = new TopicPartition(topic, partition);
        Map<Long, ConsumerRecord<byte[], byte[]>> out = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            await().atMost(REACTION).until(() -> {
                consumer.poll(Duration.ofMillis(200)).records(tp).forEach(r -> out.put(r.offset(), r));
                return consumer.position(tp) >= end;
            });
        }
        return out.values().stream().filter(r -> r.offset() < end).toList();
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", scenario.cluster().bootstrapServers(),
                "enable.auto.commit", "false"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static void write(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                scenario.cluster().bootstrapServers(), "acks", "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r).get();
            }
        }
    }
}
