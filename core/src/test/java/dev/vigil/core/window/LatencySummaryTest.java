package dev.vigil.core.window;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-pass summary gives exactly what HdrHistogram's own per-percentile walks give. */
class LatencySummaryTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 100, 1_000, 12_345})
    void sameValuesAsHdrHistogram(int values) {
        Random random = new Random(values);
        Histogram h = new PackedHistogram(LatencyWindow.HIGHEST_MICROS, 3);
        for (int i = 0; i < values; i++) {
            h.recordValue((long) Math.exp(6 + random.nextGaussian() * 2)); // log-normal around 400 us
        }

        LatencySummary s = LatencySummary.of(h);

        assertThat(s.count()).isEqualTo(h.getTotalCount());
        assertThat(s.mean()).isCloseTo(h.getMean(), org.assertj.core.api.Assertions.within(1e-6 * h.getMean()));
        assertThat(s.p50()).isEqualTo((double) h.getValueAtPercentile(50));
        assertThat(s.p75()).isEqualTo((double) h.getValueAtPercentile(75));
        assertThat(s.p90()).isEqualTo((double) h.getValueAtPercentile(90));
        assertThat(s.p99()).isEqualTo((double) h.getValueAtPercentile(99));
        assertThat(s.p999()).isEqualTo((double) h.getValueAtPercentile(99.9));
        assertThat(s.p9999()).isEqualTo((double) h.getValueAtPercentile(99.99));
        assertThat(s.max()).isEqualTo((double) h.getMaxValue());
    }
}
