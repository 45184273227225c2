package dev.vigil.core.window;

import java.util.Arrays;

/**
 * Counts by {@link LatencyIndex} index, as two sorted arrays of the indexes that have a count: a
 * slice or window of a partition holds tens of values spread over thousands of indexes, and
 * adding, subtracting and walking these cost what is held, not the spread. Not thread-safe; the
 * owning {@link LatencyWindow} guards it.
 */
final class SparseCounts {

    private int[] indexes = new int[8];
    private long[] counts = new long[8];
    private int size;
    private long total;

    int size() {
        return size;
    }

    /** The i-th populated index, ascending. */
    int index(int i) {
        return indexes[i];
    }

    long count(int i) {
        return counts[i];
    }

    long total() {
        return total;
    }

    void clear() {
        size = 0;
        total = 0;
    }

    /** Adds {@code count} at {@code index}, which must not be below the highest index held. */
    void append(int index, long count) {
        if (size > 0 && indexes[size - 1] == index) {
            counts[size - 1] += count;
        } else {
            if (size > 0 && indexes[size - 1] > index) {
                throw new IllegalArgumentException("index " + index + " below " + indexes[size - 1]);
            }
            grow(size + 1);
            indexes[size] = index;
            counts[size] = count;
            size++;
        }
        total += count;
    }

    void add(SparseCounts other) {
        merge(other, 1);
    }

    /** Takes away {@code other}, which this must hold entirely (a slice from the window sum). */
    void subtract(SparseCounts other) {
        merge(other, -1);
    }

    /** One merge of the two sorted runs; indexes whose count drops to 0 are left out. */
    private void merge(SparseCounts other, int sign) {
        if (other.size == 0) {
            return;
        }
        int[] mergedIndexes = new int[size + other.size];
        long[] mergedCounts = new long[size + other.size];
        int n = 0;
        int a = 0;
        int b = 0;
        while (a < size || b < other.size) {
            int index;
            long count;
            if (b == other.size || (a < size && indexes[a] < other.indexes[b])) {
                index = indexes[a];
                count = counts[a++];
            } else if (a == size || other.indexes[b] < indexes[a]) {
                index = other.indexes[b];
                count = sign * other.counts[b++];
            } else {
                index = indexes[a];
                count = counts[a++] + sign * other.counts[b++];
            }
            if (count != 0) {
                mergedIndexes[n] = index;
                mergedCounts[n++] = count;
            }
        }
        indexes = mergedIndexes;
        counts = mergedCounts;
        size = n;
        total += sign * other.total;
    }

    private void grow(int capacity) {
        if (capacity > indexes.length) {
            int length = Math.max(capacity, indexes.length * 2);
            indexes = Arrays.copyOf(indexes, length);
            counts = Arrays.copyOf(counts, length);
        }
    }
}
