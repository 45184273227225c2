package dev.vigil.core.window;

import org.junit.jupiter.api.Test;

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
