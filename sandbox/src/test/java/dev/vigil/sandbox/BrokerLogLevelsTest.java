package dev.vigil.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs against the real log4j-core backend the tests use (log4j-slf4j2-impl). */
class BrokerLogLevelsTest {

    @AfterEach
    void restoreTestConfiguration() {
        Configurator.setLevel("kafka", Level.WARN);
        Configurator.setLevel("org.apache.kafka", Level.WARN);
        Configurator.setLevel("kafka.server.ReplicaFetcherThread", Level.ERROR);
    }

    @Test
    void raisesVerboseKafkaLoggersToWarn() {
        Configurator.setLevel("kafka", Level.DEBUG);
        Configurator.setLevel("kafka.server.ReplicaFetcherThread", Level.INFO);

        BrokerLogLevels.quietKafkaLoggers();

        assertThat(level("kafka")).isEqualTo(Level.WARN);
        assertThat(level("kafka.server.KafkaApis")).isEqualTo(Level.WARN);
        assertThat(level("kafka.server.ReplicaFetcherThread")).isEqualTo(Level.ERROR);
    }

    @Test
    void leavesQuieterLoggersAlone() {
        Configurator.setLevel("org.apache.kafka", Level.ERROR);

        BrokerLogLevels.quietKafkaLoggers();

        assertThat(level("org.apache.kafka")).isEqualTo(Level.ERROR);
    }

    private static Level level(String logger) {
        return ((LoggerContext) LogManager.getContext(false)).getLogger(logger).getLevel();
    }
}
