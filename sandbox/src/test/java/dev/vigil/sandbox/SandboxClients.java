package dev.vigil.sandbox;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The string clients the sandbox's tests write and read with: configs on top of the sandbox's own. */
final class SandboxClients {

    private SandboxClients() {
    }

    /** An {@code acks=all} producer of string records. */
    static Map<String, Object> producerConfig(SandboxCluster cluster) {
        Map<String, Object> config = new HashMap<>(cluster.adminConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return config;
    }

    /** A consumer of string records that commits nothing (the tests assign and seek). */
    static Map<String, Object> consumerConfig(SandboxCluster cluster) {
        Map<String, Object> config = new HashMap<>(cluster.adminConfig());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }
}
