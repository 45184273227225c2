package dev.vigil.services.probe;

import dev.vigil.core.stats.OffsetCommitStats;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds the coordinator of Vigil's commit group through the public Admin API
 * ({@code describeConsumerGroups}, whose answer names the coordinator), so each commit can be
 * attributed to a broker. The consumer finds its coordinator itself but does not expose it.
 *
 * <p>Called on the commit probe's thread only. A lookup that fails (coordinator down, group not
 * created yet) keeps the last known coordinator: the commits failing meanwhile are the ones it
 * coordinated.
 */
final class CoordinatorLookup {

    private static final Logger log = LoggerFactory.getLogger(CoordinatorLookup.class);

    private final String cluster;
    private final String groupId;
    private final Admin admin;
    private final OffsetCommitStats stats;

    CoordinatorLookup(String cluster, String groupId, Admin admin, OffsetCommitStats stats) {
        this.cluster = cluster;
        this.groupId = groupId;
        this.admin = admin;
        this.stats = stats;
    }

    /** The coordinator last found, or {@link OffsetCommitStats#UNKNOWN_COORDINATOR}. */
    int current() {
        return stats.coordinator();
    }

    /** Asks the cluster for the group's coordinator; returns whether it answered. */
    boolean refresh(Duration timeout) throws InterruptedException {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId),
                            new DescribeConsumerGroupsOptions().timeoutMs((int) timeout.toMillis()))
                    .describedGroups().get(groupId)
                    .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            Node node = group.coordinator();
            if (node == null || node.isEmpty()) {
                return false;
            }
            int previous = stats.coordinator();
            if (previous != node.id()) {
                stats.coordinator(node.id());
                log.info("cluster={} group={} offset commit coordinator is broker {}{}", cluster, groupId, node.id(),
                        previous == OffsetCommitStats.UNKNOWN_COORDINATOR ? "" : " (was " + previous + ")");
            }
            return true;
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            // GroupIdNotFound before the first commit, or the coordinator is unavailable: keep the last one
            log.debug("cluster={} group={} coordinator lookup failed: {}", cluster, groupId, e.toString());
            return false;
        }
    }
}
