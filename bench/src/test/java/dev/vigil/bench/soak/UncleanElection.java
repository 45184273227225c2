package dev.vigil.bench.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.vigil.sandbox.StopMode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * An unclean leader election on every partition of the monitor topic, the fault that destroys acknowledged
 * probes. The topic's {@code min.insync.replicas} is lowered to 1 and unclean election enabled; the other
 * brokers are stopped by controlled shutdown (which takes them out of every ISR at once), so one broker leads
 * every partition and acks alone. For its last seconds its answers to clients' fetches are withheld, so the
 * probes it acks then are never read. Then it is killed and a stale broker is started, which the controller
 * elects though it is out of sync: what only the old leader held is gone (read or not), and the old leader,
 * started again, truncates it. The topic's settings are restored once every broker is back.
 */
final class UncleanElection {

    private static final Duration WAIT = Duration.ofMinutes(1);
    private static final List<String> SETTINGS =
            List.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG);

    private final ForkedSandbox sandbox;
    private final Admin admin;
    private final String topic;
    private final ConfigResource resource;
    private final List<Integer> stopped = new ArrayList<>();
    private Collection<AlterConfigOp> restore = List.of();

    UncleanElection(ForkedSandbox sandbox, Admin admin, String topic) {
        this.sandbox = sandbox;
        this.admin = admin;
        this.topic = topic;
        this.resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    }

    /** Leaves {@code leader} the only broker up and the only ISR member of every partition, acking alone. */
    void isolate(int leader) throws Exception {
        Config before = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        List<AlterConfigOp> back = new ArrayList<>();
        for (String key : SETTINGS) {
            ConfigEntry entry = before.get(key);
            back.add(entry != null && entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG
                    ? new AlterConfigOp(new ConfigEntry(key, entry.value()), AlterConfigOp.OpType.SET)
                    : new AlterConfigOp(new ConfigEntry(key, ""), AlterConfigOp.OpType.DELETE));
        }
        restore = back;
        admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "true"),
                        AlterConfigOp.OpType.SET)))).all().get();
        for (int broker : sandbox.brokerIds()) {
            if (broker != leader) {
                stopped.add(broker);
                sandbox.stopBroker(broker, StopMode.GRACEFUL);
            }
        }
        awaitEvery("ISR " + List.of(leader), p -> p.isr().size() == 1 && p.isr().get(0).id() == leader);
    }

    /**
     * Withholds {@code leader}'s answers to fetches for {@code unread}, kills it and starts a stale broker, and
     * waits until that one leads every partition: the records only {@code leader} held are cut from the log from
     * then on. Returns the stale broker.
     */
    int electStale(int leader, Duration unread) throws Exception {
        sandbox.withholdFetchResponses(leader, true);
        TimeUnit.NANOSECONDS.sleep(unread.toNanos());
        stopped.add(leader);
        try {
            sandbox.stopBroker(leader, StopMode.ABRUPT);
        } finally {
            sandbox.withholdFetchResponses(leader, false); // the setting outlives the broker's restart
        }
        int stale = stopped.remove(0);
        sandbox.startBroker(stale);
        awaitEvery("leader " + stale, p -> p.leader() != null && p.leader().id() == stale);
        return stale;
    }

    /** Starts every broker still stopped (the old leader last, so it truncates) and restores the topic's settings. */
    void heal() throws Exception {
        while (!stopped.isEmpty()) {
            sandbox.startBroker(stopped.remove(0));
        }
        if (!restore.isEmpty()) {
            admin.incrementalAlterConfigs(Map.of(resource, restore)).all().get();
            restore = List.of();
        }
    }

    private void awaitEvery(String what, Predicate<TopicPartitionInfo> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<TopicPartitionInfo> partitions = List.of();
        while (System.nanoTime() < deadline) {
            partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            if (partitions.stream().allMatch(condition)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("not every partition of " + topic + " had " + what + " within " + WAIT.toSeconds()
                + " s: " + partitions);
    }
}
