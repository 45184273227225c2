package dev.vigil.services;

import dev.vigil.core.config.TopicManagement;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.core.time.MicroClock;
import dev.vigil.sandbox.SandboxCluster;
import dev.vigil.services.topic.TopicManagementMetrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.vigil.services.SandboxMonitors.INTERVAL;
import static dev.vigil.services.SandboxMonitors.STABLE;
import static dev.vigil.services.SandboxMonitors.clusterValue;
import static dev.vigil.services.SandboxMonitors.createTopic;
import static dev.vigil.services.SandboxMonitors.holdsThroughout;
import static dev.vigil.services.SandboxMonitors.replicas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A principal that may read, write and describe the monitor topic but not alter it, on a sandbox
 * running Kafka's StandardAuthorizer: the denied partition increase is reported once and Vigil falls
 * back to report-only, probing on.
 */
class TopicPermissionsIntegrationTest {

    private static final String TOPIC = "acl-probe";

    @Test
    void withoutAlterOnTheTopicVigilFallsBackToReportOnlyAndKeepsProbing() throws Exception {
        // The monitor topic gets ACLs, so on it only what they grant is allowed.
        try (SandboxCluster sandbox = DeniableProbe.authorizingSandbox(3);
             Admin admin = Admin.create(sandbox.adminConfig())) {
            createTopic(admin, new NewTopic(TOPIC, Map.of(0, List.of(1, 2, 3), 1, List.of(2, 3, 1), 2, List.of(3, 1, 2)))
                    .configs(Map.of("min.insync.replicas", "2")));
            ResourcePattern topic = new ResourcePattern(ResourceType.TOPIC, TOPIC, PatternType.LITERAL);
            admin.createAcls(List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE,
                    AclOperation.DESCRIBE_CONFIGS).stream().map(op -> new AclBinding(topic,
                    new AccessControlEntry("User:ANONYMOUS", "*", op, AclPermissionType.ALLOW))).toList()).all().get();
            Map<Integer, List<Integer>> assignment = replicas(admin, TOPIC);

            MetricRegistry registry = new MetricRegistry();
            ClusterMonitor monitor = new ClusterMonitor(SandboxMonitors.config(sandbox.bootstrapServers(), TOPIC,
                    TopicManagement.MANAGE), sandbox.bootstrapServers(), MicroClock.system(), registry);
            LogCapture log = new LogCapture();
            monitor.start();
            try {
                // It wants 3 brokers x 2 partitions, may not add them (no ALTER on the topic): report-only from then on.
                await().atMost(Duration.ofSeconds(60)).until(() -> clusterValue(registry, TopicManagementMetrics.DENIED) == 1.0);
                assertThat(clusterValue(registry, TopicManagementMetrics.MODE)).isEqualTo(1.0);
                assertThat(clusterValue(registry, TopicManagementMetrics.PLANNED_PARTITIONS)).isEqualTo(3.0);
                assertThat(clusterValue(registry, TopicManagementMetrics.PARTITIONS_ADDED)).isEqualTo(0.0);
                long receivedAtDenial = monitor.snapshot().total().received();

                holdsThroughout(STABLE.plus(INTERVAL).plusSeconds(1), () -> clusterValue(registry, TopicManagementMetrics.MODE) == 1.0
                        && replicas(admin, TOPIC).equals(assignment));
                ScopeSnapshot total = monitor.snapshot().total();
                assertThat(total.received()).isGreaterThan(receivedAtDenial + 3 * 20); // ~5 rounds/s on 3 partitions
                assertThat(total.produceFailures()).isZero();
                assertThat(total.lostAcked()).isZero();
                assertThat(monitor.reading().partitions()).isEqualTo(3);
                assertThat(monitor.reading().status()).isEqualTo(ClusterMonitor.Status.RUNNING);
                // Said once, in one line that names the ACL to grant, however many rounds pass after it.
                List<String> denials = log.lines().stream().filter(l -> l.contains("not allowed to")).toList();
                assertThat(denials).hasSize(1);
                assertThat(denials.get(0)).startsWith("WARN ").doesNotContain("\n")
                        .contains("topic=" + TOPIC, "add partitions", "grant ALTER on topic " + TOPIC,
                                "reporting only from now on, probing continues");
            } finally {
                log.close();
                monitor.stop();
                assertThat(monitor.awaitShutdown(Duration.ofSeconds(10))).isTrue();
            }
        }
    }
}
