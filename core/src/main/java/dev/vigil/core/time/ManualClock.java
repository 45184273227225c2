package dev.vigil.core.time;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to; for tests and simulations. */
public final class ManualClock implements MicroClock {

    private final AtomicLong micros;

    public ManualClock(long startMicros) {
        this.micros = new AtomicLong(startMicros);
    }

    @Override
    public long nowMicros() {
        return micros.get();
    }

    public void advanceMillis(long millis) {
        micros.addAndGet(millis * 1_000L);
    }

    public void advanceMicros(long delta) {
        micros.addAndGet(delta);
    }

    public void setMicros(long value) {
        micros.set(value);
    }
}
