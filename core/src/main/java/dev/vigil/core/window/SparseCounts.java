package dev.vigil.core.window;

import java.util.Arrays;

/**
 * Counts by {@link LatencyIndex} index, as one sorted array of the indexes that have a count: a
 * slice or window of a partition holds tens of values spread over thousands of indexes, and
 * adding, subtracting and walking these cost what is held, not the spread. Not thread-safe; the
 * owning {@link LatencyWindow} guards it.
 *
 * <p>Each entry packs an index (15 bits: {@link LatencyIndex#LENGTH} is under 2^15) above its count
 * (48 bits, 2.8 × 10^14: nine centuries at 10,000 values a second), so entries sort as their indexes
 * do. One {@code long} per entry instead of an {@code int} and a {@code long} in two arrays: a cluster
 * keeps about twenty of these per partition, and a merge allocates one array instead of two.
 */
final class SparseCounts {

    private static final int COUNT_BITS = 48;
    private static final long MAX_COUNT = (1L << COUNT_BITS) - 1;

    static {
        if (LatencyIndex.LENGTH > 1 << (Long.SIZE - 1 - COUNT_BITS)) {
            throw new ExceptionInInitializerError("latency indexes do not fit above a " + COUNT_BITS + "-bit count");
        }
    }

    // Empty until the first count: a window's sum stays empty until it is read, which for most
    // partitions is never, and every merge replaces the array anyway.
    private static final long[] NONE = new long[0];

    private long[] entries = NONE;
    private int size;
    private long total;

    int size() {
        return size;
    }

    /** The i-th populated index, ascending. */
    int index(int i) {
        return indexOf(entries[i]);
    }

    long count(int i) {
        return countOf(entries[i]);
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
        if (size > 0 && index(size - 1) == index) {
            entries[size - 1] = entry(index, count(size - 1) + count);
        } else {
            if (size > 0 && index(size - 1) > index) {
                throw new IllegalArgumentException("index " + index + " below " + index(size - 1));
            }
            grow(size + 1);
            entries[size++] = entry(index, count);
        }
        total += count;
    }

    /**
     * Adds {@code other}'s counts. In place when this already holds each of its indexes, as a running sum
     * of one distribution's values soon does, or when the array has room for the new ones; a new array
     * only for indexes it has no room for. Nothing changes if a count would overflow.
     */
    void add(SparseCounts other) {
        if (other.size == 0) {
            return;
        }
        int fresh = 0;
        int at = 0;
        for (int b = 0; b < other.size; b++) {
            at = position(other.index(b), at);
            if (at < size && index(at) == other.index(b)) {
                entry(other.index(b), count(at) + other.count(b)); // throws before anything changed
            } else {
                fresh++;
            }
        }
        if (fresh == 0) {
            at = 0;
            for (int b = 0; b < other.size; b++) {
                at = position(other.index(b), at);
                entries[at] = entry(other.index(b), count(at) + other.count(b));
            }
            total += other.total;
        } else if (size + fresh <= entries.length) {
            mergeFromTheEnd(other, size + fresh);
        } else {
            merge(other, 1);
        }
    }

    /** Where {@code index} is, or would go, among the entries from {@code from} on. */
    private int position(int index, int from) {
        int found = Arrays.binarySearch(entries, from, size, (long) index << COUNT_BITS);
        // No entry holds a count of 0, so the search lands between entries: the first of this index or above.
        return found >= 0 ? found : -found - 1;
    }

    /**
     * Merges {@code other} into the room after this array's entries, from the highest index down, so no
     * entry is overwritten before it is moved; {@code merged} is the size after.
     */
    private void mergeFromTheEnd(SparseCounts other, int merged) {
        int a = size - 1;
        int b = other.size - 1;
        int w = merged - 1;
        while (b >= 0) {
            if (a >= 0 && index(a) > other.index(b)) {
                entries[w--] = entries[a--];
            } else if (a >= 0 && index(a) == other.index(b)) {
                entries[w--] = entry(index(a), count(a) + other.count(b));
                a--;
                b--;
            } else {
                entries[w--] = other.entries[b--];
            }
        }
        // what is left of this array's entries, below all of other's, is already in place
        size = merged;
        total += other.total;
    }

    /**
     * Takes away {@code other}, which this must hold entirely (a slice from the window sum), into a new
     * array: once per slice that leaves a window, and a mistake leaves this unchanged.
     */
    void subtract(SparseCounts other) {
        merge(other, -1);
    }

    /** One merge of the two sorted runs; indexes whose count drops to 0 are left out. */
    private void merge(SparseCounts other, int sign) {
        if (other.size == 0) {
            return;
        }
        long[] merged = new long[size + other.size];
        int n = 0;
        int a = 0;
        int b = 0;
        while (a < size || b < other.size) {
            int index;
            long count;
            if (b == other.size || (a < size && index(a) < other.index(b))) {
                index = index(a);
                count = count(a++);
            } else if (a == size || other.index(b) < index(a)) {
                index = other.index(b);
                count = sign * other.count(b++);
            } else {
                index = index(a);
                count = count(a++) + sign * other.count(b++);
            }
            if (count != 0) {
                merged[n++] = entry(index, count);
            }
        }
        entries = merged;
        size = n;
        total += sign * other.total;
    }

    /** The entries, index above count, ascending: what {@link LatencyCounts} keeps. */
    long[] copyOfEntries() {
        return Arrays.copyOf(entries, size);
    }

    static int indexOf(long entry) {
        return (int) (entry >>> COUNT_BITS);
    }

    static long countOf(long entry) {
        return entry & MAX_COUNT;
    }

    private static long entry(int index, long count) {
        if (count < 0 || count > MAX_COUNT) {
            throw new IllegalStateException("count " + count + " at index " + index + " out of range");
        }
        return (long) index << COUNT_BITS | count;
    }

    private void grow(int capacity) {
        if (capacity > entries.length) {
            entries = Arrays.copyOf(entries, Math.max(Math.max(capacity, 8), entries.length * 2));
        }
    }
}
