package dev.vigil.core.time;

import java.time.Instant;

/**
 * Time in epoch microseconds, the unit of every probe timestamp and deadline.
 *
 * <p>Passed to every class that reads time, so tests drive time with a {@link ManualClock}
 * instead of sleeping.
 */
@FunctionalInterface
public interface MicroClock {

    long nowMicros();

    /**
     * Epoch microseconds that never step: the wall clock read once, advanced by
     * {@link System#nanoTime()}. Producer and consumer share one process and this clock, so
     * end-to-end latency and every SLA and loss deadline are immune to NTP steps or an operator
     * changing the time (a step forward would otherwise fail every probe round in between and turn
     * in-flight probes into losses). It drifts from the wall clock only by the machine's clock error.
     */
    static MicroClock system() {
        Instant anchor = Instant.now();
        long anchorNanos = System.nanoTime();
        long anchorMicros = anchor.getEpochSecond() * 1_000_000L + anchor.getNano() / 1_000;
        return () -> anchorMicros + (System.nanoTime() - anchorNanos) / 1_000L;
    }
}
