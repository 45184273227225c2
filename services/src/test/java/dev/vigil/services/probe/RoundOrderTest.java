package dev.vigil.services.probe;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RoundOrderTest {

    @Test
    void roundSendsEachLeadersPartitionsTogetherInPartitionOrder() {
        Map<Integer, Integer> leaders = Map.of(0, 2, 1, 1, 2, 3, 3, 2, 4, 1, 5, 3);

        int[] order = RoundOrder.byLeader(List.of(0, 1, 2, 3, 4, 5), leaders::get);

        assertThat(order).containsExactly(1, 4, 0, 3, 2, 5);
    }

    @Test
    void partitionsWithoutLeaderAreStillSentOnceEach() {
        Map<Integer, Integer> leaders = Map.of(7, 1, 8, -1, 9, 0, 10, -1);

        int[] order = RoundOrder.byLeader(List.of(7, 8, 9, 10), leaders::get);

        assertThat(order).containsExactly(8, 10, 9, 7);
    }

    @Test
    void largePartitionAndBrokerIdsKeepTheirValues() {
        Map<Integer, Integer> leaders = Map.of(70_000, 2_000_000_000, 3, 2_000_000_000, 65_536, 5);

        int[] order = RoundOrder.byLeader(List.of(3, 65_536, 70_000), leaders::get);

        assertThat(order).containsExactly(65_536, 3, 70_000);
    }
}
