package dev.vigil.core.lag;

import java.util.List;

/**
 * One partition of a consumer group as one evaluation judged it.
 *
 * @param committed   the group's committed offset
 * @param endOffset   the partition's end offset
 * @param lag         {@code endOffset - committed}, at least 0
 * @param lagMicros   the age of the record at the committed offset (the oldest the group has not consumed),
 *                    0 when caught up, NaN when not read ({@code lag.seconds} off, or not yet read)
 * @param window      the commits the status was judged on, oldest first
 */
public record PartitionLag(String topic, int partition, long committed, long endOffset, long lag, LagStatus status,
                           double lagMicros, List<CommitSample> window) {

    public PartitionLag {
        window = List.copyOf(window);
    }
}
