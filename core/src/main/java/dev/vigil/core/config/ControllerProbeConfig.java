package dev.vigil.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The controller probe of one cluster: every interval it creates a short-lived topic with one
 * partition led by each online broker, waits until every broker serves its partition, and deletes
 * the topic. It changes the cluster's metadata, so it is off unless asked for (shared clusters).
 * Its keys sit directly in the cluster object.
 *
 * @param enabled  {@code controller.probe}: default false
 * @param interval {@code controller.probe.interval.ms}: one round this often; default 30000, 1000..3600000
 * @param sla      {@code controller.probe.sla.ms}: a round (create, every broker serving, delete)
 *                 not done within this failed; default 10000, 1000..600000
 */
public record ControllerProbeConfig(boolean enabled, Duration interval, Duration sla) {

    /** The controller-probe keys of a cluster object. */
    public static final class Keys {
        public static final String PROBE = "controller.probe";
        public static final String INTERVAL_MS = "controller.probe.interval.ms";
        public static final String SLA_MS = "controller.probe.sla.ms";
        static final List<String> ALL = List.of(PROBE, INTERVAL_MS, SLA_MS);

        private Keys() {
        }
    }

    private static final int DEFAULT_INTERVAL_MS = 30_000;
    private static final int DEFAULT_SLA_MS = 10_000;

    public ControllerProbeConfig {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(sla, "sla");
    }

    /** Off, with the default timing. */
    public static ControllerProbeConfig defaults() {
        return new ControllerProbeConfig(false, Duration.ofMillis(DEFAULT_INTERVAL_MS), Duration.ofMillis(DEFAULT_SLA_MS));
    }

    /** Room a probe topic name needs beyond the monitor topic's: ".controller-probe." and 13 digits of epoch ms. */
    static final int NAME_SUFFIX_LENGTH = ".controller-probe.".length() + 13;

    static ControllerProbeConfig read(ConfigObject cluster, TopicConfig topic) {
        boolean enabled = cluster.bool(Keys.PROBE, false);
        int maxTopic = ConfigNames.KAFKA_MAX - NAME_SUFFIX_LENGTH;
        if (enabled && topic.name().length() > maxTopic) {
            throw cluster.error(Keys.PROBE, "probe topics are named after the monitor topic (" + topic.name().length()
                    + " characters) and would exceed Kafka's " + ConfigNames.KAFKA_MAX + "; use a topic of at most "
                    + maxTopic + " characters or switch the controller probe off");
        }
        Duration interval = cluster.millis(Keys.INTERVAL_MS, DEFAULT_INTERVAL_MS, 1000, 3_600_000);
        Duration sla = cluster.millis(Keys.SLA_MS, DEFAULT_SLA_MS, 1000, 600_000);
        return new ControllerProbeConfig(enabled, interval, sla);
    }
}
