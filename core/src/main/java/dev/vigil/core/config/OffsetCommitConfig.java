package dev.vigil.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The offset-commit probe of one cluster: a consumer group of Vigil's own commits an offset every
 * interval, which measures the group coordinator. Its keys sit directly in the cluster object.
 *
 * @param enabled  {@code offset.commit.probe}: default true
 * @param groupId  {@code offset.commit.group.id}: default {@code vigil-commit.<topic>.<cluster name>};
 *                 1-249 of {@code A-Z a-z 0-9 . _ -}. The group never has members, it only holds
 *                 the committed offset
 * @param interval {@code offset.commit.interval.ms}: one commit this often; default
 *                 {@code probe.interval.ms}, 100..3600000
 * @param sla      {@code offset.commit.sla.ms}: a commit not acknowledged within this failed (the
 *                 commit's timeout); default 3000, 100..600000
 */
public record OffsetCommitConfig(boolean enabled, String groupId, Duration interval, Duration sla) {

    /** The offset-commit keys of a cluster object. */
    public static final class Keys {
        public static final String PROBE = "offset.commit.probe";
        public static final String GROUP_ID = "offset.commit.group.id";
        public static final String INTERVAL_MS = "offset.commit.interval.ms";
        public static final String SLA_MS = "offset.commit.sla.ms";
        static final List<String> ALL = List.of(PROBE, GROUP_ID, INTERVAL_MS, SLA_MS);

        private Keys() {
        }
    }

    private static final int DEFAULT_SLA_MS = 3_000;

    public OffsetCommitConfig {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(sla, "sla");
    }

    /** Every key at its default for a cluster {@code name} whose monitor topic is {@code topic}. */
    public static OffsetCommitConfig defaults(String name, String topic, ProbeConfig probe) {
        return new OffsetCommitConfig(true, defaultGroupId(topic, name), probe.interval(),
                Duration.ofMillis(DEFAULT_SLA_MS));
    }

    /** This config with another interval and SLA. */
    public OffsetCommitConfig withTiming(Duration newInterval, Duration newSla) {
        return new OffsetCommitConfig(enabled, groupId, newInterval, newSla);
    }

    /** This config switched on or off. */
    public OffsetCommitConfig withEnabled(boolean on) {
        return new OffsetCommitConfig(on, groupId, interval, sla);
    }

    // Derived from topic and cluster name, so two clusters or two monitor topics never share a group.
    static String defaultGroupId(String topic, String name) {
        String id = "vigil-commit." + topic + "." + name;
        return id.length() <= ConfigNames.KAFKA_MAX ? id : id.substring(0, ConfigNames.KAFKA_MAX);
    }

    static OffsetCommitConfig read(ConfigObject cluster, String name, TopicConfig topic, ProbeConfig probe) {
        boolean enabled = cluster.bool(Keys.PROBE, true);
        String groupId = cluster.string(Keys.GROUP_ID, defaultGroupId(topic.name(), name));
        // Kafka accepts any group id; Vigil keeps to the names ACLs, CLI tools and metric labels take unquoted.
        if (!ConfigNames.valid(groupId, ConfigNames.KAFKA_MAX)) {
            throw cluster.error(Keys.GROUP_ID, ConfigObject.quote(groupId) + " is not a valid group id here; use "
                    + ConfigNames.rule(ConfigNames.KAFKA_MAX));
        }
        Duration interval = cluster.millis(Keys.INTERVAL_MS, (int) probe.interval().toMillis(), 100, 3_600_000);
        Duration sla = cluster.millis(Keys.SLA_MS, DEFAULT_SLA_MS, 100, 600_000);
        return new OffsetCommitConfig(enabled, groupId, interval, sla);
    }
}
