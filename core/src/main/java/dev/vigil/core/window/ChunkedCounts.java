package dev.vigil.core.window;

/**
 * Counts by {@link LatencyIndex} index in chunks of 64, each made the first time one of its
 * indexes is counted and kept after: what a busy scope's writers count into between two drains.
 * A count is two array loads and an increment, where HdrHistogram's {@code PackedLongArray} walks a
 * tree of packed words per count, which the busy broker and cluster windows would pay on every record.
 * Memory follows the spread of the values seen: a quarter of a kilobyte per 64 neighbouring indexes touched.
 *
 * <p>Not thread-safe: {@link IndexLog} guards it.
 */
final class ChunkedCounts {

    private static final int CHUNK_BITS = 6;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final int[][] chunks = new int[(LatencyIndex.LENGTH + CHUNK - 1) >> CHUNK_BITS][];
    private boolean empty = true;

    void increment(int index) {
        int[] chunk = chunks[index >> CHUNK_BITS];
        if (chunk == null) {
            chunk = new int[CHUNK];
            chunks[index >> CHUNK_BITS] = chunk;
        }
        // An int: a drain comes at least once a slice, an hour at most, and 2^31 values in an hour is 600,000 a second.
        chunk[index & (CHUNK - 1)]++;
        empty = false;
    }

    /** Appends the counts to {@code into} by ascending index (none of them below what it holds), and zeroes them. */
    void drainTo(SparseCounts into) {
        if (empty) {
            return;
        }
        for (int c = 0; c < chunks.length; c++) {
            int[] chunk = chunks[c];
            if (chunk == null) {
                continue;
            }
            for (int i = 0; i < CHUNK; i++) {
                if (chunk[i] != 0) {
                    into.append((c << CHUNK_BITS) + i, chunk[i]);
                    chunk[i] = 0;
                }
            }
        }
        empty = true;
    }
}
