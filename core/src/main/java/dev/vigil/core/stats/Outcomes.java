package dev.vigil.core.stats;

import dev.vigil.core.window.SlidingRatio;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The final verdicts of a probe in one scope: their availability over the window, and how many there
 * were and how many failed since start. Written by the probe's thread, read by reporters; thread-safe.
 */
final class Outcomes {

    private final SlidingRatio availability;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    Outcomes(long windowMicros, int slices) {
        this.availability = new SlidingRatio(windowMicros, slices);
    }

    void record(boolean ok, long atMicros) {
        availability.record(ok, atMicros);
        attempts.incrementAndGet();
        if (!ok) {
            failures.incrementAndGet();
        }
    }

    SlidingRatio.Ratio availability(long nowMicros) {
        return availability.read(nowMicros);
    }

    long attempts() {
        return attempts.get();
    }

    long failures() {
        return failures.get();
    }
}
