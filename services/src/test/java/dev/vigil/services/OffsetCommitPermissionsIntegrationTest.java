package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.stats.OffsetCommitMetrics;
import dev.vigil.core.time.MicroClock;
import dev.vigil.sandbox.SandboxCluster;
import org.apache.kafka.clients.admin.Admin;
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
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A principal denied READ on Vigil's commit group, on a sandbox running Kafka's StandardAuthorizer:
 * the refusal is flagged, never counted as a coordinator failure, and commits are judged again as
 * soon as the ACL goes.
 */
class OffsetCommitPermissionsIntegrationTest {

    private static final String CLUSTER = "commit-acl";
    private static final String TOPIC = "commit-acl-probe";
    private static final MicroClock CLOCK = MicroClock.system();

    @Test
    void deniedCommitsAreFlaggedNotCountedAndResumeWhenAllowed() throws Exception {
        try (SandboxCluster sandbox = SandboxCluster.start(1, Map.of(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found", "true"));
             Admin admin = Admin.create(sandbox.adminConfig())) {
            ClusterConfig config = new ClusterConfig(CLUSTER, Optional.of(sandbox.bootstrapServers()), Optional.empty(),
                    Map.of(), new TopicConfig(TOPIC, 2, OptionalInt.empty(), OptionalInt.empty()),
                    new ProbeConfig(Duration.ofMillis(200), 100, Duration.ofMillis(2_000), Duration.ofMillis(4_000),
                            Duration.ofMillis(8_000), Duration.ofSeconds(10), 5, Duration.ofSeconds(1)));
            AclBinding deny = new AclBinding(
                    new ResourcePattern(ResourceType.GROUP, config.offsetCommit().groupId(), PatternType.LITERAL),
                    new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.READ, AclPermissionType.DENY));
            admin.createAcls(List.of(deny)).all().get();

            MetricRegistry registry = new MetricRegistry();
            ClusterMonitor monitor = new ClusterMonitor(config, sandbox.bootstrapServers(), CLOCK, registry);
            monitor.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> value(registry, OffsetCommitMetrics.DENIED) == 1.0);
                // Denied for 3 s at 5 commits/s: nothing judged, nothing failed, the monitor runs on.
                SandboxMonitors.holdsThroughout(Duration.ofSeconds(3), () -> value(registry, OffsetCommitMetrics.DENIED) == 1.0
                        && value(registry, OffsetCommitMetrics.ATTEMPTS) == 0.0);
                assertThat(value(registry, OffsetCommitMetrics.FAILURES)).isZero();
                assertThat(value(registry, OffsetCommitMetrics.AVAILABILITY)).isNaN();
                assertThat(monitor.status()).isEqualTo(ClusterMonitor.Status.RUNNING);

                admin.deleteAcls(List.of(deny.toFilter())).all().get();

                await().atMost(Duration.ofSeconds(30)).until(() -> value(registry, OffsetCommitMetrics.DENIED) == 0.0
                        && value(registry, OffsetCommitMetrics.ATTEMPTS) >= 5);
                assertThat(value(registry, OffsetCommitMetrics.FAILURES)).isZero();
                assertThat(value(registry, OffsetCommitMetrics.AVAILABILITY)).isEqualTo(1.0);
            } finally {
                monitor.stop();
                assertThat(monitor.awaitShutdown(Duration.ofSeconds(10))).isTrue();
            }
        }
    }

    private static double value(MetricRegistry registry, Metric metric) {
        return registry.value(MetricScope.cluster(CLUSTER), metric, CLOCK.nowMicros());
    }
}
