package dev.vigil.services.state;

import dev.vigil.core.time.MicroClock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeMetadataQuorumOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Describes the cluster (brokers, fenced ones included, and the controller) and the monitor topic
 * (leaders, replicas, ISR, configs) through the Admin API, and times the calls.
 *
 * <p>Called on one thread (the cluster monitor's state timer). An unreachable cluster throws: the
 * caller reports it and tries again next interval.
 */
public final class ClusterStateProbe {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClusterStateProbe.class);

    private final String cluster;
    private final Admin admin;
    private final String topic;
    private final MicroClock clock;
    private final int timeoutMs;
    /** Brokers older than Kafka 4.0 cannot list fenced brokers; then only unfenced ones are seen. */
    private volatile boolean includeFenced = true;
    /** Reading the topic's configs needs DESCRIBE_CONFIGS; without it the numbers that need them are unknown. */
    private volatile boolean configsReadable = true;
    private volatile boolean quorumDescribable = true;

    public ClusterStateProbe(String cluster, Admin admin, String topic, MicroClock clock, int timeoutMs) {
        this.cluster = cluster;
        this.admin = admin;
        this.topic = topic;
        this.clock = clock;
        this.timeoutMs = timeoutMs;
    }

    public ClusterState observe() throws ExecutionException, InterruptedException {
        long start = clock.nowMicros();
        DescribeClusterResult cluster = describeCluster();
        Collection<Node> nodes = cluster.nodes().get();
        Node controller = cluster.controller().get();
        int controllerId = quorumLeader(controller == null || controller.isEmpty() ? -1 : controller.id());
        List<PartitionState> partitions = describeTopic();
        Map<String, String> configs = partitions.isEmpty() || !configsReadable ? Map.of() : describeConfigs();
        long latency = clock.nowMicros() - start;
        List<BrokerState> brokers = new ArrayList<>();
        for (Node node : nodes) {
            brokers.add(new BrokerState(node.id(), Optional.ofNullable(node.rack()), !node.isFenced()));
        }
        brokers.sort(java.util.Comparator.comparingInt(BrokerState::id));
        return new ClusterState(start, brokers, controllerId, partitions, configs, latency);
    }

    private DescribeClusterResult describeCluster() throws ExecutionException, InterruptedException {
        DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs(timeoutMs);
        if (includeFenced) {
            DescribeClusterResult result = admin.describeCluster(options.includeFencedBrokers(true));
            try {
                result.nodes().get();
                return result;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnsupportedVersionException)) {
                    throw e;
                }
                includeFenced = false;
            }
        }
        return admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs));
    }

    /**
     * On KRaft, the "controller" a broker reports in describeCluster is a random broker (clients
     * cannot reach the quorum through it); the metadata quorum's leader is the active controller.
     * Falls back to the reported id where the quorum cannot be described (older cluster, no
     * DESCRIBE on the cluster).
     */
    private int quorumLeader(int reported) throws ExecutionException, InterruptedException {
        if (!quorumDescribable) {
            return reported;
        }
        try {
            return admin.describeMetadataQuorum(new DescribeMetadataQuorumOptions().timeoutMs(timeoutMs))
                    .quorumInfo().get().leaderId();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnsupportedVersionException || e.getCause() instanceof AuthorizationException) {
                quorumDescribable = false;
                return reported;
            }
            throw e;
        }
    }

    private List<PartitionState> describeTopic() throws ExecutionException, InterruptedException {
        TopicDescription description;
        try {
            description = admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(timeoutMs))
                    .allTopicNames().get().get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return List.of();
            }
            throw e;
        }
        List<PartitionState> out = new ArrayList<>();
        for (TopicPartitionInfo p : description.partitions()) {
            Node leader = p.leader();
            out.add(new PartitionState(p.partition(), leader == null || leader.isEmpty() ? PartitionState.NO_LEADER : leader.id(),
                    p.replicas().stream().map(Node::id).toList(), p.isr().stream().map(Node::id).toList()));
        }
        out.sort(java.util.Comparator.comparingInt(PartitionState::partition));
        return out;
    }

    private Map<String, String> describeConfigs() throws ExecutionException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config config = admin.describeConfigs(List.of(resource), new DescribeConfigsOptions().timeoutMs(timeoutMs))
                    .all().get().get(resource);
            Map<String, String> out = new HashMap<>();
            config.entries().forEach(e -> {
                if (e.value() != null) {
                    out.put(e.name(), e.value());
                }
            });
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                configsReadable = false;
                log.warn("cluster={} topic={} configs not readable ({}): grant DESCRIBE_CONFIGS on topic {}; until then "
                        + "underMinIsrPartitions is unknown and unsafe settings are not checked", cluster, topic,
                        e.getCause().getClass().getSimpleName(), topic);
                return Map.of();
            }
            throw e;
        }
    }
}
