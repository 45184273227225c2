package dev.vigil.services.topic;

import dev.vigil.core.config.TopicConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Keeps the monitor topic present and wide enough, through the Admin API only (works on KRaft).
 *
 * <p>Creates it if absent with replication factor {@code min(3, brokers)} and
 * {@code min.insync.replicas = RF - 1} (at least 1) unless configured, and
 * {@code brokers x partitions.per.broker} partitions; raises the partition count when it is lower
 * than that. Moving leadership so that every broker leads a partition is a later step.
 */
public final class TopicManager {

    private static final Logger log = LoggerFactory.getLogger(TopicManager.class);

    private final String cluster;
    private final Admin admin;
    private final TopicConfig config;

    public TopicManager(String cluster, Admin admin, TopicConfig config) {
        this.cluster = cluster;
        this.admin = admin;
        this.config = config;
    }

    /** Makes sure the topic exists with enough partitions; returns its partition count. */
    public int ensureTopic() throws ExecutionException, InterruptedException {
        // The first call to a cluster: a short timeout, so an unreachable one is reported within seconds.
        int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).nodes().get().size();
        int wanted = Math.max(1, brokers * config.partitionsPerBroker());
        TopicDescription existing = describe();
        if (existing == null) {
            return create(brokers, wanted);
        }
        int current = existing.partitions().size();
        if (current < wanted) {
            try {
                admin.createPartitions(Map.of(config.name(), NewPartitions.increaseTo(wanted))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof AuthorizationException)) {
                    throw e;
                }
                // Probing the partitions that exist beats not probing at all.
                log.warn("cluster={} topic={} has {} partitions, fewer than {} ({} brokers x {} per broker), and Vigil "
                                + "may not add more ({}); grant ALTER on topic {} or add them yourself. Probing the {} "
                                + "that exist", cluster, config.name(), current, wanted, brokers,
                        config.partitionsPerBroker(), e.getCause().getClass().getSimpleName(), config.name(), current);
                return current;
            }
            log.info("cluster={} topic={} partitions raised from {} to {} ({} brokers x {} per broker)",
                    cluster, config.name(), current, wanted, brokers, config.partitionsPerBroker());
            return wanted;
        }
        return current;
    }

    private int create(int brokers, int partitions) throws ExecutionException, InterruptedException {
        int rf = config.replicationFactor().orElse(Math.min(3, brokers));
        int minIsr = config.minInsyncReplicas().orElse(Math.max(1, rf - 1));
        if (rf > brokers) {
            throw new IllegalStateException("cluster " + cluster + " has " + brokers + " brokers, fewer than "
                    + "replication.factor " + rf + " for topic " + config.name() + "; lower replication.factor");
        }
        NewTopic topic = new NewTopic(config.name(), partitions, (short) rf)
                .configs(Map.of(org.apache.kafka.common.config.TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                        Integer.toString(minIsr)));
        try {
            admin.createTopics(List.of(topic)).all().get();
            log.info("cluster={} topic={} created: {} partitions, replication.factor={}, min.insync.replicas={}",
                    cluster, config.name(), partitions, rf, minIsr);
            return partitions;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return ensureTopic(); // another Vigil created it meanwhile
            }
            throw e;
        }
    }

    private TopicDescription describe() throws ExecutionException, InterruptedException {
        try {
            return admin.describeTopics(List.of(config.name())).allTopicNames().get().get(config.name());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }
}
