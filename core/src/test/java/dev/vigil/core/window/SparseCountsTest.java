package dev.vigil.core.window;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SparseCountsTest {

    @Test
    void addMergesByIndexAndSubtractDropsIndexesThatReachZero() {
        SparseCounts window = counts(3, 1, 7, 2);
        SparseCounts slice = counts(1, 5, 7, 1, 9, 4);

        window.add(slice);
        assertThat(contents(window)).isEqualTo("1=5 3=1 7=3 9=4");
        assertThat(window.total()).isEqualTo(13);

        window.subtract(slice);
        assertThat(contents(window)).isEqualTo("3=1 7=2");
        assertThat(window.total()).isEqualTo(3);
    }

    @Test
    void appendAddsToTheLastIndexAndRefusesOneBelowIt() {
        SparseCounts c = counts(2, 1);
        c.append(2, 4);
        assertThat(contents(c)).isEqualTo("2=5");
        assertThatThrownBy(() -> c.append(1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyIndexUpToOneHourKeepsItsCountAndOrder() {
        int highest = LatencyIndex.LENGTH - 1;
        SparseCounts c = counts(0, 1, highest - 1, (1L << 48) - 2, highest, 3);
        assertThat(contents(c)).isEqualTo("0=1 " + (highest - 1) + "=" + ((1L << 48) - 2) + " " + highest + "=3");
        c.add(counts(highest - 1, 1, highest, 4));
        assertThat(contents(c)).isEqualTo("0=1 " + (highest - 1) + "=" + ((1L << 48) - 1) + " " + highest + "=7");
    }

    @Test
    void subtractingWhatIsNotHeldIsRefusedNotAWrongIndex() {
        SparseCounts c = counts(3, 1);
        assertThatThrownBy(() -> c.subtract(counts(3, 2))).isInstanceOf(IllegalStateException.class);
    }

    /**
     * Adds of indexes all held (in place), of new ones with room after a clear (merged from the end) and
     * without room (a new array), mixed with subtracts and clears, against a map of the same counts.
     */
    @Test
    void everyWayOfAddingReadsAsAMapOfTheSameCounts() {
        Random random = new Random(19);
        for (int round = 0; round < 300; round++) {
            SparseCounts c = new SparseCounts();
            TreeMap<Integer, Long> expected = new TreeMap<>();
            List<SparseCounts> added = new ArrayList<>();
            int spread = 1 + random.nextInt(round % 3 == 0 ? 8 : 400);
            for (int step = 0; step < 40; step++) {
                int what = random.nextInt(10);
                if (what == 0 && !added.isEmpty()) {
                    SparseCounts gone = added.remove(random.nextInt(added.size()));
                    c.subtract(gone);
                    for (int i = 0; i < gone.size(); i++) {
                        expected.merge(gone.index(i), -gone.count(i), (x, y) -> x + y == 0 ? null : x + y);
                    }
                } else if (what == 1) {
                    c.clear();
                    expected.clear();
                    added.clear();
                } else {
                    SparseCounts other = new SparseCounts();
                    int first = random.nextInt(spread);
                    for (int index = first; index < spread; index += 1 + random.nextInt(1 + spread / 4)) {
                        long count = 1 + random.nextInt(5);
                        other.append(index, count);
                        expected.merge(index, count, Long::sum);
                    }
                    c.add(other);
                    added.add(other);
                }
                assertThat(contents(c)).isEqualTo(contents(expected));
                assertThat(c.total()).isEqualTo(expected.values().stream().mapToLong(Long::longValue).sum());
            }
        }
    }

    @Test
    void anAddThatWouldOverflowACountChangesNothing() {
        long max = (1L << 48) - 1;
        SparseCounts c = counts(1, 1, 2, max - 1);
        assertThatThrownBy(() -> c.add(counts(1, 1, 2, 2))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.add(counts(0, 1, 2, 2))).isInstanceOf(IllegalStateException.class);
        assertThat(contents(c)).isEqualTo("1=1 2=" + (max - 1));
        assertThat(c.total()).isEqualTo(max);
    }

    private static String contents(TreeMap<Integer, Long> counts) {
        StringBuilder b = new StringBuilder();
        counts.forEach((index, count) -> b.append(b.length() == 0 ? "" : " ").append(index).append('=').append(count));
        return b.toString();
    }

    private static SparseCounts counts(long... indexCountPairs) {
        SparseCounts c = new SparseCounts();
        for (int i = 0; i < indexCountPairs.length; i += 2) {
            c.append((int) indexCountPairs[i], indexCountPairs[i + 1]);
        }
        return c;
    }

    /** "index=count" pairs in order, space-separated. */
    static String contents(SparseCounts c) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < c.size(); i++) {
            b.append(i == 0 ? "" : " ").append(c.index(i)).append('=').append(c.count(i));
        }
        return b.toString();
    }
}
