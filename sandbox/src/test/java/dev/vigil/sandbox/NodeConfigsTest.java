package dev.vigil.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import kafka.server.KafkaConfig;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.junit.jupiter.api.Test;

class NodeConfigsTest {

    private static final Path DIR = Path.of("/nonexistent/sandbox-node");
    private static final NodeConfigs.BrokerPorts PORTS = new NodeConfigs.BrokerPorts(9092, 9094, 9095);

    @Test
    void everyKeyIsAKafkaServerConfig() {
        assertThat(AbstractKafkaConfig.CONFIG_DEF.names())
                .containsAll(NodeConfigs.controller(9093, DIR).keySet())
                .containsAll(NodeConfigs.broker(1, PORTS, DIR, 9093, 3, ClientListener.PLAINTEXT).keySet());
    }

    @Test
    void kafkaAcceptsBothRoles() {
        KafkaConfig controller = new KafkaConfig(NodeConfigs.controller(9093, DIR), false);
        KafkaConfig broker = new KafkaConfig(NodeConfigs.broker(2, PORTS, DIR, 9093, 3, ClientListener.PLAINTEXT), false);

        assertThat(controller.nodeId()).isEqualTo(NodeConfigs.CONTROLLER_ID);
        assertThat(broker.nodeId()).isEqualTo(2);
        assertThat(broker.controlledShutdownEnable()).isFalse();
        assertThat(broker.brokerSessionTimeoutMs()).isEqualTo(3000);
    }

    @Test
    void internalTopicsFitASmallCluster() {
        Map<String, String> oneBroker = NodeConfigs.broker(1, PORTS, DIR, 9093, 1, ClientListener.PLAINTEXT);

        assertThat(oneBroker)
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("auto.create.topics.enable", "false");
    }

    @Test
    void brokersAdvertiseTheirProxyToClientsAndReplicateOverTheInternalListener() {
        Map<String, String> broker = NodeConfigs.broker(1, new NodeConfigs.BrokerPorts(19092, 19094, 19095), DIR, 19093, 3,
                ClientListener.PLAINTEXT);

        assertThat(broker)
                .containsEntry("listeners", "CLIENT://127.0.0.1:19092,INTERNAL://127.0.0.1:19094")
                .containsEntry("advertised.listeners", "CLIENT://127.0.0.1:19095,INTERNAL://127.0.0.1:19094")
                .containsEntry("inter.broker.listener.name", "INTERNAL")
                .containsEntry("controller.quorum.voters", "1000@127.0.0.1:19093");
    }

    @Test
    void aSecuredClientListenerGetsItsProtocolAndListenerScopedSettingsWhichKafkaAccepts() {
        Map<String, String> broker = NodeConfigs.broker(1, PORTS, DIR, 9093, 3,
                ClientListener.scramOverSsl(Path.of("/etc/keys/broker.p12"), "pw"));

        assertThat(broker)
                .containsEntry("listener.security.protocol.map", "CLIENT:SASL_SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT")
                .containsEntry("listener.name.client.ssl.keystore.location", "/etc/keys/broker.p12")
                .containsEntry("listener.name.client.sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .containsEntry("listener.name.client.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        KafkaConfig config = new KafkaConfig(broker, false);
        assertThat(config.listeners().head().listener()).isEqualTo("CLIENT");
    }
}
