package dev.vigil.core.window;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyIndexTest {

    private final Histogram reference = new Histogram(LatencyWindow.HIGHEST_MICROS, 3);

    @Test
    void indexesStandForTheSameValuesAsHdrHistogram() {
        Random random = new Random(7);
        LongStream.concat(LongStream.rangeClosed(0, 300_000),
                        LongStream.generate(() -> (long) (random.nextDouble() * LatencyWindow.HIGHEST_MICROS)).limit(300_000))
                .forEach(v -> {
                    int index = LatencyIndex.of(v);
                    assertThat(LatencyIndex.lowest(index)).as("lowest of %d", v).isEqualTo(reference.lowestEquivalentValue(v));
                    assertThat(LatencyIndex.highest(index)).as("highest of %d", v).isEqualTo(reference.highestEquivalentValue(v));
                    assertThat(LatencyIndex.median(index)).as("median of %d", v).isEqualTo(reference.medianEquivalentValue(v));
                });
    }

    @Test
    void consecutiveValuesGetConsecutiveIndexes() {
        int previous = LatencyIndex.of(0);
        assertThat(previous).isZero();
        for (long v = 1; v < 100_000; v++) {
            int index = LatencyIndex.of(v);
            assertThat(index - previous).isBetween(0, 1);
            previous = index;
        }
        assertThat(LatencyIndex.LENGTH - 1).isEqualTo(LatencyIndex.of(LatencyWindow.HIGHEST_MICROS));
    }
}
