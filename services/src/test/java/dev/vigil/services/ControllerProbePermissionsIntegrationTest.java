package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ControllerProbeConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.stats.ControllerProbeMetrics;
import dev.vigil.core.time.MicroClock;
import dev.vigil.sandbox.SandboxCluster;
import dev.vigil.services.probe.ControllerProbe;
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
 * An ACL on the controller probe's topic prefix, on a sandbox running Kafka's StandardAuthorizer: a
 * DENY of CREATE, under which creating them still passes (on the cluster-level grant) but reading
 * their metadata does not. The refusal is flagged, never counted as a controller failure; each
 * refused round still deletes its topic; once the ACL goes rounds are judged again.
 */
class ControllerProbePermissionsIntegrationTest {

    private static final String CLUSTER = "ctl-acl";
    private static final String TOPIC = "ctl-acl-probe";
    private static final MicroClock CLOCK = MicroClock.system();

    @Test
    void deniedRoundsAreFlaggedNotCountedAndResumeWhenAllowed() throws Exception {
        try (SandboxCluster sandbox = SandboxCluster.start(1, Map.of(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found", "true"));
             Admin admin = Admin.create(sandbox.adminConfig())) {
            ClusterConfig config = new ClusterConfig(CLUSTER, Optional.of(sandbox.bootstrapServers()), Optional.empty(),
                    Map.of(), new TopicConfig(TOPIC, 2, OptionalInt.empty(), OptionalInt.empty()),
                    new ProbeConfig(Duration.ofMillis(200), 100, Duration.ofMillis(2_000), Duration.ofMillis(4_000),
                            Duration.ofMillis(8_000), Duration.ofSeconds(10), 5, Duration.ofSeconds(1)))
                    .withController(new ControllerProbeConfig(true, Duration.ofSeconds(1), Duration.ofSeconds(4)));
            AclBinding deny = new AclBinding(
                    new ResourcePattern(ResourceType.TOPIC, ControllerProbe.prefixOf(TOPIC), PatternType.PREFIXED),
                    new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.CREATE, AclPermissionType.DENY));
            admin.createAcls(List.of(deny)).all().get();

            MetricRegistry registry = new MetricRegistry();
            ClusterMonitor monitor = new ClusterMonitor(config, sandbox.bootstrapServers(), CLOCK, registry);
            monitor.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> value(registry, ControllerProbeMetrics.DENIED) == 1.0);
                // Denied for 3 s at a round a second: nothing judged, nothing failed, the monitor runs on.
                SandboxMonitors.holdsThroughout(Duration.ofSeconds(3), () -> value(registry, ControllerProbeMetrics.DENIED) == 1.0
                        && value(registry, ControllerProbeMetrics.ATTEMPTS) == 0.0);
                assertThat(value(registry, ControllerProbeMetrics.FAILURES)).isZero();
                assertThat(value(registry, ControllerProbeMetrics.AVAILABILITY)).isNaN();
                assertThat(monitor.status()).isEqualTo(ClusterMonitor.Status.RUNNING);

                admin.deleteAcls(List.of(deny.toFilter())).all().get();

                await().atMost(Duration.ofSeconds(30)).until(() -> value(registry, ControllerProbeMetrics.DENIED) == 0.0
                        && value(registry, ControllerProbeMetrics.ATTEMPTS) >= 2);
                assertThat(value(registry, ControllerProbeMetrics.FAILURES)).isZero();
                assertThat(value(registry, ControllerProbeMetrics.AVAILABILITY)).isEqualTo(1.0);
                await().atMost(Duration.ofSeconds(30)).until(() -> admin.listTopics().names().get().stream()
                        .noneMatch(n -> n.startsWith(ControllerProbe.prefixOf(TOPIC))));
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
