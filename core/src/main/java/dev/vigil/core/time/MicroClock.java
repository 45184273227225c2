package dev.vigil.core.time;

/**
 * Time in epoch microseconds, the unit of every probe timestamp and deadline, plus the wall clock for the
 * few timestamps that other machines compare with their own clocks.
 *
 * <p>Passed to every class that reads time, so tests drive time with a {@link ManualClock}
 * instead of sleeping.
 */
@FunctionalInterface
public interface MicroClock {

    /**
     * Steady time in epoch microseconds: what every latency, SLA and loss deadline is computed from. It never
     * steps in the {@linkplain #system() system clock}, so it may drift apart from {@link #wallMillis()}.
     */
    long nowMicros();

    /**
     * The wall clock in epoch milliseconds, which may step (NTP, an operator, a VM resumed): only for
     * timestamps a broker compares with its own wall clock, the probe records' CreateTime (checked against
     * {@code log.message.timestamp.before.max.ms} and {@code .after.max.ms}) and the timestamp lookups that
     * find them. Never for a duration. By default the steady time, for clocks made in tests.
     */
    default long wallMillis() {
        return nowMicros() / 1_000L;
    }

    /**
     * Epoch microseconds that never step: the wall clock read once, advanced by
     * {@link System#nanoTime()}. Producer and consumer share one process and this clock, so
     * end-to-end latency and every SLA and loss deadline are immune to NTP steps or an operator
     * changing the time (a step forward would otherwise fail every probe round in between and turn
     * in-flight probes into losses). It drifts from the wall clock only by the machine's clock error,
     * or by a step of the wall clock since it was made; {@link #wallMillis()} is the wall clock itself.
     */
    static MicroClock system() {
        return new SteadyClock();
    }
}
