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

    private static Object fetchMaxWait(Duration interval, Map<String, String> client) {
        ProbeConfig defaults = ProbeConfig.defaults();
        ProbeConfig probe = new ProbeConfig(interval, defaults.recordSizeBytes(), defaults.produceAckSla(),
                defaults.e2eSla(), defaults.lossGrace(), defaults.window(), defaults.windowSlices());
        ClusterConfig cluster = new ClusterConfig("c", Optional.of("127.0.0.1:9"), Optional.empty(), client,
                TopicConfig.defaults(), probe);
        return new KafkaClients(cluster, "127.0.0.1:9").consumerConfig().get("fetch.max.wait.ms");
    }
}
