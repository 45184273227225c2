package dev.vigil.core.time;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to; for tests and simulations. Its wall clock follows its steady time
 * until {@link #stepWallMillis} steps it, as NTP or an operator steps a machine's clock.
 */
public final class ManualClock implements MicroClock {

    private final AtomicLong micros;
    private final AtomicLong wallStepMillis = new AtomicLong();

    public ManualClock(long startMicros) {
        this.micros = new AtomicLong(startMicros);
    }

    @Override
    public long nowMicros() {
        return micros.get();
    }

    @Override
    public long wallMillis() {
        return micros.get() / 1_000L + wallStepMillis.get();
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

    /** Steps the wall clock by {@code delta} (negative: back), leaving the steady time as it is. */
    public void stepWallMillis(long delta) {
        wallStepMillis.addAndGet(delta);
    }
}
