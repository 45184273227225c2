package dev.vigil.bench.overhead;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates the benchmark's topics on the sandbox and waits until every partition has a leader and a full ISR. */
final class Topics implements AutoCloseable {

    /**
     * Partitions created per request. A KRaft controller refuses a request that would write more than
     * 10,000 metadata records in one batch (a topic of 10,000 partitions is over that), so large topics
     * are created small and grown in steps.
     */
    private static final int STEP = 2_000;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);

    private final Admin admin;

    Topics(String bootstrap) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 300_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 120_000));
    }

    void create(String topic, int partitions, int rf) throws Exception {
        int minIsr = Math.max(1, rf - 1);
        try {
            admin.createTopics(List.of(new NewTopic(topic, Math.min(partitions, STEP), (short) rf)
                    .configs(Map.of("min.insync.replicas", Integer.toString(minIsr))))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        int have = describe(topic).partitions().size();
        while (have < partitions) {
            have = Math.min(partitions, have + STEP);
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(have))).all().get();
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!ready(describe(topic), partitions, rf)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " not ready within " + READY_TIMEOUT);
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    /** The topic as the brokers describe it; a topic just created may take a moment to reach them all. */
    private TopicDescription describe(String topic) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            try {
                return admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
    }

    private static boolean ready(TopicDescription d, int partitions, int rf) {
        if (d.partitions().size() < partitions) {
            return false;
        }
        for (TopicPartitionInfo p : d.partitions()) {
            if (p.leader() == null || p.leader().isEmpty() || p.isr().size() < rf) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
