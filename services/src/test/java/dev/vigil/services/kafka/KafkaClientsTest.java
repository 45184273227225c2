package dev.vigil.services.kafka;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.config.TopicConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The producer Vigil builds must be one Kafka accepts whatever timeouts the operator sets in
 * {@code client}; Kafka checks them when the client is constructed, before any connection.
 */
class KafkaClientsTest {

    static List<Map<String, String>> operatorTimeouts() {
        return List.of(
                Map.of(),
                Map.of("delivery.timeout.ms", "5000"),
                Map.of("request.timeout.ms", " 30000 "),
                Map.of("linger.ms", "20", "request.timeout.ms", "2147483647"),
                Map.of("delivery.timeout.ms", "120000", "request.timeout.ms", "30000"));
    }

    @ParameterizedTest
    @MethodSource("operatorTimeouts")
    void producerIsAcceptedWhateverTimeoutsTheOperatorSets(Map<String, String> client) {
        ClusterConfig cluster = new ClusterConfig("c", Optional.of("127.0.0.1:9"), Optional.empty(), client,
                TopicConfig.defaults(), ProbeConfig.defaults());
        KafkaClients clients = new KafkaClients(cluster, "127.0.0.1:9");

        assertThatCode(() -> {
            try (KafkaProducer<byte[], byte[]> producer = clients.producer()) {
                producer.close(Duration.ZERO);
            }
        }).doesNotThrowAnyException();
    }

    @Test
    void consumerFetchWaitsLongerThanAProbeIntervalSoIdleFetchesDoNotDelayProbes() {
        assertThat(fetchMaxWait(Duration.ofMillis(200), Map.of())).isEqualTo(500);
        assertThat(fetchMaxWait(Duration.ofMillis(1_000), Map.of())).isEqualTo(2_000);
        assertThat(fetchMaxWait(Duration.ofMinutes(10), Map.of())).isEqualTo(10_000);
        assertThat(fetchMaxWait(Duration.ofMillis(1_000), Map.of("fetch.max.wait.ms", "50"))).isEqualTo("50");
    }

    @Test
    void consumerRequestTimeoutIsAQuarterOfTheLossGraceAboveAFetchWaitAndAtMostKafkasDefault() {
        assertThat(requestTimeout(Duration.ofMillis(1_000), Duration.ofSeconds(30), Map.of())).isEqualTo(7_500);
        assertThat(requestTimeout(Duration.ofMillis(200), Duration.ofSeconds(8), Map.of())).isEqualTo(2_000);
        // Never below a fetch wait (here 2 s) plus a second, which the loss grace must allow twice over.
        assertThat(requestTimeout(Duration.ofMillis(1_000), Duration.ofSeconds(6), Map.of())).isEqualTo(3_000);
        assertThat(requestTimeout(Duration.ofMillis(1_000), Duration.ofHours(1), Map.of())).isEqualTo(30_000);
        assertThat(requestTimeout(Duration.ofMillis(1_000), Duration.ofSeconds(30), Map.of("request.timeout.ms", "9000")))
                .isEqualTo("9000");
    }

    @Test
    void consumerHandsOutUpToTenThousandRecordsAPollUnlessTheOperatorSetsALimit() {
        assertThat(clients(ProbeConfig.defaults(), Map.of()).consumerConfig().get("max.poll.records")).isEqualTo(10_000);
        assertThat(clients(ProbeConfig.defaults(), Map.of("max.poll.records", "3")).consumerConfig().get("max.poll.records"))
                .isEqualTo("3");
    }

    @Test
    void producerBatchFitsOneProbeRecordUnlessTheOperatorSetsOne() {
        ProbeConfig defaults = ProbeConfig.defaults();
        ProbeConfig probe = new ProbeConfig(defaults.interval(), 1_000, defaults.produceAckSla(),
                defaults.e2eSla(), defaults.lossGrace(), defaults.window(), defaults.windowSlices());

        assertThat(clients(probe, Map.of()).producerConfig().get("batch.size")).isEqualTo(1_256);
        assertThat(clients(ProbeConfig.defaults(), Map.of()).producerConfig().get("batch.size")).isEqualTo(356);
        assertThat(clients(probe, Map.of("batch.size", "65536")).producerConfig().get("batch.size")).isEqualTo("65536");
    }

    @Test
    void consumerFetchSizesFollowTheProbeRecordSizeUnlessTheOperatorSetsThem() {
        Map<String, Object> small = clients(ProbeConfig.defaults(), Map.of()).consumerConfig();
        assertThat(small.get("max.partition.fetch.bytes")).isEqualTo(64 * 1024); // 16 x 356 is below the floor
        assertThat(small.get("fetch.max.bytes")).isEqualTo(1024 * 1024);

        Map<String, Object> mid = clients(withRecordSize(20_000), Map.of()).consumerConfig();
        assertThat(mid.get("max.partition.fetch.bytes")).isEqualTo(16 * 20_256);
        assertThat(mid.get("fetch.max.bytes")).isEqualTo(4 * 16 * 20_256);

        Map<String, Object> largest = clients(withRecordSize(1_000_000), Map.of()).consumerConfig();
        assertThat(largest.get("max.partition.fetch.bytes")).isEqualTo(1024 * 1024); // Kafka's default, one probe
        assertThat(largest.get("fetch.max.bytes")).isEqualTo(4 * 1024 * 1024);

        Map<String, Object> operator = clients(ProbeConfig.defaults(), Map.of("fetch.max.bytes", "52428800")).consumerConfig();
        assertThat(operator.get("fetch.max.bytes")).isEqualTo("52428800");
    }

    private static ProbeConfig withRecordSize(int bytes) {
        ProbeConfig defaults = ProbeConfig.defaults();
        return new ProbeConfig(defaults.interval(), bytes, defaults.produceAckSla(), defaults.e2eSla(), defaults.lossGrace(),
                defaults.window(), defaults.windowSlices());
    }

    private static KafkaClients clients(ProbeConfig probe, Map<String, String> client) {
        return new KafkaClients(new ClusterConfig("c", Optional.of("127.0.0.1:9"), Optional.empty(), client,
                TopicConfig.defaults(), probe), "127.0.0.1:9");
    }

    private static Object requestTimeout(Duration interval, Duration lossGrace, Map<String, String> client) {
        ProbeConfig defaults = ProbeConfig.defaults();
        ProbeConfig probe = new ProbeConfig(interval, defaults.recordSizeBytes(), defaults.produceAckSla(),
                defaults.e2eSla(), lossGrace, defaults.window(), defaults.windowSlices());
        return clients(probe, client).consumerConfig().get("request.timeout.ms");
    }

    private static Object fetchMaxWait(Duration interval, Map<String, String> client) {
        ProbeConfig defaults = ProbeConfig.defaults();
        ProbeConfig probe = new ProbeConfig(interval, defaults.recordSizeBytes(), defaults.produceAckSla(),
                defaults.e2eSla(), defaults.lossGrace(), defaults.window(), defaults.windowSlices());
        return clients(probe, client).consumerConfig().get("fetch.max.wait.ms");
    }
}
