package dev.vigil.services.topic;

import dev.vigil.services.state.BrokerState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the topic manager would change so that every online broker is the preferred leader (first
 * replica) of at least one monitor partition: partitions to add, with their replicas, and existing
 * partitions to reassign. Pure: broker ids, racks and replica lists in, a plan out.
 *
 * <p>Rules, each for a reason:
 * <ul>
 *   <li>A partition with a replica on a broker that is down (registered but fenced) or unknown is
 *       never touched: reassigning away from a broker that is merely down would hide the outage the
 *       probes should show, and a reassignment onto or off a dead replica cannot complete.</li>
 *   <li>New replicas go only to online brokers; the replication factor is capped at their number.</li>
 *   <li>New partitions are led by the brokers leading fewest partitions, so growth alone usually
 *       covers a new broker without moving any existing data.</li>
 *   <li>A broker still leading nothing takes one partition from the broker leading most (at least
 *       two, so the donor keeps one). If it already holds a replica of it, only the order changes
 *       (no data moves); otherwise it replaces one follower, the one whose removal keeps the most
 *       racks, then the busiest. The former leader stays as the second replica.</li>
 *   <li>Followers are picked rack-aware: racks the partition does not use yet first, then the
 *       brokers with fewest replicas, then the lowest id, so the plan is deterministic.</li>
 * </ul>
 *
 * @param newPartitions      replica lists of the partitions to add, for partitions
 *                           {@code current, current + 1, ...}
 * @param moves              existing partitions to reassign, by partition
 * @param leadingNoPartition online brokers that would still be preferred leader of nothing once the
 *                           plan is applied (too few partitions, or every candidate is frozen)
 */
public record LeadershipPlan(List<List<Integer>> newPartitions, Map<Integer, Move> moves,
                             SortedSet<Integer> leadingNoPartition) {

    /** One reassignment: the partition's replicas now and after. */
    public record Move(int partition, List<Integer> from, List<Integer> to) {
        public Move {
            from = List.copyOf(from);
            to = List.copyOf(to);
        }
    }

    public LeadershipPlan {
        newPartitions = newPartitions.stream().map(List::copyOf).toList();
        moves = java.util.Collections.unmodifiableMap(new TreeMap<>(moves));
        leadingNoPartition = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(leadingNoPartition));
    }

    public boolean isEmpty() {
        return newPartitions.isEmpty() && moves.isEmpty();
    }

    /** One line for a log: {@code "add 2 partitions [[4, 1, 2], [4, 2, 3]]; move p3 [1, 2, 3] -> [4, 1, 2]"}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!newPartitions.isEmpty()) {
            parts.add("add " + newPartitions.size() + " partitions " + newPartitions);
        }
        if (!moves.isEmpty()) {
            parts.add("move " + moves.values().stream()
                    .map(m -> "p" + m.partition() + " " + m.from() + " -> " + m.to())
                    .collect(Collectors.joining(", ")));
        }
        return parts.isEmpty() ? "nothing to do" : String.join("; ", parts);
    }

    /**
     * @param brokers           every registered broker, online or not
     * @param replicas          the replicas of partitions 0..n-1, preferred leader first
     * @param wantedPartitions  the partition count the topic should have (never lowered)
     * @param replicationFactor the replication factor new and under-replicated partitions should get
     */
    public static LeadershipPlan compute(List<BrokerState> brokers, List<List<Integer>> replicas,
                                         int wantedPartitions, int replicationFactor) {
        return new Planner(brokers, replicas).plan(wantedPartitions, replicationFactor);
    }

    /** The mutable working state of one computation. */
    private static final class Planner {
        private final Map<Integer, BrokerState> brokers = new TreeMap<>();
        private final List<Integer> online;
        private final List<List<Integer>> original;
        private final List<List<Integer>> current = new ArrayList<>();
        private final Map<Integer, Integer> leaderCount = new HashMap<>();
        private final Map<Integer, Integer> replicaCount = new HashMap<>();

        Planner(List<BrokerState> brokers, List<List<Integer>> replicas) {
            brokers.forEach(b -> this.brokers.put(b.id(), b));
            this.online = this.brokers.values().stream().filter(BrokerState::online).map(BrokerState::id).toList();
            this.original = replicas;
            replicas.forEach(r -> {
                current.add(new ArrayList<>(r));
                count(r, +1);
            });
        }

        LeadershipPlan plan(int wantedPartitions, int replicationFactor) {
            if (online.isEmpty()) {
                return new LeadershipPlan(List.of(), Map.of(), new TreeSet<>());
            }
            int rf = Math.max(1, Math.min(replicationFactor, online.size()));
            List<List<Integer>> added = new ArrayList<>();
            for (int p = current.size(); p < wantedPartitions; p++) {
                int leader = online.stream().min(Comparator.comparingInt((Integer b) -> leaderCount.getOrDefault(b, 0))
                        .thenComparingInt(b -> replicaCount.getOrDefault(b, 0)).thenComparingInt(b -> b)).orElseThrow();
                List<Integer> replicas = new ArrayList<>(List.of(leader));
                replicas.addAll(pickFollowers(replicas, rf - 1));
                added.add(replicas);
                count(replicas, +1);
            }
            for (int p = 0; p < current.size(); p++) {
                List<Integer> replicas = current.get(p);
                if (!frozen(p) && replicas.size() < rf) {
                    List<Integer> more = pickFollowers(replicas, rf - replicas.size());
                    more.forEach(b -> replicaCount.merge(b, 1, Integer::sum));
                    replicas.addAll(more);
                }
            }
            for (int broker : online) {
                if (leaderCount.getOrDefault(broker, 0) == 0) {
                    donatePartitionTo(broker);
                }
            }
            Map<Integer, Move> moves = new LinkedHashMap<>();
            for (int p = 0; p < current.size(); p++) {
                if (!current.get(p).equals(original.get(p))) {
                    moves.put(p, new Move(p, original.get(p), current.get(p)));
                }
            }
            SortedSet<Integer> leadingNone = online.stream().filter(b -> leaderCount.getOrDefault(b, 0) == 0)
                    .collect(Collectors.toCollection(TreeSet::new));
            return new LeadershipPlan(added, moves, leadingNone);
        }

        private void donatePartitionTo(int broker) {
            Optional<Integer> donated = java.util.stream.IntStream.range(0, current.size()).boxed()
                    .filter(p -> !frozen(p) && !current.get(p).isEmpty())
                    .filter(p -> current.get(p).get(0) != broker && leaderCount.getOrDefault(current.get(p).get(0), 0) >= 2)
                    .min(Comparator.comparingInt((Integer p) -> -leaderCount.get(current.get(p).get(0)))
                            .thenComparing(p -> !current.get(p).contains(broker))
                            .thenComparingInt(p -> p));
            if (donated.isEmpty()) {
                return;
            }
            List<Integer> replicas = current.get(donated.get());
            count(replicas, -1);
            List<Integer> next = new ArrayList<>(List.of(broker));
            if (replicas.contains(broker)) {
                replicas.stream().filter(b -> b != broker).forEach(next::add);
            } else if (replicas.size() > 1) {
                int formerLeader = replicas.get(0);
                List<Integer> followers = new ArrayList<>(replicas.subList(1, replicas.size()));
                int dropped = followers.stream().max(Comparator
                        .comparingInt((Integer f) -> racksWithout(replicas, f, broker))
                        .thenComparingInt(f -> replicaCount.getOrDefault(f, 0))
                        .thenComparingInt(f -> f)).orElseThrow();
                next.add(formerLeader);
                followers.stream().filter(f -> f != dropped).forEach(next::add);
            }
            replicas.clear();
            replicas.addAll(next);
            count(replicas, +1);
        }

        /** Distinct racks of {@code replicas} with {@code dropped} replaced by {@code added}. */
        private int racksWithout(List<Integer> replicas, int dropped, int added) {
            Set<String> racks = new HashSet<>();
            replicas.stream().filter(b -> b != dropped).forEach(b -> racks.add(rack(b)));
            racks.add(rack(added));
            return racks.size();
        }

        private List<Integer> pickFollowers(List<Integer> existing, int needed) {
            List<Integer> chosen = new ArrayList<>();
            Set<String> racksUsed = new HashSet<>();
            existing.forEach(b -> racksUsed.add(rack(b)));
            for (int i = 0; i < needed; i++) {
                Optional<Integer> next = online.stream()
                        .filter(b -> !existing.contains(b) && !chosen.contains(b))
                        .min(Comparator.comparing((Integer b) -> racksUsed.contains(rack(b)))
                                .thenComparingInt(b -> replicaCount.getOrDefault(b, 0))
                                .thenComparingInt(b -> b));
                if (next.isEmpty()) {
                    break;
                }
                chosen.add(next.get());
                racksUsed.add(rack(next.get()));
            }
            return chosen;
        }

        /** Brokers without a rack each count as a rack of their own. */
        private String rack(int broker) {
            BrokerState state = brokers.get(broker);
            return state == null || state.rack().isEmpty() ? "\u0000broker-" + broker : state.rack().get();
        }

        private boolean frozen(int partition) {
            return original.get(partition).stream().anyMatch(b -> !brokers.containsKey(b) || !brokers.get(b).online());
        }

        private void count(List<Integer> replicas, int delta) {
            if (!replicas.isEmpty()) {
                leaderCount.merge(replicas.get(0), delta, Integer::sum);
            }
            replicas.forEach(b -> replicaCount.merge(b, delta, Integer::sum));
        }
    }
}
