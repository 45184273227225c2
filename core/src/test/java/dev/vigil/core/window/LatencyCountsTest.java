package dev.vigil.core.window;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyCountsTest {

    @Test
    void readsExactlyAsTheHistogramOfTheSameValues() {
        Random random = new Random(20261207);
        Histogram reference = new Histogram(LatencyWindow.HIGHEST_MICROS, 3);
        for (int i = 0; i < 5_000; i++) {
            long value = switch (random.nextInt(3)) {
                case 0 -> random.nextInt(3_000);             // unit resolution
                case 1 -> 2_000 + random.nextInt(60_000);    // milliseconds
                default -> random.nextLong(LatencyWindow.HIGHEST_MICROS);
            };
            reference.recordValue(value);
        }
        LatencyCounts counts = LatencyCounts.of(reference);

        assertThat(counts.totalCount()).isEqualTo(reference.getTotalCount());
        assertThat(counts.meanMicros()).isEqualTo(reference.getMean());
        List<long[]> expected = new ArrayList<>();
        for (HistogramIterationValue v : reference.recordedValues()) {
            expected.add(new long[] {v.getValueIteratedTo(),
                    reference.medianEquivalentValue(v.getValueIteratedTo()), v.getCountAtValueIteratedTo()});
        }
        assertThat(counts.size()).isEqualTo(expected.size());
        for (int i = 0; i < counts.size(); i++) {
            assertThat(new long[] {counts.highestMicros(i), counts.medianMicros(i), counts.count(i)})
                    .as("index %d", i).containsExactly(expected.get(i));
        }
        for (long at : new long[] {0, 1, 2_047, 2_048, 2_049, 4_095, 4_096, 100_000, 123_456_789,
                LatencyWindow.HIGHEST_MICROS, Long.MAX_VALUE}) {
            assertThat(counts.countAtOrBelow(at)).as("at or below %d", at)
                    .isEqualTo(reference.getCountBetweenValues(0, at));
        }
        for (int i = 0; i < 1_000; i++) {
            long at = random.nextLong(LatencyWindow.HIGHEST_MICROS);
            assertThat(counts.countAtOrBelow(at)).as("at or below %d", at)
                    .isEqualTo(reference.getCountBetweenValues(0, at));
        }
    }

    @Test
    void emptyCountsReadAsAnEmptyHistogram() {
        assertThat(LatencyCounts.of(new Histogram(3))).isEqualTo(LatencyCounts.EMPTY);
        assertThat(LatencyCounts.EMPTY.totalCount()).isZero();
        assertThat(LatencyCounts.EMPTY.meanMicros()).isZero();
        assertThat(LatencyCounts.EMPTY.countAtOrBelow(Long.MAX_VALUE)).isZero();
        assertThat(LatencyCounts.EMPTY.countAtOrBelow(-1)).isZero();
    }
}
