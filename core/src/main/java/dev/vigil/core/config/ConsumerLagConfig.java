package dev.vigil.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The consumer-group lag evaluation of one cluster: which of the cluster's consumer groups Vigil
 * evaluates with Burrow's rules, how often, over how many commits, and whether it reads the exact
 * lag in seconds. Its keys sit directly in the cluster object.
 *
 * @param include  {@code consumer.groups.include}: a regular expression a group id must match as a
 *                 whole to be evaluated; absent (the default) evaluates no group, so the default costs
 *                 nothing
 * @param exclude  {@code consumer.groups.exclude}: a regular expression; a group id matching it as a
 *                 whole is not evaluated even when included
 * @param interval {@code lag.interval.ms}: one evaluation this often; default 10000, 1000..3600000
 * @param window   {@code lag.window}: committed offsets kept per partition, Burrow's {@code intervals};
 *                 default 10, 2..100
 * @param exactSeconds {@code lag.seconds}: {@code exact} (the default) reads the age of the oldest
 *                 unconsumed record; {@code off} reads no record
 * @param partitionMetrics {@code lag.partition.metrics}: also export each evaluated group's partitions' status
 *                 and lag as metrics; off by default, as a group of many partitions would make as many series
 * @param maxGroupPartitions {@code lag.max.group.partitions}: at most this many group partitions (a group's
 *                 committed partitions, summed over the groups) are evaluated per round, the groups beyond are
 *                 skipped; bounds the windows' heap whatever {@code consumer.groups.include} matches. Default
 *                 100000 (about 60 MiB at {@code lag.window} 10), 1..100000000
 */
public record ConsumerLagConfig(Optional<Pattern> include, Optional<Pattern> exclude, Duration interval, int window,
                                boolean exactSeconds, boolean partitionMetrics, int maxGroupPartitions) {

    /** The lag keys of a cluster object. */
    public static final class Keys {
        public static final String INCLUDE = "consumer.groups.include";
        public static final String EXCLUDE = "consumer.groups.exclude";
        public static final String INTERVAL_MS = "lag.interval.ms";
        public static final String WINDOW = "lag.window";
        public static final String SECONDS = "lag.seconds";
        public static final String PARTITION_METRICS = "lag.partition.metrics";
        public static final String MAX_GROUP_PARTITIONS = "lag.max.group.partitions";
        static final List<String> ALL = List.of(INCLUDE, EXCLUDE, INTERVAL_MS, WINDOW, SECONDS, PARTITION_METRICS,
                MAX_GROUP_PARTITIONS);

        private Keys() {
        }
    }

    public static final String EXACT = "exact";
    public static final String OFF = "off";
    private static final int DEFAULT_INTERVAL_MS = 10_000;
    private static final int DEFAULT_WINDOW = 10;
    /** About 60 MiB of windows at {@code lag.window} 10 (bench/RESULTS.md): 1,000 groups of 100 partitions fit. */
    public static final int DEFAULT_MAX_GROUP_PARTITIONS = 100_000;
    private static final int MAX_MAX_GROUP_PARTITIONS = 100_000_000;

    public ConsumerLagConfig {
        Objects.requireNonNull(include, "include");
        Objects.requireNonNull(exclude, "exclude");
        Objects.requireNonNull(interval, "interval");
        if (maxGroupPartitions < 1) {
            throw new IllegalArgumentException("maxGroupPartitions " + maxGroupPartitions + " < 1");
        }
    }

    /** Without per-partition metrics, at the default {@code lag.max.group.partitions}. */
    public ConsumerLagConfig(Optional<Pattern> include, Optional<Pattern> exclude, Duration interval, int window,
                             boolean exactSeconds) {
        this(include, exclude, interval, window, exactSeconds, false, DEFAULT_MAX_GROUP_PARTITIONS);
    }

    public ConsumerLagConfig withPartitionMetrics(boolean on) {
        return new ConsumerLagConfig(include, exclude, interval, window, exactSeconds, on, maxGroupPartitions);
    }

    public ConsumerLagConfig withMaxGroupPartitions(int max) {
        return new ConsumerLagConfig(include, exclude, interval, window, exactSeconds, partitionMetrics, max);
    }

    /** No group evaluated. */
    public static ConsumerLagConfig defaults() {
        return new ConsumerLagConfig(Optional.empty(), Optional.empty(), Duration.ofMillis(DEFAULT_INTERVAL_MS),
                DEFAULT_WINDOW, true, false, DEFAULT_MAX_GROUP_PARTITIONS);
    }

    /** Whether any group can be evaluated: only with {@code consumer.groups.include}. */
    public boolean enabled() {
        return include.isPresent();
    }

    /** Whether the group with this id is evaluated: included and not excluded, each matched as a whole. */
    public boolean evaluates(String groupId) {
        return include.isPresent() && include.get().matcher(groupId).matches()
                && exclude.map(p -> !p.matcher(groupId).matches()).orElse(true);
    }

    static ConsumerLagConfig read(ConfigObject cluster) {
        Optional<Pattern> include = pattern(cluster, Keys.INCLUDE);
        Optional<Pattern> exclude = pattern(cluster, Keys.EXCLUDE);
        if (exclude.isPresent() && include.isEmpty()) {
            throw withoutInclude(cluster, Keys.EXCLUDE);
        }
        Duration interval = cluster.millis(Keys.INTERVAL_MS, DEFAULT_INTERVAL_MS, 1_000, 3_600_000);
        int window = cluster.integer(Keys.WINDOW, DEFAULT_WINDOW, 2, 100, "commits");
        boolean exact = cluster.choice(Keys.SECONDS, EXACT, List.of(EXACT, OFF)).equals(EXACT);
        boolean partitionMetrics = cluster.bool(Keys.PARTITION_METRICS, false);
        if (partitionMetrics && include.isEmpty()) {
            throw withoutInclude(cluster, Keys.PARTITION_METRICS);
        }
        int maxGroupPartitions = cluster.integer(Keys.MAX_GROUP_PARTITIONS, DEFAULT_MAX_GROUP_PARTITIONS, 1,
                MAX_MAX_GROUP_PARTITIONS, "group partitions");
        return new ConsumerLagConfig(include, exclude, interval, window, exact, partitionMetrics, maxGroupPartitions);
    }

    private static ConfigException withoutInclude(ConfigObject cluster, String key) {
        return cluster.error(key, "has no effect without " + Keys.INCLUDE
                + " (no group is evaluated by default); set " + Keys.INCLUDE + ", e.g. \".*\", or remove it");
    }

    private static Optional<Pattern> pattern(ConfigObject cluster, String key) {
        Optional<String> regex = cluster.optionalString(key);
        if (regex.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pattern.compile(regex.get()));
        } catch (PatternSyntaxException e) {
            throw cluster.error(key, ConfigObject.quote(regex.get()) + " is not a valid regular expression ("
                    + e.getDescription() + " at index " + e.getIndex() + "); write a Java regular expression that"
                    + " matches whole group ids, e.g. \"payments-.*\"");
        }
    }

    /** Patterns compare by identity: two configs read from the same text are equal here. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ConsumerLagConfig c && include.map(Pattern::pattern).equals(c.include.map(Pattern::pattern))
                && exclude.map(Pattern::pattern).equals(c.exclude.map(Pattern::pattern))
                && interval.equals(c.interval) && window == c.window && exactSeconds == c.exactSeconds
                && partitionMetrics == c.partitionMetrics && maxGroupPartitions == c.maxGroupPartitions;
    }

    @Override
    public int hashCode() {
        return Objects.hash(include.map(Pattern::pattern), exclude.map(Pattern::pattern), interval, window, exactSeconds,
                partitionMetrics, maxGroupPartitions);
    }
}
