package dev.vigil.services;

import java.time.Duration;

/**
 * The wait before the next attempt to connect to an unreachable cluster: 1 s after the first
 * failure, doubling after each further one up to 30 s, so that a cluster down for hours is asked
 * twice a minute and one that comes back after a blip is probed again within a second or two.
 */
record Backoff(Duration delay) {

    static final Backoff FIRST = new Backoff(Duration.ofSeconds(1));
    static final Duration MAX = Duration.ofSeconds(30);

    /** The wait after one more failure. */
    Backoff next() {
        Duration doubled = delay.multipliedBy(2);
        return new Backoff(doubled.compareTo(MAX) > 0 ? MAX : doubled);
    }
}
