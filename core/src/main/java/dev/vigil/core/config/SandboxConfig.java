package dev.vigil.core.config;

import java.util.List;

/**
 * An in-process KRaft cluster that Vigil starts and monitors itself (demo mode, tests): the
 * {@code "sandbox"} object of a cluster.
 *
 * @param brokers number of brokers, {@code brokers}: default 3, 1..9
 */
public record SandboxConfig(int brokers) {

    /** The keys of the {@code "sandbox"} object. */
    public static final class Keys {
        public static final String BROKERS = "brokers";
        static final List<String> ALL = List.of(BROKERS);

        private Keys() {
        }
    }

    static SandboxConfig read(ConfigObject sandbox) {
        sandbox.rejectUnknownKeys(Keys.ALL, "");
        return new SandboxConfig(sandbox.integer(Keys.BROKERS, 3, 1, 9, ""));
    }
}
