package org.apache.kafka.common.utils;

/**
 * Kafka 4.3's location of the exit and shutdown-hook indirection, which MirrorMaker 2's dedicated mode
 * (connect-mirror 4.3.1) calls from {@code start()}; kafka-clients 4.4.0 moved it to
 * {@code common.utils.internals}. Test scope only, like {@link AppInfoParser}.
 */
public final class Exit {

    private Exit() {
    }

    public static void exit(int statusCode) {
        org.apache.kafka.common.utils.internals.Exit.exit(statusCode);
    }

    public static void addShutdownHook(String name, Runnable runnable) {
        org.apache.kafka.common.utils.internals.Exit.addShutdownHook(name, runnable);
    }
}
