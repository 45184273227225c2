package dev.vigil.services.probe;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * The order in which a produce round sends: every partition once, grouped by leader (leaders by id,
 * partitions ascending under each), instead of by partition number, which alternates between leaders.
 *
 * <p>Why: with {@code linger.ms=0} the producer's I/O thread sends whatever has been appended each
 * time it wakes, so a round in partition order reaches every broker as several requests spread over
 * the whole round; each one completes the consumer's parked fetch at that broker, and at 10,000
 * partitions every fetch handed out costs the consumer a poll that walks all its partitions twice.
 * Grouped, a leader's probes are appended within its share of the round and travel in fewer requests.
 * When each probe is sent does not change what is measured: its send time is taken at its own send.
 */
final class RoundOrder {

    private RoundOrder() {
    }

    /**
     * @param partitions the partitions to probe, each once
     * @param leaderOf   a partition's leader, or a negative id when it has none (those come first)
     */
    static int[] byLeader(List<Integer> partitions, IntUnaryOperator leaderOf) {
        // One long per partition, leader in the high half, partition in the low: a primitive sort, no boxing.
        long[] keyed = new long[partitions.size()];
        for (int i = 0; i < keyed.length; i++) {
            int partition = partitions.get(i);
            keyed[i] = ((long) leaderOf.applyAsInt(partition) << 32) | (partition & 0xFFFF_FFFFL);
        }
        Arrays.sort(keyed);
        int[] order = new int[keyed.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = (int) keyed[i];
        }
        return order;
    }
}
