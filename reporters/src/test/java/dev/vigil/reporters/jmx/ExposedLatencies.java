package dev.vigil.reporters.jmx;

import dev.vigil.core.window.LatencySummary;

/**
 * The latencies the JMX tests expose, in microseconds: every field of each differs from every other
 * (and from the other summary's), so an attribute read from the wrong field or summary shows.
 */
final class ExposedLatencies {

    static final LatencySummary PRODUCE = new LatencySummary(100, 1_500, 1_000, 1_200, 1_800, 4_000, 9_000, 12_000, 15_000);
    static final LatencySummary E2E = new LatencySummary(90, 2_500, 2_000, 2_200, 2_800, 12_345, 19_000, 22_000, 25_000);

    private ExposedLatencies() {
    }
}
