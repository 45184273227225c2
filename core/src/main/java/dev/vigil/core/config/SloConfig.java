package dev.vigil.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Service-level objectives, the same for every cluster; Vigil exports good and total events and
 * error-budget burn rates against them.
 *
 * @param availability {@code slo.availability}: the fraction of produce probes that must be acked
 *                     within the ack SLA, and of consume probes that must arrive once within the
 *                     e2e SLA; default 0.999, strictly between 0 and 1
 * @param e2eP99       {@code slo.e2e.p99.ms}: 99 % of received probes must arrive within this;
 *                     default 1000, 1..3600000
 * @param excludePlanned {@code slo.exclude.planned}: leave the produce probes that failed in an outage judged
 *                     planned (a controlled shutdown, a reassignment) out of the produce indicator; default false
 */
public record SloConfig(double availability, Duration e2eP99, boolean excludePlanned) {

    public static final class Keys {
        public static final String AVAILABILITY = "slo.availability";
        public static final String E2E_P99_MS = "slo.e2e.p99.ms";
        public static final String EXCLUDE_PLANNED = "slo.exclude.planned";
        static final List<String> ALL = List.of(AVAILABILITY, E2E_P99_MS, EXCLUDE_PLANNED);

        private Keys() {
        }
    }

    /** The latency objective: the fraction of probes that must arrive within {@link #e2eP99}. */
    public static final double LATENCY_OBJECTIVE = 0.99;

    public static final SloConfig DEFAULT = new SloConfig(0.999, Duration.ofMillis(1000), false);

    public SloConfig {
        Objects.requireNonNull(e2eP99, "e2eP99");
    }

    static SloConfig read(ConfigObject root) {
        return new SloConfig(root.fraction(Keys.AVAILABILITY, DEFAULT.availability(), 0, 1),
                root.millis(Keys.E2E_P99_MS, (int) DEFAULT.e2eP99().toMillis(), 1, 3_600_000),
                root.bool(Keys.EXCLUDE_PLANNED, DEFAULT.excludePlanned()));
    }
}
