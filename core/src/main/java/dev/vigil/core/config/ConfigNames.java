package dev.vigil.core.config;

import java.util.regex.Pattern;

/**
 * The names a config gives (topics, group ids, cluster names, MirrorMaker aliases, instance labels): 1 to
 * a maximum of A-Z a-z 0-9 . _ -, the characters Kafka allows in a topic name, which its tools, ACLs and
 * metric labels all take without quoting. One rule, so that each error says the same about it.
 */
final class ConfigNames {

    /** Kafka's longest topic name; group ids are kept within it too. */
    static final int KAFKA_MAX = 249;
    /** The longest cluster name, alias or label value: they label every metric. */
    static final int LABEL_MAX = 64;
    /** What a valid topic name is, for an error. */
    static final String TOPIC_RULE = rule(KAFKA_MAX) + ", other than \".\" and \"..\"";

    private static final Pattern CHARACTERS = Pattern.compile("[A-Za-z0-9._-]+");

    private ConfigNames() {
    }

    static boolean valid(String name, int maxLength) {
        return name.length() <= maxLength && CHARACTERS.matcher(name).matches();
    }

    /**
     * Kafka's own rule for a topic name (org.apache.kafka.common.internals.Topic), restated because core has
     * no Kafka dependency: checking it here fails at start-up instead of at topic creation. Kafka refuses
     * "." and "..", which are otherwise valid.
     */
    static boolean validTopic(String name) {
        return valid(name, KAFKA_MAX) && !name.equals(".") && !name.equals("..");
    }

    /** What a valid name of at most {@code maxLength} is, for an error. */
    static String rule(int maxLength) {
        return "1-" + maxLength + " characters from A-Z a-z 0-9 . _ -";
    }
}
