package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.stats.OffsetCommitMetrics;
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

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A principal denied READ on Vigil's commit group, on a sandbox running Kafka's StandardAuthorizer:
 * the refusal is flagged, never counted as a coordinator failure, and commits are judged again as
 * soon as the ACL goes.
 */
class OffsetCommitPermissionsIntegrationTest {

    @Test
    void deniedCommitsAreFlaggedNotCountedAndResumeWhenAllowed() throws Exception {
        try (SandboxCluster sandbox = DeniableProbe.authorizingSandbox(1);
             Admin admin = Admin.create(sandbox.adminConfig())) {
            ClusterConfig config = new ClusterConfig("commit-acl", Optional.of(sandbox.bootstrapServers()),
                    Optional.empty(), Map.of(), new TopicConfig("commit-acl-probe", 2, OptionalInt.empty(),
                    OptionalInt.empty()), SandboxMonitors.PROBE);
            // a commit every probe interval (200 ms), not every 5 s, so the rounds below come quickly
            config = config.withOffsetCommit(config.offsetCommit().withTiming(SandboxMonitors.PROBE.interval(),
                    config.offsetCommit().sla()));
            AclBinding deny = new AclBinding(
                    new ResourcePattern(ResourceType.GROUP, config.offsetCommit().groupId(), PatternType.LITERAL),
                    new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.READ, AclPermissionType.DENY));
            // 5 commits a second: five judged once allowed
            new DeniableProbe(OffsetCommitMetrics.DENIED, OffsetCommitMetrics.ATTEMPTS, OffsetCommitMetrics.FAILURES,
                    OffsetCommitMetrics.AVAILABILITY).flaggedWhileDeniedThenJudged(sandbox, admin, config, deny, 5, () -> {
                    });
        }
    }
}
