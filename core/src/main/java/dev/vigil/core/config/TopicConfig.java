package dev.vigil.core.config;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;

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
 */
public record TopicConfig(String name, int partitionsPerBroker, OptionalInt replicationFactor,
                          OptionalInt minInsyncReplicas) {

    /** The topic keys of a cluster object. */
    public static final class Keys {
        public static final String TOPIC = "topic";
        public static final String PARTITIONS_PER_BROKER = "partitions.per.broker";
        public static final String REPLICATION_FACTOR = "replication.factor";
        public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
        static final List<String> ALL = List.of(TOPIC, PARTITIONS_PER_BROKER, REPLICATION_FACTOR, MIN_INSYNC_REPLICAS);

        private Keys() {
        }
    }

    // Kafka's own rule (org.apache.kafka.common.internals.Topic), restated because core has no
    // Kafka dependency: checking it here fails at start-up instead of at topic creation.
    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public TopicConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(replicationFactor, "replicationFactor");
        Objects.requireNonNull(minInsyncReplicas, "minInsyncReplicas");
    }

    /** Every key at its default. */
    public static TopicConfig defaults() {
        return read(ConfigObject.empty(""));
    }

    static TopicConfig read(ConfigObject cluster) {
        String name = cluster.string(Keys.TOPIC, "__vigil_probe");
        if (!LEGAL_TOPIC.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw cluster.error(Keys.TOPIC, ConfigObject.quote(name) + " is not a valid Kafka topic name;"
                    + " use 1-249 characters from a-z A-Z 0-9 . _ -, other than \".\" and \"..\"");
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
        return new TopicConfig(name, partitionsPerBroker, replicationFactor, minInsync);
    }
}
