package dev.vigil.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Measures, on a 3-broker sandbox, how long after {@link SandboxCluster#stopBroker} is called a
 * partition led by the stopped broker gets a new leader, and how long the cluster keeps listing the
 * stopped broker, for each {@link StopMode}; then how long the restart takes. Not a test (wall-clock
 * figures do not belong in assertions); run it by hand like {@link SandboxStartupTiming}.
 */
public final class SandboxFailoverTiming {

    private static final String TOPIC = "failover-timing";

    private SandboxFailoverTiming() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        try (SandboxCluster cluster = SandboxCluster.start(3);
             Admin admin = Admin.create(cluster.adminConfig())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();
            for (int round = 1; round <= rounds; round++) {
                for (StopMode mode : StopMode.values()) {
                    measure(cluster, admin, mode);
                }
            }
            for (StopMode mode : StopMode.values()) {
                measureImmediateRestart(cluster, admin, mode);
            }
        }
    }

    private static void measure(SandboxCluster cluster, Admin admin, StopMode mode) throws Exception {
        int leader = awaitLeader(admin, 0);
        long stopCalled = System.nanoTime();
        // Watch from another thread: stopBroker itself blocks until the broker's ports are closed.
        CompletableFuture<Long> leaderMoved = CompletableFuture.supplyAsync(() -> firstTime(() -> {
            int now = leaderOf(admin, 0);
            return now >= 0 && now != leader;
        }));
        CompletableFuture<Long> brokerDropped = CompletableFuture.supplyAsync(
                () -> firstTime(() -> !liveBrokers(admin).contains(leader)));
        cluster.stopBroker(leader, mode);
        long stopReturned = System.nanoTime();
        long moved = leaderMoved.get();
        long dropped = brokerDropped.get();
        long restartCalled = System.nanoTime();
        cluster.startBroker(leader);
        long restarted = System.nanoTime();
        System.out.printf("%-8s broker %d: stopBroker took %4d ms; leader of partition 0 moved %5d ms after the"
                        + " stop call, describeCluster dropped the broker after %5d ms; startBroker right after"
                        + " took %5d ms%n",
                mode, leader, ms(stopReturned - stopCalled), ms(moved - stopCalled), ms(dropped - stopCalled),
                ms(restarted - restartCalled));
        restorePreferredLeaders(admin);
    }

    /** Restart as soon as the stop returns: the controller still holds the old session. */
    private static void measureImmediateRestart(SandboxCluster cluster, Admin admin, StopMode mode) throws Exception {
        int leader = awaitLeader(admin, 0);
        cluster.stopBroker(leader, mode);
        long restartCalled = System.nanoTime();
        cluster.startBroker(leader);
        System.out.printf("%-8s broker %d: startBroker called as soon as stopBroker returned took %5d ms%n",
                mode, leader, ms(System.nanoTime() - restartCalled));
        restorePreferredLeaders(admin);
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static long firstTime(Check check) {
        try {
            while (!check.holds()) {
                Thread.sleep(5);
            }
            return System.nanoTime();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for full ISRs, then moves leadership back so every round starts from the same layout. */
    private static void restorePreferredLeaders(Admin admin) throws Exception {
        firstTime(() -> admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions()
                .stream().allMatch(p -> p.isr().size() == p.replicas().size()));
        try {
            admin.electLeaders(ElectionType.PREFERRED, null).all().get();
        } catch (ExecutionException e) {
            // ElectionNotNeeded for partitions already led by their preferred replica.
        }
        firstTime(() -> admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions()
                .stream().allMatch(p -> p.leader() != null && p.leader().id() == p.replicas().get(0).id()));
    }

    private static int awaitLeader(Admin admin, int partition) throws Exception {
        while (true) {
            int leader = leaderOf(admin, partition);
            if (leader >= 0) {
                return leader;
            }
            Thread.sleep(10);
        }
    }

    private static int leaderOf(Admin admin, int partition) throws InterruptedException {
        try {
            TopicPartitionInfo info = admin.describeTopics(List.of(TOPIC)).allTopicNames().get()
                    .get(TOPIC).partitions().get(partition);
            return info.leader() == null ? -1 : info.leader().id();
        } catch (ExecutionException e) {
            return -1;
        }
    }

    private static Set<Integer> liveBrokers(Admin admin) throws InterruptedException, ExecutionException {
        return admin.describeCluster().nodes().get().stream().map(Node::id).collect(Collectors.toSet());
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
