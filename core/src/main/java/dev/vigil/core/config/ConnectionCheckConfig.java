package dev.vigil.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The connection check of one cluster: every interval a fresh connection to each registered broker's
 * advertised listener, timed to the TCP connect and to the broker's first ApiVersions answer. It only
 * opens connections and reads nothing, so it is on unless switched off. Its keys sit directly in the
 * cluster object.
 *
 * @param enabled  {@code connection.check}: default true; {@code connection.check.interval.ms} 0 switches it
 *                 off too
 * @param interval {@code connection.check.interval.ms}: one check of every broker this often; default 30000,
 *                 0 (off) or 1000..3600000
 * @param timeout  {@code connection.check.timeout.ms}: a broker whose ApiVersions answer has not come within this
 *                 failed its check; default 10000, 100..600000, and less than the interval
 */
public record ConnectionCheckConfig(boolean enabled, Duration interval, Duration timeout) {

    /** The connection-check keys of a cluster object. */
    public static final class Keys {
        public static final String CHECK = "connection.check";
        public static final String INTERVAL_MS = "connection.check.interval.ms";
        public static final String TIMEOUT_MS = "connection.check.timeout.ms";
        static final List<String> ALL = List.of(CHECK, INTERVAL_MS, TIMEOUT_MS);

        private Keys() {
        }
    }

    private static final int DEFAULT_INTERVAL_MS = 30_000;
    private static final int DEFAULT_TIMEOUT_MS = 10_000;
    private static final int MIN_INTERVAL_MS = 1_000;
    private static final int MAX_INTERVAL_MS = 3_600_000;

    public ConnectionCheckConfig {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** On, with the default timing. */
    public static ConnectionCheckConfig defaults() {
        return new ConnectionCheckConfig(true, Duration.ofMillis(DEFAULT_INTERVAL_MS),
                Duration.ofMillis(DEFAULT_TIMEOUT_MS));
    }

    static ConnectionCheckConfig read(ConfigObject cluster) {
        boolean enabled = cluster.bool(Keys.CHECK, true);
        int intervalMs = cluster.integer(Keys.INTERVAL_MS, DEFAULT_INTERVAL_MS, 0, MAX_INTERVAL_MS, "milliseconds");
        if (intervalMs > 0 && intervalMs < MIN_INTERVAL_MS) {
            throw cluster.error(Keys.INTERVAL_MS, intervalMs + " is out of range; use 0 (off) or " + MIN_INTERVAL_MS
                    + ".." + MAX_INTERVAL_MS);
        }
        Duration timeout = cluster.millis(Keys.TIMEOUT_MS, DEFAULT_TIMEOUT_MS, 100, 600_000);
        boolean on = enabled && intervalMs > 0;
        Duration interval = Duration.ofMillis(intervalMs == 0 ? DEFAULT_INTERVAL_MS : intervalMs);
        if (on && timeout.compareTo(interval) >= 0) {
            throw cluster.error(Keys.TIMEOUT_MS, timeout.toMillis() + " is not less than " + Keys.INTERVAL_MS + " ("
                    + interval.toMillis() + "); use a timeout shorter than the interval");
        }
        return new ConnectionCheckConfig(on, interval, timeout);
    }
}
