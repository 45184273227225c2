package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ControllerProbeConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.stats.ControllerProbeMetrics;
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
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.awaitility.Awaitility.await;

/**
 * An ACL on the controller probe's topic prefix, on a sandbox running Kafka's StandardAuthorizer: a
 * DENY of CREATE, under which creating them still passes (on the cluster-level grant) but reading
 * their metadata does not. The refusal is flagged, never counted as a controller failure; each
 * refused round still deletes its topic; once the ACL goes rounds are judged again.
 */
class ControllerProbePermissionsIntegrationTest {

    private static final String TOPIC = "ctl-acl-probe";

    @Test
    void deniedRoundsAreFlaggedNotCountedAndResumeWhenAllowed() throws Exception {
        try (SandboxCluster sandbox = DeniableProbe.authorizingSandbox(1);
             Admin admin = Admin.create(sandbox.adminConfig())) {
            ClusterConfig config = new ClusterConfig("ctl-acl", Optional.of(sandbox.bootstrapServers()), Optional.empty(),
                    Map.of(), new TopicConfig(TOPIC, 2, OptionalInt.empty(), OptionalInt.empty()), SandboxMonitors.PROBE)
                    .withController(new ControllerProbeConfig(true, Duration.ofSeconds(1), Duration.ofSeconds(4)));
            AclBinding deny = new AclBinding(
                    new ResourcePattern(ResourceType.TOPIC, ControllerProbe.prefixOf(TOPIC), PatternType.PREFIXED),
                    new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.CREATE, AclPermissionType.DENY));
            // a round a second: two judged once allowed, and no probe topic left behind
            new DeniableProbe(ControllerProbeMetrics.DENIED, ControllerProbeMetrics.ATTEMPTS, ControllerProbeMetrics.FAILURES,
                    ControllerProbeMetrics.AVAILABILITY).flaggedWhileDeniedThenJudged(sandbox, admin, config, deny, 2,
                    () -> await().atMost(Duration.ofSeconds(30)).until(() -> admin.listTopics().names().get().stream()
                            .noneMatch(n -> n.startsWith(ControllerProbe.prefixOf(TOPIC)))));
        }
    }
}
