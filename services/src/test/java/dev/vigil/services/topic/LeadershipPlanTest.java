package dev.vigil.services.topic;

import dev.vigil.services.state.BrokerState;
import dev.vigil.services.topic.LeadershipPlan.Move;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LeadershipPlanTest {

    /** What Kafka's own assignment gives 6 partitions, RF 3, on brokers 1-3: each leads two. */
    private static final List<List<Integer>> SIX_ON_THREE = List.of(
            List.of(1, 2, 3), List.of(2, 3, 1), List.of(3, 1, 2), List.of(1, 3, 2), List.of(2, 1, 3), List.of(3, 2, 1));

    @Test
    void newBrokerIsCoveredByGrowthAloneWithoutMovingData() {
        LeadershipPlan plan = LeadershipPlan.compute(online(1, 2, 3, 4), SIX_ON_THREE, 8, 3);

        assertThat(plan.newPartitions()).containsExactly(List.of(4, 1, 2), List.of(4, 3, 1));
        assertThat(plan.moves()).isEmpty();
        assertThat(plan.leadingNoPartition()).isEmpty();
        assertThat(plan.describe()).isEqualTo("add 2 partitions [[4, 1, 2], [4, 3, 1]]");
    }

    @Test
    void balancedTopicNeedsNothing() {
        LeadershipPlan plan = LeadershipPlan.compute(online(1, 2, 3), SIX_ON_THREE, 6, 3);

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.leadingNoPartition()).isEmpty();
        assertThat(plan.describe()).isEqualTo("nothing to do");
    }

    @Test
    void brokerLeadingNothingTakesOnePartitionFromTheBusiestLeader() {
        // Enough partitions already (a topic an operator created), but broker 4 leads none: 1 and 2 lead three each.
        List<List<Integer>> replicas = List.of(
                List.of(1, 2, 3), List.of(2, 3, 1), List.of(3, 1, 2), List.of(1, 3, 2),
                List.of(2, 1, 3), List.of(3, 2, 1), List.of(1, 2, 3), List.of(2, 3, 1));

        LeadershipPlan plan = LeadershipPlan.compute(online(1, 2, 3, 4), replicas, 8, 3);

        // p0 (leader 1) goes to 4; its follower with the most replicas among equals (3, the higher id) is dropped.
        assertThat(plan.moves()).containsExactly(Map.entry(0, new Move(0, List.of(1, 2, 3), List.of(4, 1, 2))));
        assertThat(plan.newPartitions()).isEmpty();
        assertThat(plan.leadingNoPartition()).isEmpty();
    }

    @Test
    void brokerAlreadyHoldingAReplicaIsOnlyMovedToTheFront() {
        List<List<Integer>> replicas = List.of(List.of(1, 2), List.of(1, 3), List.of(2, 3));

        LeadershipPlan plan = LeadershipPlan.compute(online(1, 2, 3), replicas, 3, 2);

        assertThat(plan.moves()).containsExactly(Map.entry(1, new Move(1, List.of(1, 3), List.of(3, 1))));
    }

    @Test
    void partitionsOnADownBrokerAreNeverTouched() {
        List<BrokerState> brokers = List.of(BrokerState.online(1), BrokerState.online(2),
                new BrokerState(3, Optional.empty(), false), BrokerState.online(4));

        LeadershipPlan plan = LeadershipPlan.compute(brokers, SIX_ON_THREE, 6, 3);

        // Every partition has a replica on 3, which is merely down: nothing may move, and 4 stays uncovered.
        assertThat(plan.moves()).isEmpty();
        assertThat(plan.newPartitions()).isEmpty();
        assertThat(plan.leadingNoPartition()).containsExactly(4);
    }

    @Test
    void newPartitionsGoOnlyToOnlineBrokers() {
        List<BrokerState> brokers = List.of(BrokerState.online(1), BrokerState.online(2),
                new BrokerState(3, Optional.empty(), false), BrokerState.online(4));

        LeadershipPlan plan = LeadershipPlan.compute(brokers, SIX_ON_THREE, 8, 3);

        assertThat(plan.newPartitions()).containsExactly(List.of(4, 1, 2), List.of(4, 1, 2));
        assertThat(plan.moves()).isEmpty();
        assertThat(plan.leadingNoPartition()).isEmpty();
    }

    @Test
    void followersArePlacedOnOtherRacksFirst() {
        List<BrokerState> brokers = List.of(rack(1, "a"), rack(2, "a"), rack(3, "b"), rack(4, "b"));

        LeadershipPlan plan = LeadershipPlan.compute(brokers, List.of(), 4, 2);

        assertThat(plan.newPartitions()).containsExactly(List.of(1, 3), List.of(2, 4), List.of(3, 1), List.of(4, 2));
    }

    @Test
    void replacedFollowerIsTheOneThatKeepsMostRacks() {
        // Broker 4 (rack c) leads nothing; p0's followers are 2 (rack a, like leader 1) and 3 (rack b).
        List<BrokerState> brokers = List.of(rack(1, "a"), rack(2, "a"), rack(3, "b"), rack(4, "c"));
        List<List<Integer>> replicas = List.of(List.of(1, 2, 3), List.of(1, 3, 2), List.of(2, 1, 3), List.of(3, 1, 2));

        LeadershipPlan plan = LeadershipPlan.compute(brokers, replicas, 4, 3);

        // Dropping 2 keeps racks c, a, b; dropping 3 (the tie-breakers' choice: same load, higher id) would keep two.
        assertThat(plan.moves()).containsExactly(Map.entry(0, new Move(0, List.of(1, 2, 3), List.of(4, 1, 3))));
    }

    @Test
    void underReplicatedPartitionsGetFollowersUpToTheReplicationFactor() {
        List<List<Integer>> replicas = List.of(List.of(1), List.of(2), List.of(3));

        LeadershipPlan plan = LeadershipPlan.compute(online(1, 2, 3), replicas, 3, 3);

        assertThat(plan.moves()).containsExactly(
                Map.entry(0, new Move(0, List.of(1), List.of(1, 2, 3))),
                Map.entry(1, new Move(1, List.of(2), List.of(2, 1, 3))),
                Map.entry(2, new Move(2, List.of(3), List.of(3, 1, 2))));
    }

    @Test
    void tooFewPartitionsLeaveABrokerUncoveredRatherThanStealingAnOnlyLeadership() {
        List<List<Integer>> replicas = List.of(List.of(1, 2, 3), List.of(2, 3, 1));

        LeadershipPlan plan = LeadershipPlan.compute(online(1, 2, 3), replicas, 2, 3);

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.leadingNoPartition()).containsExactly(3);
    }

    @Test
    void noOnlineBrokerMeansNoPlan() {
        LeadershipPlan plan = LeadershipPlan.compute(List.of(new BrokerState(1, Optional.empty(), false)),
                List.of(List.of(1)), 2, 1);

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.leadingNoPartition()).isEmpty();
    }

    private static List<BrokerState> online(int... ids) {
        return IntStream.of(ids).mapToObj(BrokerState::online).toList();
    }

    private static BrokerState rack(int id, String rack) {
        return new BrokerState(id, Optional.of(rack), true);
    }
}
