package dev.vigil.core.lag;

/**
 * One committed offset of a partition as the evaluation saw it, Burrow's "consumer offset".
 *
 * @param offset   the committed offset (the next record the group will read)
 * @param atMillis when it was seen committed, on the wall clock
 * @param lag      the partition's end offset minus {@code offset} at that moment, at least 0
 */
public record CommitSample(long offset, long atMillis, long lag) {
}
