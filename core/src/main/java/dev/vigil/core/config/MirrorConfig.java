package dev.vigil.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The mirror probe of one (source) cluster: its probes, acknowledged here, are looked for in the
 * topic a replicator such as MirrorMaker 2 copies the monitor topic to in another configured
 * cluster. Read from the cluster's {@code mirror} object.
 *
 * @param to        {@code to}: required, the name of another cluster of this config, where the copy lives
 * @param topic     {@code topic}: the mirrored topic in {@code to}; default MirrorMaker 2's naming,
 *                  {@code <source.alias>.<monitor topic>} ({@code DefaultReplicationPolicy})
 * @param sla       {@code sla.ms}: an acknowledged probe not seen in {@code to} within this (from its
 *                  send) is a mirror failure; default 30000, 100..3600000
 * @param lossGrace {@code loss.grace.ms}: an acknowledged probe not seen in {@code to} within this is
 *                  lost by the mirror; default 300000, above {@code sla.ms} and at least twice
 *                  {@code produce.ack.sla.ms}, at most 3600000
 */
public record MirrorConfig(String to, String topic, Duration sla, Duration lossGrace) {

    /** The keys of a {@code mirror} object. */
    public static final class Keys {
        public static final String MIRROR = "mirror";
        public static final String TO = "to";
        public static final String TOPIC = "topic";
        public static final String SOURCE_ALIAS = "source.alias";
        public static final String SLA_MS = "sla.ms";
        public static final String LOSS_GRACE_MS = "loss.grace.ms";
        static final List<String> ALL = List.of(TO, TOPIC, SOURCE_ALIAS, SLA_MS, LOSS_GRACE_MS);

        private Keys() {
        }
    }

    // MirrorMaker 2 takes minutes, not milliseconds, to notice a new topic and can stall for a task
    // rebalance, so its SLA and grace are far longer than the local consume probe's.
    private static final int DEFAULT_SLA_MS = 30_000;
    private static final int DEFAULT_LOSS_GRACE_MS = 300_000;

    public MirrorConfig {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(sla, "sla");
        Objects.requireNonNull(lossGrace, "lossGrace");
    }

    /** MirrorMaker 2's name for the copy of {@code topic} from the cluster it calls {@code sourceAlias}. */
    public static String defaultTopic(String sourceAlias, String topic) {
        return sourceAlias + "." + topic;
    }

    static MirrorConfig read(ConfigObject mirror, String clusterName, TopicConfig topic, ProbeConfig probe) {
        mirror.rejectUnknownKeys(Keys.ALL, "");
        String to = mirror.optionalString(Keys.TO).orElseThrow(() -> mirror.error(Keys.TO,
                "required; name the configured cluster the monitor topic is mirrored to, e.g. \"dr\""));
        if (to.equals(clusterName)) {
            throw mirror.error(Keys.TO, ConfigObject.quote(to) + " is this cluster; name the cluster the topic is"
                    + " mirrored to");
        }
        String alias = mirror.string(Keys.SOURCE_ALIAS, clusterName);
        if (!ConfigNames.valid(alias, ConfigNames.LABEL_MAX)) {
            throw mirror.error(Keys.SOURCE_ALIAS, ConfigObject.quote(alias) + " is not a valid alias; use MirrorMaker's"
                    + " name for this cluster (" + ConfigNames.rule(ConfigNames.LABEL_MAX) + ")");
        }
        if (mirror.has(Keys.TOPIC) && mirror.has(Keys.SOURCE_ALIAS)) {
            throw mirror.error(Keys.SOURCE_ALIAS, "set either \"" + Keys.TOPIC + "\" or \"" + Keys.SOURCE_ALIAS
                    + "\", not both (the alias only names the default topic)");
        }
        String mirrored = mirror.string(Keys.TOPIC, defaultTopic(alias, topic.name()));
        if (!ConfigNames.validTopic(mirrored)) {
            throw mirror.error(Keys.TOPIC, ConfigObject.quote(mirrored) + " is not a valid Kafka topic name; use "
                    + ConfigNames.TOPIC_RULE);
        }
        Duration sla = mirror.millis(Keys.SLA_MS, DEFAULT_SLA_MS, 100, 3_600_000);
        long minGrace = Math.max(sla.toMillis() + 1, 2 * probe.produceAckSla().toMillis());
        Duration grace = mirror.millis(Keys.LOSS_GRACE_MS, (int) Math.max(DEFAULT_LOSS_GRACE_MS, minGrace), 1, 3_600_000);
        if (grace.toMillis() < minGrace) {
            throw mirror.error(Keys.LOSS_GRACE_MS, grace.toMillis() + " is too short; use at least " + minGrace
                    + " (above " + Keys.SLA_MS + " and at least twice produce.ack.sla.ms)");
        }
        return new MirrorConfig(to, mirrored, sla, grace);
    }
}
