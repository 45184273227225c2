package org.apache.kafka.common.utils;

/**
 * Kafka 4.3's location of the clients' version lookup, which the MirrorMaker 2 connectors (connect-mirror
 * 4.3.1, the newest the registry serves) call from {@code version()}; kafka-clients 4.4.0 moved it to
 * {@code common.utils.internals}. Test scope only, so the real MirrorMaker runs on the 4.4.0 clients.
 */
public final class AppInfoParser {

    private AppInfoParser() {
    }

    public static String getVersion() {
        return org.apache.kafka.common.utils.internals.AppInfoParser.getVersion();
    }

    public static String getCommitId() {
        return org.apache.kafka.common.utils.internals.AppInfoParser.getCommitId();
    }
}
