package dev.vigil.services.faults;

import static dev.vigil.services.faults.FaultScenarios.PROBE;
import static dev.vigil.services.faults.FaultScenarios.REACTION;
import static dev.vigil.services.faults.FaultScenarios.anomalies;
import static dev.vigil.services.faults.FaultScenarios.holdsThroughout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.stats.ClusterSnapshot;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.services.ClusterMonitor;
import dev.vigil.services.SharedSandbox;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Changes around a healthy cluster that must not read as faults: Vigil restarted mid-run, the topic
 * grown under it, records that are not probes written to it. Ground truth: nothing was lost, so every
 * loss, duplicate or late count must be exactly zero, and the foreign count exactly what the test wrote.
 */
class MonitorLifecycleScenarioTest {

    @RegisterExtension
    static final SharedSandbox shared = new SharedSandbox(3);
    private ClusterMonitor monitor;

    @AfterEach
    void stopMonitor() throws InterruptedException {
        FaultScenarios.stop(monitor);
    }

    @Test
    void restartedMonitorCountsNoFalseLossOrDuplicatesAndSetsTheOldSessionApart() throws Exception {
        String topic = "restart";
        FaultScenarios.createTopic(shared.admin(), topic, shared.cluster().brokerIds(), 2, 3, 2);
        ClusterMonitor first = start(topic, 6);
        await().atMost(REACTION).until(() -> first.snapshot().total().received() > 100);
        FaultScenarios.stop(first);

        // The new session starts reading a little before its own start, so it meets the old session's
        // last probes: they are counted apart, never as its own duplicates or losses.
        monitor = start(topic, 6);
        holdsThroughout(PROBE.lossGrace().plusSeconds(2), () -> anomalies(monitor.snapshot().total()) == 0);

        ScopeSnapshot total = monitor.snapshot().total();
        assertThat(anomalies(total)).isZero();
        assertThat(total.produceFailures()).isZero();
        assertThat(total.consumeFailures()).isZero();
        assertThat(total.received()).isPositive();
        assertThat(monitor.reading().counters().foreignRecords()).isZero();
    }

    @Test
    void partitionsAddedMidRunAreProbedWithNothingLost() throws Exception {
        String topic = "grown";
        FaultScenarios.createTopic(shared.admin(), topic, shared.cluster().brokerIds(), 1, 3, 2);
        monitor = start(topic, 3);

        shared.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(6))).all().get();
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
        FaultScenarios.createTopic(shared.admin(), topic, shared.cluster().brokerIds(), 1, 3, 2);
        monitor = start(topic, 3);

        int written = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                shared.cluster().bootstrapServers(), "acks", "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
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

    private static ClusterMonitor start(String topic, int partitions) {
        return FaultScenarios.startMonitor(FaultScenarios.config(shared.cluster().bootstrapServers(), topic, PROBE),
                shared.cluster().bootstrapServers(), new MetricRegistry(), partitions);
    }
}
