package dev.vigil.core.time;

import java.time.Instant;

/**
 * Wall-clock time in epoch microseconds, the unit of every probe timestamp.
 *
 * <p>Passed to every class that reads time, so tests drive time with a {@link ManualClock}
 * instead of sleeping. Producer and consumer share one process and one clock, which is why
 * end-to-end latency can be computed from the wall clock without cross-host skew.
 */
@FunctionalInterface
public interface MicroClock {

    long nowMicros();

    static MicroClock system() {
        return () -> {
            Instant now = Instant.now();
            return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        };
    }
}
