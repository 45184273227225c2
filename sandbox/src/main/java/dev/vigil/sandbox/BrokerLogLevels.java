package dev.vigil.sandbox;

import java.util.List;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.LoggerFactory;

/**
 * Quiets in-process brokers, which log ~3,000 INFO lines per broker lifecycle: Kafka's loggers are raised
 * to WARN (one noisy logger to ERROR, see {@link #EXPECTED_FAULT_LOGGERS}), so what remains is what an
 * operator can act on.
 *
 * <p>Only done when log4j-core is the backend behind slf4j (Kafka's brokers bring log4j-core, but an
 * application may bind slf4j to something else, which then owns the levels). Only loggers more verbose
 * than WARN are changed: a configuration asking for ERROR keeps it. Note that {@code org.apache.kafka}
 * also covers the Kafka clients of the host application: in one JVM, broker and client share packages.
 */
final class BrokerLogLevels {

    static final List<String> KAFKA_LOGGERS = List.of(
            "kafka", "org.apache.kafka", "state.change.logger", "kafka.server", "kafka.controller",
            "kafka.request.logger", "kafka.log.LogCleaner");

    /**
     * Raised to ERROR: when a broker is stopped on purpose, each follower's fetcher logs a WARN with a
     * full stack trace per failed fetch. That is the expected effect of the fault, not news.
     */
    static final List<String> EXPECTED_FAULT_LOGGERS = List.of("kafka.server.ReplicaFetcherThread");

    private static final String LOG4J_SLF4J_FACTORY = "org.apache.logging.slf4j.Log4jLoggerFactory";
    private static final String LOG4J_CORE_CONTEXT = "org.apache.logging.log4j.core.LoggerContext";

    private BrokerLogLevels() {
    }

    /** Raises Kafka's loggers to WARN if log4j-core is the active backend; otherwise does nothing. */
    static void quietKafkaLoggers() {
        if (!LOG4J_SLF4J_FACTORY.equals(LoggerFactory.getILoggerFactory().getClass().getName())
                || !isLoadable(LOG4J_CORE_CONTEXT)) {
            return;
        }
        Log4jCore.raise(KAFKA_LOGGERS, "WARN");
        Log4jCore.raise(EXPECTED_FAULT_LOGGERS, "ERROR");
    }

    private static boolean isLoadable(String className) {
        try {
            Class.forName(className, false, BrokerLogLevels.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Kept apart so log4j-core classes are only loaded once we know they are present. */
    private static final class Log4jCore {

        /** Sets each logger to {@code levelName} unless it is already at that level or quieter. */
        static void raise(List<String> loggerNames, String levelName) {
            if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
                return;
            }
            Level target = Level.getLevel(levelName);
            for (String name : loggerNames) {
                Level current = context.getLogger(name).getLevel();
                if (current.intLevel() > target.intLevel()) { // more verbose than the target
                    Configurator.setLevel(name, target);
                }
            }
        }
    }
}
