package dev.vigil.services.faults;

import static dev.vigil.services.faults.FaultScenarios.PROBE;
import static dev.vigil.services.faults.FaultScenarios.REACTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.vigil.core.stats.ClusterSnapshot;
import dev.vigil.core.stats.ScopeMetrics;
import dev.vigil.sandbox.StopMode;
import dev.vigil.services.ClusterMonitor;
import dev.vigil.services.ClusterReading;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real unclean leader election: acknowledged probes the consume probe had read are cut from the log, and
 * Vigil counts exactly those as {@code lostAckedAfterRead}. Ground truth is Kafka's, not Vigil's: the offsets
 * the producer got acks for and the records the consumer was handed ({@link ClientTap}), against what the
 * partition holds at those offsets after the election, read by a consumer of the test's own.
 */
class TruncatedAfterReadScenarioTest {

    private static final Logger LOG = LoggerFactory.getLogger(TruncatedAfterReadScenarioTest.class);
    private static final int LEADER = 1, FOLLOWER = 2;

    @RegisterExtension
    static final ScenarioMonitor scenario = new ScenarioMonitor(3);

    @Test
    void ackedProbesReadThenCutByAnUncleanElectionAreExactlyTheLostAckedAfterRead() throws Exception {
        String topic = "unclean";
        TopicPartition tp = new TopicPartition(topic, 0);
        scenario.admin().createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(LEADER, FOLLOWER)))
                .configs(Map.of("min.insync.replicas", "1", "unclean.leader.election.enable", "true")))).all().get();
        await().atMost(REACTION).until(() -> partition(topic).leader() != null
                && partition(topic).leader().id() == LEADER && partition(topic).isr().size() == 2);
        ClientTap.Tap tap = scenario.openTap();
        ClusterMonitor monitor = scenario.start(topic, 1, tap.clientProperties());

        // The follower stops; the leader alone acks (min.insync.replicas 1) what only it will ever hold.
        scenario.cluster().stopBroker(FOLLOWER, StopMode.GRACEFUL);
        await().atMost(REACTION).until(() -> partition(topic).isr().size() == 1);
        int ackedAlone = tap.acked(0).size();
        await().atMost(REACTION).until(() -> tap.acked(0).size() >= ackedAlone + 15
                && tap.unread(0).size() <= 1);
        scenario.cluster().stopBroker(LEADER, StopMode.ABRUPT);
        long oldEnd = tap.acked(0).stream().mapToLong(Long::longValue).max().orElseThrow() + 1;

        // The stale follower comes back and is elected leader though it is not in the ISR.
        scenario.cluster().startBroker(FOLLOWER);
        awaitUncleanElection(topic);
        await().atMost(REACTION).until(() -> monitor.reading().counters().truncations() >= 1);
        // The truth is taken once the new leader's log has grown past the old one's end, so every cut offset holds
        // a new record. The old leader's acks are those before the offsets went back down (one producer's acks of
        // a partition come in order); what Vigil read there first is the old record, whatever it read there since.
        Map<Long, Long> now = readPartition(tp, oldEnd);
        List<Long> acks = tap.acked(0);
        int firstNewAck = 1;
        while (firstNewAck < acks.size() && acks.get(firstNewAck) > acks.get(firstNewAck - 1)) {
            firstNewAck++;
        }
        List<Long> ackedBefore = acks.subList(0, firstNewAck);
        Map<Long, Long> readFirst = tap.firstReadValues(0);
        Set<Long> cutAfterRead = new TreeSet<>();
        for (long offset : ackedBefore) {
            Long before = readFirst.get(offset);
            if (before != null && !before.equals(now.get(offset))) {
                cutAfterRead.add(offset);
            }
        }
        ClusterReading previous = monitor.reading(); // the cluster scope's values are the next harvest's
        await().atMost(REACTION).until(() -> monitor.reading() != previous);
        ClusterSnapshot snap = monitor.snapshot();
        LOG.info("unclean election: {} acked before the leader stopped; cut after read {} ({}); Vigil: "
                        + "lostAckedAfterRead={} truncations={}", ackedBefore.size(), cutAfterRead.size(), cutAfterRead,
                snap.total().lostAckedAfterRead(), monitor.reading().counters().truncations());
        assertThat(cutAfterRead).as("acked probes read and then cut").hasSizeGreaterThanOrEqualTo(10);
        assertThat(snap.partitions().get(0).lostAckedAfterRead()).isEqualTo(cutAfterRead.size());
        assertThat(snap.brokers().get(LEADER).lostAckedAfterRead()).as("the leader at send").isEqualTo(cutAfterRead.size());
        assertThat(snap.total().lostAckedAfterRead()).isEqualTo(cutAfterRead.size());
        assertThat(monitor.reading().total().lostAckedAfterRead()).isEqualTo(cutAfterRead.size());
        assertThat(FaultScenarios.clusterValue(scenario.registry(), ScopeMetrics.LOST_ACKED_AFTER_READ))
                .as("the cluster scope's metric").isEqualTo((double) cutAfterRead.size());
        assertThat(FaultScenarios.brokerValue(scenario.registry(), LEADER, ScopeMetrics.LOST_ACKED_AFTER_READ))
                .as("the broker scope's metric").isEqualTo((double) cutAfterRead.size());
        assertThat(monitor.reading().counters().truncations()).isEqualTo(1);
        assertThat(snap.total().duplicates()).as("the new records at the cut offsets are no copies").isZero();
    }

    /**
     * Waits for the controller to elect the stale follower: KRaft's controller elects an out-of-sync replica of an
     * offline partition whose topic enables unclean election (it did within a second here).
     */
    private static void awaitUncleanElection(String topic) {
        await().atMost(REACTION).until(() -> leaderOf(topic) == FOLLOWER);
    }

    private static int leaderOf(String topic) throws Exception {
        TopicPartitionInfo p = partition(topic);
        return p.leader() == null || p.leader().isEmpty() ? -1 : p.leader().id();
    }

    private static TopicPartitionInfo partition(String topic) throws Exception {
        TopicDescription d = scenario.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        return d.partitions().get(0);
    }

    /** Every record of the partition from its start, by offset, once its log end has reached {@code atLeast}. */
    private static Map<Long, Long> readPartition(TopicPartition tp, long atLeast) {
        Map<String, Object> config = new HashMap<>(scenario.cluster().adminConfig());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(List.of(tp));
            await().atMost(REACTION).until(() -> consumer.endOffsets(List.of(tp)).get(tp) >= atLeast);
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            consumer.seekToBeginning(List.of(tp));
            Map<Long, Long> out = new HashMap<>();
            await().atMost(REACTION).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.put(r.offset(), ClientTap.Tap.checksum(r.value()));
                }
                return consumer.position(tp) >= end;
            });
            return out;
        }
    }
}
