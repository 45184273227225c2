package dev.vigil.reporters.jmx;

import dev.vigil.core.metrics.MetricSource;
import dev.vigil.core.time.MicroClock;

/**
 * The values of one scope, read from its {@link MetricSource} on demand and reused for at most
 * {@link #MAX_AGE_MICROS}.
 *
 * <p>Why a cache at all: JMX clients (Jolokia, jmxterm, many exporters) read a bean attribute by
 * attribute, and a cluster scope computes its whole snapshot (every window and histogram) per
 * call; one bean read would otherwise compute it some fifty times, and the cluster's Xinfra beans
 * read the same snapshot again. Why 250 ms: well under the one-second period at which the
 * monitor harvests its windows, so a reader never sees a value older than the data behind it by
 * more than that, and a poller one second apart always gets a fresh read.
 */
final class RecentValues {

    static final long MAX_AGE_MICROS = 250_000;

    private final MetricSource source;
    private final MicroClock clock;
    private volatile ScopeReading last;
    /**
     * Off while the bean is registered: the MBean server reads its attributes' names then, once for every
     * scope, and a reading kept from that would stay in memory, stale, until someone reads the bean (most
     * partition beans are never read): at 10,000 partitions 290,000 cached values, 46 MiB of live heap.
     */
    private volatile boolean keep;

    RecentValues(MetricSource source, MicroClock clock) {
        this.source = source;
        this.clock = clock;
    }

    ScopeReading read() {
        long now = clock.nowMicros();
        ScopeReading reading = last;
        if (reading == null || now - reading.atMicros() >= MAX_AGE_MICROS || now < reading.atMicros()) {
            reading = ScopeReading.of(now, source.values(now));
            if (keep) {
                last = reading;
            }
        }
        return reading;
    }

    /** Reuses readings from now on; call once the bean is registered. */
    void keepReadings() {
        keep = true;
    }
}
