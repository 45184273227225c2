package dev.vigil.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The monitor topic of one cluster. Its keys sit directly in the cluster object.
 *
 * @param name                {@code topic}: default {@code __vigil_probe}; a legal Kafka topic name
 * @param partitionsPerBroker {@code partitions.per.broker}: default 2, 1..100; the topic gets
 *                            brokers × this many partitions
 * @param replicationFactor   {@code replication.factor}: 1..32767; absent means min(3, brokers),
 *                            decided by the topic manager once it knows the brokers
 * @param minInsyncReplicas   {@code min.insync.replicas}: at least 1 and at most the replication
 *                            factor; absent means RF−1, at least 1
 * @param management          {@code topic.management}: {@code manage} (default), {@code report-only}
 *                            or {@code off}; see {@link TopicManagement}
 * @param rebalanceStable     {@code topic.rebalance.stable.ms}: default 60000, 1000..3600000; the
 *                            set of registered brokers must have been unchanged this long before
 *                            Vigil moves partitions, so a rolling restart or a broker joining in
 *                            steps causes one reassignment, not one per step
 * @param rebalanceInterval   {@code topic.rebalance.interval.ms}: default 300000, 1000..86400000; at
 *                            most one reassignment (or partition increase) this often
 */
public record TopicConfig(String name, int partitionsPerBroker, OptionalInt replicationFactor,
                          OptionalInt minInsyncReplicas, TopicManagement management, Duration rebalanceStable,
                          Duration rebalanceInterval) {

    /** The topic keys of a cluster object. */
    public static final class Keys {
        public static final String TOPIC = "topic";
        public static final String PARTITIONS_PER_BROKER = "partitions.per.broker";
        public static final String REPLICATION_FACTOR = "replication.factor";
        public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
        public static final String MANAGEMENT = "topic.management";
        public static final String REBALANCE_STABLE_MS = "topic.rebalance.stable.ms";
        public static final String REBALANCE_INTERVAL_MS = "topic.rebalance.interval.ms";
        static final List<String> ALL = List.of(TOPIC, PARTITIONS_PER_BROKER, REPLICATION_FACTOR, MIN_INSYNC_REPLICAS,
                MANAGEMENT, REBALANCE_STABLE_MS, REBALANCE_INTERVAL_MS);

        private Keys() {
        }
    }

    private static final int DEFAULT_REBALANCE_STABLE_MS = 60_000;
    private static final int DEFAULT_REBALANCE_INTERVAL_MS = 300_000;

    public TopicConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(replicationFactor, "replicationFactor");
        Objects.requireNonNull(minInsyncReplicas, "minInsyncReplicas");
        Objects.requireNonNull(management, "management");
        Objects.requireNonNull(rebalanceStable, "rebalanceStable");
        Objects.requireNonNull(rebalanceInterval, "rebalanceInterval");
    }

    /** A managed topic with the default rebalance timing. */
    public TopicConfig(String name, int partitionsPerBroker, OptionalInt replicationFactor,
                       OptionalInt minInsyncReplicas) {
        this(name, partitionsPerBroker, replicationFactor, minInsyncReplicas, TopicManagement.MANAGE,
                Duration.ofMillis(DEFAULT_REBALANCE_STABLE_MS), Duration.ofMillis(DEFAULT_REBALANCE_INTERVAL_MS));
    }

    /** This topic with another management mode and rebalance timing. */
    public TopicConfig withManagement(TopicManagement mode, Duration stable, Duration interval) {
        return new TopicConfig(name, partitionsPerBroker, replicationFactor, minInsyncReplicas, mode, stable, interval);
    }

    /** Every key at its default. */
    public static TopicConfig defaults() {
        return read(ConfigObject.empty(""));
    }

    static TopicConfig read(ConfigObject cluster) {
        String name = cluster.string(Keys.TOPIC, "__vigil_probe");
        if (!ConfigNames.validTopic(name)) {
            throw cluster.error(Keys.TOPIC, ConfigObject.quote(name) + " is not a valid Kafka topic name; use "
                    + ConfigNames.TOPIC_RULE);
        }
        int partitionsPerBroker = cluster.integer(Keys.PARTITIONS_PER_BROKER, 2, 1, 100, "");
        OptionalInt replicationFactor = cluster.optionalInt(Keys.REPLICATION_FACTOR, 1, Short.MAX_VALUE, "");
        OptionalInt minInsync = cluster.optionalInt(Keys.MIN_INSYNC_REPLICAS, 1, Short.MAX_VALUE, "");
        if (replicationFactor.isPresent() && minInsync.isPresent()
                && minInsync.getAsInt() > replicationFactor.getAsInt()) {
            throw cluster.error(Keys.MIN_INSYNC_REPLICAS, minInsync.getAsInt() + " is more than "
                    + Keys.REPLICATION_FACTOR + " (" + replicationFactor.getAsInt() + "); every produce would fail"
                    + " with NotEnoughReplicas, so lower " + Keys.MIN_INSYNC_REPLICAS
                    + " or raise " + Keys.REPLICATION_FACTOR);
        }
        TopicManagement management = TopicManagement.fromConfigName(
                cluster.choice(Keys.MANAGEMENT, TopicManagement.MANAGE.configName(), TopicManagement.configNames()));
        Duration stable = cluster.millis(Keys.REBALANCE_STABLE_MS, DEFAULT_REBALANCE_STABLE_MS, 1000, 3_600_000);
        Duration interval = cluster.millis(Keys.REBALANCE_INTERVAL_MS, DEFAULT_REBALANCE_INTERVAL_MS, 1000, 86_400_000);
        return new TopicConfig(name, partitionsPerBroker, replicationFactor, minInsync, management, stable, interval);
    }
}
