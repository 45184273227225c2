package dev.vigil.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Behaviour of a real 3-broker sandbox, shared by the tests of this class. Each test leaves every broker
 * running again; the one that adds a broker runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxClusterTest {

    /** Comfortably above the 3 s broker session timeout plus a restart, for a loaded CI machine. */
    private static final Duration FAULT_TIMEOUT = Duration.ofSeconds(20);

    @RegisterExtension
    static final ClassSandbox sandbox = new ClassSandbox(3);

    @Test
    @Order(1)
    void startShowsThreeRegisteredBrokers() throws Exception {
        assertThat(liveBrokers()).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(sandbox.cluster().brokerIds()).containsExactly(1, 2, 3);
        assertThat(sandbox.cluster().bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+(,127\\.0\\.0\\.1:\\d+){2}");
        assertThat(sandbox.cluster().adminConfig())
                .containsEntry("bootstrap.servers", sandbox.cluster().bootstrapServers());
        assertThat(sandbox.cluster().brokerIds()).allMatch(sandbox.cluster()::isRunning);
    }

    @Test
    @Order(2)
    void replicatedTopicTakesAnAcksAllRecordAndServesItBack() throws Exception {
        createReplicatedTopic("acks-all");

        RecordMetadata written;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                SandboxClients.producerConfig(sandbox.cluster()))) {
            written = producer.send(new ProducerRecord<>("acks-all", "key", "value")).get();
        }

        TopicPartition partition = new TopicPartition("acks-all", 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                SandboxClients.consumerConfig(sandbox.cluster()))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, String>> received = new java.util.ArrayList<>();
            await().atMost(FAULT_TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(received::add);
                return !received.isEmpty();
            });
            assertThat(received.get(0).offset()).isEqualTo(written.offset());
            assertThat(received.get(0).value()).isEqualTo("value");
        }
    }

    @Test
    @Order(3)
    void gracefulStopMovesLeadershipBeforeTheSessionCouldExpireAndTheBrokerRejoins() throws Exception {
        // Controlled shutdown completes only once the controller moved the broker's leaderships away; the
        // bound only allows for metadata to reach the broker answering us, and stays below the 3 s session
        // timeout after which even a crashed broker loses its leaderships.
        int leader = stopLeaderOfNewTopic("graceful", StopMode.GRACEFUL, Duration.ofSeconds(2));

        // Right after a stop the controller still holds the old session: this start has to outlast it
        // (about 3 s), which leaves time to check that reading the sandbox's state does not wait for it.
        CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> sandbox.cluster().startBroker(leader));
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            assertThat(sandbox.cluster().brokerIds()).containsExactly(1, 2, 3);
            assertThat(sandbox.cluster().bootstrapServers().split(",")).hasSize(3);
            sandbox.cluster().isRunning(leader);
        });
        restart.get(FAULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(sandbox.cluster().isRunning(leader)).isTrue();
        assertThat(liveBrokers()).contains(leader);
    }

    @Test
    @Order(4)
    void abruptStopLosesLeadershipOnlyWhenTheSessionExpiresAndTheBrokerRejoins() throws Exception {
        int leader = stopLeaderOfNewTopic("abrupt", StopMode.ABRUPT, FAULT_TIMEOUT);
        await().atMost(FAULT_TIMEOUT).until(() -> !liveBrokers().contains(leader));

        sandbox.cluster().startBroker(leader);

        assertThat(liveBrokers()).contains(leader);
        assertThat(sandbox.cluster().bootstrapServers().split(",")).hasSize(3);
    }

    @Test
    @Order(5)
    void operationsOnUnknownBrokersAreRejected() {
        assertThatThrownBy(() -> sandbox.cluster().stopBroker(99, StopMode.GRACEFUL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("99");
        assertThatThrownBy(() -> sandbox.cluster().startBroker(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sandbox.cluster().isRunning(1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxCluster.start(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Order(6)
    void addedBrokerJoinsTheRunningCluster() throws Exception {
        int added = sandbox.cluster().addBroker();

        assertThat(added).isEqualTo(4);
        assertThat(sandbox.cluster().brokerIds()).containsExactly(1, 2, 3, 4);
        assertThat(sandbox.cluster().isRunning(4)).isTrue();
        assertThat(liveBrokers()).containsExactlyInAnyOrder(1, 2, 3, 4);
    }

    /**
     * Creates {@code topic}, stops its leader and returns that broker's id once another broker leads the
     * topic, which must happen within {@code newLeaderWithin}.
     */
    private static int stopLeaderOfNewTopic(String topic, StopMode mode, Duration newLeaderWithin) throws Exception {
        createReplicatedTopic(topic);
        int leader = leaderOf(topic);

        sandbox.cluster().stopBroker(leader, mode);

        assertThat(sandbox.cluster().isRunning(leader)).isFalse();
        await().atMost(newLeaderWithin).until(() -> leaderOfOrNone(topic) != leader && leaderOfOrNone(topic) != -1);
        return leader;
    }

    private static void createReplicatedTopic(String topic) throws Exception {
        sandbox.admin().createTopics(List.of(new NewTopic(topic, 1, (short) 3)
                .configs(Map.of("min.insync.replicas", "2")))).all().get();
        await().atMost(FAULT_TIMEOUT).until(() -> leaderOfOrNone(topic) != -1);
    }

    private static int leaderOf(String topic) throws Exception {
        TopicPartitionInfo partition = sandbox.admin().describeTopics(List.of(topic)).allTopicNames().get()
                .get(topic).partitions().get(0);
        return partition.leader().id();
    }

    /** The partition's leader, or -1 while it has none or the metadata is not available. */
    private static int leaderOfOrNone(String topic) throws InterruptedException {
        try {
            Node leader = sandbox.admin().describeTopics(List.of(topic)).allTopicNames().get()
                    .get(topic).partitions().get(0).leader();
            return leader == null ? -1 : leader.id();
        } catch (ExecutionException e) {
            return -1;
        }
    }

    private static Set<Integer> liveBrokers() throws Exception {
        return sandbox.admin().describeCluster().nodes().get().stream().map(Node::id).collect(Collectors.toSet());
    }
}
