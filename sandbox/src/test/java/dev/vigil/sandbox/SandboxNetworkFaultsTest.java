package dev.vigil.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Network faults on a real 3-broker sandbox: they reach the clients of one broker only, never replication,
 * and outlive the broker's restarts. Topic {@value #TOPIC} has one partition led by each broker (partition
 * p by broker p + 1), RF 3, so an {@code acks=all} produce to any partition also waits for replication
 * through the other two brokers; a fault that leaked into replication would show on every partition.
 *
 * <p>Bounds: an injected delay is a floor (bytes cannot pass sooner), so "at least" checks are exact;
 * "the other brokers are not delayed" is checked on the median of several round trips against the
 * injected delay itself, which a loaded machine does not reach on a loopback produce.
 */
class SandboxNetworkFaultsTest {

    private static final String TOPIC = "faults";
    private static final Duration ONE_WAY = Duration.ofMillis(150);
    private static final int ROUND_TRIPS = 9;

    @RegisterExtension
    static final ClassSandbox sandbox = new ClassSandbox(3);

    @BeforeAll
    static void createTopic() throws Exception {
        sandbox.admin().createTopics(List.of(new NewTopic(TOPIC, Map.of(0, List.of(1, 2, 3), 1, List.of(2, 3, 1),
                2, List.of(3, 1, 2))).configs(Map.of("min.insync.replicas", "2")))).all().get();
        await().atMost(Duration.ofSeconds(20)).until(() -> leaders().equals(List.of(1, 2, 3)));
    }

    @BeforeEach
    void restorePreferredLeaders() {
        // A restarted broker leads again only after a preferred election, which fails until it is back in
        // the ISR: retry until partition p is led by broker p + 1.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try {
                sandbox.admin().electLeaders(ElectionType.PREFERRED, null).all().get(5, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // ElectionNotNeeded or PreferredLeaderNotAvailable: the check below decides
            }
            return leaders().equals(List.of(1, 2, 3));
        });
    }

    @AfterEach
    void clearFaults() {
        for (int id : sandbox.cluster().brokerIds()) {
            sandbox.cluster().setLatency(id, Duration.ZERO);
            sandbox.cluster().blackhole(id, false);
            sandbox.cluster().withholdFetchResponses(id, false);
        }
    }

    /**
     * Broker 2 withholds its fetch responses: a consumer of its partition (1) receives nothing while
     * produce requests to it are still acked (acks=all, so replication through it works too) and the
     * sandbox.admin() client still reads its log end; a consumer of broker 1's partition (0) is not touched. Released,
     * the held fetch response comes through and the consumer reads exactly what was written.
     */
    @Test
    void withheldFetchResponsesStarveConsumersOfThatBrokerOnlyWhileProducingGoesOn() throws Exception {
        int records = 10;
        Map<Integer, Long> start = endOffsets(0, 1);
        sandbox.cluster().withholdFetchResponses(2, true);
        assertThat(sandbox.cluster().isFetchResponsesWithheld(2)).isTrue();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(30_000));
             KafkaConsumer<String, String> starved = consumer(1, start.get(1));
             KafkaConsumer<String, String> fed = consumer(0, start.get(0))) {
            List<String> starvedGot = new ArrayList<>();
            List<String> fedGot = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                send(producer, 1);
                send(producer, 0);
            }
            assertThat(endOffsets(0, 1)).isEqualTo(Map.of(0, start.get(0) + records, 1, start.get(1) + records));

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                poll(fed, fedGot);
                return fedGot.size() == records;
            });
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).until(() -> {
                poll(starved, starvedGot);
                return starvedGot.isEmpty();
            });

            sandbox.cluster().withholdFetchResponses(2, false);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                poll(starved, starvedGot);
                return starvedGot.size() >= records;
            });
            poll(starved, starvedGot);
            assertThat(starvedGot).hasSize(records);
            assertThat(fedGot).hasSize(records);
        }
    }

    @Test
    void delayOnOneBrokerShowsInProduceRoundTripsToThatBrokerOnly() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(30_000))) {
            medianRoundTripNanos(producer, 0); // warm up: metadata and connections to every broker
            medianRoundTripNanos(producer, 1);
            medianRoundTripNanos(producer, 2);

            sandbox.cluster().setLatency(2, ONE_WAY);

            assertThat(sandbox.cluster().latency(2)).isEqualTo(ONE_WAY);
            assertThat(sandbox.cluster().latency(1)).isZero();
            // Request to broker 2 and its response each wait ONE_WAY.
            assertThat(minRoundTripNanos(producer, 1)).isGreaterThanOrEqualTo(2 * ONE_WAY.toNanos());
            assertThat(medianRoundTripNanos(producer, 0)).isLessThan(ONE_WAY.toNanos());
            assertThat(medianRoundTripNanos(producer, 2)).isLessThan(ONE_WAY.toNanos());
        }
    }

    @Test
    void delayPerDirectionAddsUp() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(30_000))) {
            medianRoundTripNanos(producer, 2);

            sandbox.cluster().setLatency(3, Duration.ZERO, ONE_WAY);

            assertThat(sandbox.cluster().latency(3)).isEqualTo(ONE_WAY);
            assertThat(minRoundTripNanos(producer, 2)).isGreaterThanOrEqualTo(ONE_WAY.toNanos());
        }
    }

    @Test
    void faultsAndAddressesSurviveABrokerRestart() throws Exception {
        String bootstrap = sandbox.cluster().bootstrapServers();
        sandbox.cluster().setLatency(2, ONE_WAY);
        sandbox.cluster().blackhole(2, true);

        sandbox.cluster().stopBroker(2, StopMode.GRACEFUL);
        sandbox.cluster().startBroker(2); // registers through the internal listener, blackhole or not

        assertThat(sandbox.cluster().bootstrapServers()).isEqualTo(bootstrap);
        assertThat(sandbox.cluster().latency(2)).isEqualTo(ONE_WAY);
        assertThat(sandbox.cluster().isBlackholed(2)).isTrue();
        sandbox.cluster().blackhole(2, false);
        restorePreferredLeaders();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(30_000))) {
            medianRoundTripNanos(producer, 1);
            assertThat(minRoundTripNanos(producer, 1)).isGreaterThanOrEqualTo(2 * ONE_WAY.toNanos());
        }
    }

    @Test
    void blackholedBrokerTimesOutItsClientsOnlyAndRecovers() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(2_000))) {
            send(producer, 0);
            send(producer, 1);
            send(producer, 2);

            sandbox.cluster().blackhole(3, true);

            assertThatThrownBy(() -> send(producer, 2)).hasCauseInstanceOf(TimeoutException.class);
            send(producer, 0); // replication through broker 3 still works: acks=all with ISR {1,2,3}
            send(producer, 1);

            sandbox.cluster().blackhole(3, false);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(30_000))) {
            send(producer, 2);
        }
    }

    /**
     * The producer's own connection counters are the ground truth: the drop closes its connection to
     * broker 1 (one close more), and the next send to broker 1's partition opens a new one and lands
     * right after the first record, so nothing was written twice or lost on the way.
     */
    @Test
    void droppedConnectionsAreReopenedByTheClient() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(30_000))) {
            long first = send(producer, 0);
            double closed = producerMetric(producer, "connection-close-total");
            double created = producerMetric(producer, "connection-creation-total");

            sandbox.cluster().dropConnections(1);

            await().atMost(Duration.ofSeconds(30)).until(() -> producerMetric(producer, "connection-close-total") > closed);
            assertThat(send(producer, 0)).isEqualTo(first + 1);
            assertThat(producerMetric(producer, "connection-creation-total")).isGreaterThan(created);
        }
    }

    @Test
    void faultControlsRejectUnknownBrokers() {
        assertThatThrownBy(() -> sandbox.cluster().setLatency(9, ONE_WAY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("9");
        assertThatThrownBy(() -> sandbox.cluster().latency(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sandbox.cluster().blackhole(4, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sandbox.cluster().withholdFetchResponses(4, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sandbox.cluster().dropConnections(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sandbox.cluster().setLatency(1, Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static long minRoundTripNanos(KafkaProducer<String, String> producer, int partition) throws Exception {
        return roundTrips(producer, partition)[0];
    }

    private static long medianRoundTripNanos(KafkaProducer<String, String> producer, int partition)
            throws Exception {
        return roundTrips(producer, partition)[ROUND_TRIPS / 2];
    }

    private static long[] roundTrips(KafkaProducer<String, String> producer, int partition) throws Exception {
        long[] nanos = new long[ROUND_TRIPS];
        for (int i = 0; i < ROUND_TRIPS; i++) {
            long start = System.nanoTime();
            send(producer, partition);
            nanos[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(nanos);
        return nanos;
    }

    /** Sends one record and returns its offset. */
    private static long send(KafkaProducer<String, String> producer, int partition) throws Exception {
        return producer.send(new ProducerRecord<>(TOPIC, partition, null, "probe")).get(60, TimeUnit.SECONDS).offset();
    }

    /** One of the producer's own metrics (its connection counters are in the group producer-metrics). */
    private static double producerMetric(KafkaProducer<String, String> producer, String name) {
        return producer.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("producer-metrics") && e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElseThrow(() -> new AssertionError("no producer metric " + name));
    }

    private static List<Integer> leaders() throws Exception {
        try {
            return sandbox.admin().describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions().stream()
                    .map(p -> p.leader() == null ? -1 : p.leader().id()).toList();
        } catch (ExecutionException e) {
            return List.of();
        }
    }

    private static Map<Integer, Long> endOffsets(int... partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        for (int p : partitions) {
            query.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
        }
        Map<Integer, Long> out = new HashMap<>();
        sandbox.admin().listOffsets(query).all().get(30, TimeUnit.SECONDS)
                .forEach((tp, info) -> out.put(tp.partition(), info.offset()));
        return out;
    }

    private static void poll(KafkaConsumer<String, String> consumer, List<String> into) {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> into.add(r.value()));
    }

    /** A consumer of one partition from {@code offset}, with a request timeout longer than the test's waits. */
    private static KafkaConsumer<String, String> consumer(int partition, long offset) {
        Map<String, Object> config = SandboxClients.consumerConfig(sandbox.cluster());
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 60_000);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
        TopicPartition tp = new TopicPartition(TOPIC, partition);
        consumer.assign(List.of(tp));
        consumer.seek(tp, offset);
        return consumer;
    }

    private static Map<String, Object> producerConfig(int deliveryTimeoutMs) {
        Map<String, Object> config = SandboxClients.producerConfig(sandbox.cluster());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(deliveryTimeoutMs, 30_000));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeoutMs);
        return config;
    }
}
