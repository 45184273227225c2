package dev.vigil.reporters.jmx;

import java.util.ArrayDeque;

/**
 * The rate per second of a cumulative counter over the last {@code window}, from samples of the
 * counter taken whenever the rate is read: Vigil keeps totals, and a reporter that must show a
 * rate (Xinfra Monitor's {@code produce-error-rate}) derives it here instead of the model
 * growing a second, windowed copy of every counter.
 *
 * <p>The rate is the counter's increase since the newest sample at least {@code window} old,
 * divided by the time since that sample; while no sample is that old (the first window after
 * start), the increase since the first sample divided by the whole window, which is what Kafka's
 * own {@code Rate} stat (Xinfra Monitor's) reports then too, and keeps a single early error from
 * reading as a burst. When reads are further apart than the window, the rate spans the time since
 * the previous read. A counter that goes down (its source restarted) starts the samples over.
 *
 * <p>At most one sample is kept per {@code window / 60}, so memory is bounded however often it is
 * read. Thread-safe.
 */
final class CounterRate {

    private record Sample(long atMicros, double value) {
    }

    private final long windowMicros;
    private final long minSpacingMicros;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    CounterRate(long windowMicros) {
        if (windowMicros <= 0) {
            throw new IllegalArgumentException("window must be positive, got " + windowMicros + " µs");
        }
        this.windowMicros = windowMicros;
        this.minSpacingMicros = Math.max(1, windowMicros / 60);
    }

    /** Records the counter's value {@code value} at {@code nowMicros} and returns its rate per second. */
    synchronized double sampleAndRate(long nowMicros, double value) {
        if (Double.isNaN(value)) {
            return Double.NaN;
        }
        Sample newest = samples.peekLast();
        if (newest != null && (value < newest.value() || nowMicros < newest.atMicros())) {
            samples.clear();
            newest = null;
        }
        if (newest == null || nowMicros - newest.atMicros() >= minSpacingMicros) {
            samples.addLast(new Sample(nowMicros, value));
        }
        long windowStart = nowMicros - windowMicros;
        // Drop samples older than the newest one that is at least a window old: that one is the baseline.
        while (samples.size() > 1) {
            Sample oldest = samples.removeFirst();
            if (samples.peekFirst().atMicros() > windowStart) {
                samples.addFirst(oldest);
                break;
            }
        }
        Sample base = samples.peekFirst();
        long elapsed = Math.max(nowMicros - base.atMicros(), windowMicros);
        return (value - base.value()) * 1_000_000.0 / elapsed;
    }
}
