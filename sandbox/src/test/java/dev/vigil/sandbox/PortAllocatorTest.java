package dev.vigil.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;
import java.util.HashSet;
import java.util.Set;

import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

class PortAllocatorTest {

    @Test
    void neverHandsOutTheSamePortTwice() {
        PortAllocator ports = new PortAllocator();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            assertThat(seen.add(ports.nextFreePort())).isTrue();
        }
    }

    @Test
    void recognisesABindFailureWrappedByKafka() {
        Exception kafkaStyle = new RuntimeException("startup failed",
                new KafkaException("Socket server failed to bind to 127.0.0.1:1234: Address already in use.",
                        new BindException("Address already in use")));

        assertThat(PortAllocator.isBindFailure(kafkaStyle)).isTrue();
        assertThat(PortAllocator.isBindFailure(new KafkaException("other", new IllegalStateException()))).isFalse();
    }
}
