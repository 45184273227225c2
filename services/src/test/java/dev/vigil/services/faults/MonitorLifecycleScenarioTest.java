package dev.vigil.services.faults;

import static dev.vigil.services.faults.FaultScenarios.PROBE;
import static dev.vigil.services.faults.FaultScenarios.REACTION;
import static dev.vigil.services.faults.FaultScenarios.anomalies;
import static dev.vigil.services.faults.FaultScenarios.holdsThroughout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.vigil.core.stats.ClusterSnapshot;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.services.ClusterMonitor;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Changes around a healthy cluster that must not read as faults: Vigil restarted mid-run, the topic
 * grown under it, records that are not probes written to it. Ground truth: nothing was lost, so every
 * loss, duplicate or late count must be exactly zero, and the foreign count exactly what the test wrote.
 */
class MonitorLifecycleScenarioTest {

    @RegisterExtension
    static final ScenarioMonitor scenario = new ScenarioMonitor(3);

    @Test
    void restartedMonitorCountsNoFalseLossOrDuplicatesAndSetsTheOldSessionApart() throws Exception {
        String topic = "restart";
        ClusterMonitor first = scenario.startOnNewTopic(topic, 2, 3, 2);
        await().atMost(REACTION).until(() -> first.snapshot().total().received() > 100);
        FaultScenarios.stop(first);
        Map<Integer, Long> oldEnd = offsets(topic, OffsetSpec.latest());

        // The new session starts reading one loss grace before its own start (on the records' CreateTime),
        // so it meets the old session's last probes: they are counted apart, never as its own receipts,
        // duplicates or losses. Ground truth: the old session's records the topic holds from one grace before
        // the new session's start, which lies between the call to start() and the monitor running.
        long beforeStart = System.currentTimeMillis();
        ClusterMonitor monitor = scenario.startUnwaited(topic);
        await().atMost(REACTION).pollInterval(Duration.ofMillis(10))
                .until(() -> monitor.status() == ClusterMonitor.Status.RUNNING);
        long running = System.currentTimeMillis();
        long atMost = oldRecordsSince(topic, oldEnd, beforeStart - PROBE.lossGrace().toMillis());
        long atLeast = oldRecordsSince(topic, oldEnd, running - PROBE.lossGrace().toMillis());
        FaultScenarios.awaitEveryPartitionProbed(monitor, 6);
        holdsThroughout(PROBE.lossGrace().plusSeconds(2), () -> anomalies(monitor.snapshot().total()) == 0);

        ScopeSnapshot total = monitor.snapshot().total();
        assertThat(anomalies(total)).isZero();
        assertThat(total.produceFailures()).isZero();
        assertThat(total.consumeFailures()).isZero();
        assertThat(total.received()).isPositive().isLessThanOrEqualTo(total.produceAttempts());
        assertThat(monitor.reading().counters().foreignRecords()).isZero();
        assertThat(atMost).as("old probes within a grace of the new start").isPositive();
        assertThat(monitor.reading().counters().otherSessionRecords()).isBetween(atLeast, atMost);
    }

    @Test
    void partitionsAddedMidRunAreProbedWithNothingLost() throws Exception {
        String topic = "grown";
        ClusterMonitor monitor = scenario.startOnNewTopic(topic, 1, 3, 2);

        scenario.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(6))).all().get();
        // Picked up from the cluster-state observation (every 1 s here), without a restart.
        await().atMost(REACTION).until(() -> monitor.reading().partitions() == 6
                && monitor.snapshot().partitions().size() == 6
                && monitor.snapshot().partitions().values().stream().allMatch(s -> s.received() > 0));
        holdsThroughout(PROBE.lossGrace().plusSeconds(2), () -> anomalies(monitor.snapshot().total()) == 0);

        ClusterSnapshot snap = monitor.snapshot();
        // Not asserted: produce failures. A brand-new partition's first probe can take longer than the
        // ack SLA on a loaded machine (its followers start fetching), which Vigil rightly reports.
        assertThat(anomalies(snap.total())).isZero();
        snap.partitions().forEach((p, s) -> assertThat(s.received()).as("received on partition %d", p).isPositive());
    }

    @Test
    void foreignRecordsAreCountedExactlyAndDisturbNothing() throws Exception {
        String topic = "foreign";
        ClusterMonitor monitor = scenario.startOnNewTopic(topic, 1, 3, 2);

        int written = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                scenario.cluster().bootstrapServers(), "acks", "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int p = 0; p < 3; p++) {
                producer.send(new ProducerRecord<>(topic, p, null, ("not a probe " + p).getBytes(StandardCharsets.UTF_8)))
                        .get();
                written++;
            }
            producer.send(new ProducerRecord<>(topic, 0, null, new byte[0])).get(); // empty value
            written++;
        }
        int foreign = written;
        await().atMost(REACTION).until(() -> monitor.reading().counters().foreignRecords() == foreign);
        holdsThroughout(PROBE.lossGrace().plusSeconds(2), () -> anomalies(monitor.snapshot().total()) == 0);

        assertThat(monitor.reading().counters().foreignRecords()).isEqualTo(4);
        assertThat(monitor.reading().counters().otherSessionRecords()).isZero();
        ScopeSnapshot total = monitor.snapshot().total();
        assertThat(anomalies(total)).isZero();
        assertThat(total.received()).isPositive();
    }

    private static Map<Integer, Long> offsets(String topic, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        for (int p = 0; p < 6; p++) {
            query.put(new TopicPartition(topic, p), spec);
        }
        Map<Integer, Long> out = new TreeMap<>();
        scenario.admin().listOffsets(query).all().get().forEach((tp, info) -> out.put(tp.partition(), info.offset()));
        return out;
    }

    /** Records below {@code end} (the old session's) with a timestamp at or after {@code fromMillis}. */
    private static long oldRecordsSince(String topic, Map<Integer, Long> end, long fromMillis) throws Exception {
        long count = 0;
        for (Map.Entry<Integer, Long> first : offsets(topic, OffsetSpec.forTimestamp(fromMillis)).entrySet()) {
            long from = first.getValue() < 0 ? end.get(first.getKey()) : first.getValue(); // -1: none that recent
            count += Math.max(0, end.get(first.getKey()) - from);
        }
        return count;
    }
}
