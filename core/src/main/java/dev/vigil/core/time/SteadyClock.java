package dev.vigil.core.time;

import java.time.Instant;

/** {@link MicroClock#system()}: steady microseconds anchored at the wall clock once, and the wall clock as it is. */
final class SteadyClock implements MicroClock {

    private final long anchorMicros;
    private final long anchorNanos;

    SteadyClock() {
        Instant anchor = Instant.now();
        this.anchorNanos = System.nanoTime();
        this.anchorMicros = anchor.getEpochSecond() * 1_000_000L + anchor.getNano() / 1_000;
    }

    @Override
    public long nowMicros() {
        return anchorMicros + (System.nanoTime() - anchorNanos) / 1_000L;
    }

    @Override
    public long wallMillis() {
        return System.currentTimeMillis();
    }
}
