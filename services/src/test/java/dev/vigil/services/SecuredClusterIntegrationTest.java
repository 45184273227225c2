package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.config.TopicManagement;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.stats.ConnectionCheckStats.BrokerCheck;
import dev.vigil.core.stats.OffsetCommitMetrics;
import dev.vigil.core.time.MicroClock;
import dev.vigil.sandbox.ClientListener;
import dev.vigil.sandbox.SandboxCluster;
import dev.vigil.services.kafka.FreshConnections;
import dev.vigil.services.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static dev.vigil.services.SandboxMonitors.INTERVAL;
import static dev.vigil.services.SandboxMonitors.PROBE;
import static dev.vigil.services.SandboxMonitors.STABLE;
import static dev.vigil.services.SandboxMonitors.clusterValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Vigil against a secured cluster: brokers whose client listener speaks SASL/SCRAM over TLS, with
 * Kafka's StandardAuthorizer and no access unless an ACL grants it. The TLS and SASL settings in a
 * cluster's {@code client} section reach every client Vigil makes; with the README's least-privilege
 * ACLs it probes; with one ACL missing, or a wrong password or an untrusted certificate, it says in one
 * line what to grant or check.
 */
class SecuredClusterIntegrationTest {

    private static final String SECRET = "scram-pw-0b7e";

    @TempDir
    static Path dir;
    private static TestTls tls;
    private static SandboxCluster sandbox;
    private static Admin operator;
    private final List<ClusterMonitor> monitors = new ArrayList<>();

    @BeforeAll
    static void startSecuredSandbox() throws Exception {
        tls = TestTls.create(dir);
        sandbox = SandboxCluster.start(1, Map.of(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                // brokers and the controller talk over the plain-text internal listeners, as ANONYMOUS
                "super.users", "User:ANONYMOUS",
                "allow.everyone.if.no.acl.found", "false"),
                ClientListener.scramOverSsl(tls.keystore(), tls.password()));
        operator = Admin.create(sandbox.internalAdminConfig());
        for (String user : List.of("vigil", "vigil-nowrite")) {
            operator.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), SECRET))).all().get();
        }
        // The README's least-privilege set for a Vigil that creates and manages its topic.
        grant("vigil", topic("secured"), AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS,
                AclOperation.WRITE, AclOperation.READ, AclOperation.ALTER, AclOperation.ALTER_CONFIGS);
        grant("vigil", cluster(), AclOperation.DESCRIBE, AclOperation.ALTER);
        grant("vigil", group("vigil-commit.secured." + SandboxMonitors.CLUSTER), AclOperation.READ, AclOperation.DESCRIBE);
        // The same for a topic created by the operator, but without WRITE.
        operator.createTopics(List.of(new NewTopic("nowrite", 1, (short) 1))).all().get();
        grant("vigil-nowrite", topic("nowrite"), AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.READ);
        grant("vigil-nowrite", cluster(), AclOperation.DESCRIBE);
    }

    @AfterAll
    static void stopSandbox() throws Exception {
        Resources.closeAll(operator, sandbox);
    }

    @org.junit.jupiter.api.AfterEach
    void stopMonitors() throws InterruptedException {
        for (ClusterMonitor monitor : monitors) {
            monitor.stop();
            assertThat(monitor.awaitShutdown(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void withTheLeastPrivilegeAclsVigilProbesOverSaslAndTls() {
        MetricRegistry registry = new MetricRegistry();
        ClusterMonitor monitor = monitor("secured", client("vigil", SECRET, true), registry);
        await().atMost(Duration.ofSeconds(60)).until(() -> monitor.snapshot().total().received() >= 10);
        assertThat(monitor.status()).isEqualTo(ClusterMonitor.Status.RUNNING);
        SandboxMonitors.awaitNextReading(monitor);
        assertThat(monitor.reading().produce().mean()).isEqualTo(1.0);
        assertThat(monitor.snapshot().total().lostAcked()).isZero();
        // READ and DESCRIBE on its group are all the offset-commit probe needs: commits, and a known coordinator.
        await().atMost(Duration.ofSeconds(30)).until(() -> clusterValue(registry, OffsetCommitMetrics.ATTEMPTS) >= 5
                && clusterValue(registry, OffsetCommitMetrics.COORDINATOR_ID) == 1.0);
        assertThat(clusterValue(registry, OffsetCommitMetrics.DENIED)).isZero();
        assertThat(clusterValue(registry, OffsetCommitMetrics.FAILURES)).isZero();
    }

    @Test
    void theConnectionCheckAuthenticatesOverTlsAndNamesAWrongPassword() {
        String[] hostPort = sandbox.bootstrapServers().split(",")[0].split(":");
        List<Node> broker = List.of(new Node(1, hostPort[0], Integer.parseInt(hostPort[1])));
        try (LogCapture log = new LogCapture()) {
            BrokerCheck ok = connections(client("vigil", SECRET, true)).check(broker, Set.of(), Duration.ofSeconds(10),
                    () -> true).get(0);
            assertThat(ok.failure()).isNull();
            // The ApiVersions answer comes after the TLS handshake and the SCRAM exchange, all past the TCP connect.
            assertThat(ok.connectMicros()).isBetween(0L, ok.apiVersionsMicros());

            BrokerCheck refused = connections(client("vigil", "not-the-password", true)).check(broker, Set.of(),
                    Duration.ofSeconds(10), () -> true).get(0);
            assertThat(refused.failure()).startsWith("authentication failed: ").doesNotContain("not-the-password");
            assertThat(refused.apiVersionsMicros()).isEqualTo(-1);
            assertThat(log.lines()).noneMatch(l -> l.contains(SECRET) || l.contains("not-the-password"));
        }
    }

    private static FreshConnections connections(Map<String, String> client) {
        ClusterConfig config = new ClusterConfig(SandboxMonitors.CLUSTER, Optional.of(sandbox.bootstrapServers()),
                Optional.empty(), client, new TopicConfig("secured", 1, OptionalInt.empty(), OptionalInt.empty()), PROBE);
        return new FreshConnections(SandboxMonitors.CLUSTER, KafkaClients.connectionCheckConfig(config),
                MicroClock.system());
    }

    @Test
    void withoutWriteOnTheTopicTheLogSaysWhichAclToGrant() {
        try (LogCapture log = new LogCapture()) {
            ClusterMonitor monitor = monitor("nowrite", client("vigil-nowrite", SECRET, true));
            await().atMost(Duration.ofSeconds(60)).until(() -> monitor.snapshot().total().produceFailures() > 0);
            assertThat(monitor.errors().lastError(-1).or(() -> monitor.errors().lastError(1)))
                    .get().extracting(e -> e.errorClass()).isEqualTo("ClusterAuthorizationException");
            // Refused its producer id, which since Kafka 3.0 WRITE on a topic grants: the line says so.
            await().atMost(Duration.ofSeconds(10)).until(() -> log.lines().stream().anyMatch(l -> l.startsWith("WARN ")
                    && l.contains("produce probe failing: ClusterAuthorizationException")
                    && l.endsWith("(grant WRITE on topic nowrite to Vigil's principal: the idempotent producer needs it"
                            + " for its producer id)")));
            assertThat(log.lines()).noneMatch(l -> l.contains(SECRET));
        }
    }

    @Test
    void aWrongPasswordIsUnreachableWithWhatToCheck() {
        ClusterMonitor monitor = monitor("secured", client("vigil", "not-the-password", true));
        await().atMost(Duration.ofSeconds(60)).until(() -> monitor.status() == ClusterMonitor.Status.UNREACHABLE);
        assertThat(monitor.reason()).startsWith("SaslAuthenticationException: ")
                .endsWith("(check sasl.mechanism and the user and password in sasl.jaas.config of the cluster's"
                        + " \"client\" section)")
                .doesNotContain("not-the-password");
    }

    @Test
    void anUntrustedCertificateIsUnreachableWithWhatToCheck() {
        ClusterMonitor monitor = monitor("secured", client("vigil", SECRET, false));
        await().atMost(Duration.ofSeconds(60)).until(() -> monitor.status() == ClusterMonitor.Status.UNREACHABLE);
        assertThat(monitor.reason()).startsWith("SslAuthenticationException: ")
                .endsWith("(check the TLS settings of the cluster's \"client\" section: ssl.truststore.* must trust the"
                        + " brokers' certificates, and security.protocol match the listener)");
    }

    private ClusterMonitor monitor(String topic, Map<String, String> client) {
        return monitor(topic, client, new MetricRegistry());
    }

    private ClusterMonitor monitor(String topic, Map<String, String> client, MetricRegistry registry) {
        ClusterConfig config = new ClusterConfig(SandboxMonitors.CLUSTER, Optional.of(sandbox.bootstrapServers()),
                Optional.empty(), client, new TopicConfig(topic, 1, OptionalInt.empty(), OptionalInt.empty())
                .withManagement(TopicManagement.MANAGE, STABLE, INTERVAL), PROBE);
        // a commit every probe interval, not every 5 s, so the commits awaited come quickly
        config = config.withOffsetCommit(config.offsetCommit().withTiming(PROBE.interval(), config.offsetCommit().sla()));
        ClusterMonitor monitor = new ClusterMonitor(config, sandbox.bootstrapServers(), MicroClock.system(), registry);
        monitors.add(monitor);
        monitor.start();
        return monitor;
    }

    /** The client section an operator writes for SASL/SCRAM over TLS; without the truststore when asked. */
    private static Map<String, String> client(String user, String password, boolean trustTheBroker) {
        Map<String, String> client = new java.util.LinkedHashMap<>(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + user + "\" password=\"" + password + "\";"));
        if (trustTheBroker) {
            client.put("ssl.truststore.location", tls.truststore().toString());
            client.put("ssl.truststore.password", tls.password());
            client.put("ssl.truststore.type", "PKCS12");
        }
        return client;
    }

    private static ResourcePattern topic(String name) {
        return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
    }

    private static ResourcePattern group(String name) {
        return new ResourcePattern(ResourceType.GROUP, name, PatternType.LITERAL);
    }

    private static ResourcePattern cluster() {
        return new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL);
    }

    private static void grant(String user, ResourcePattern resource, AclOperation... operations) throws Exception {
        List<AclBinding> bindings = new ArrayList<>();
        for (AclOperation operation : operations) {
            bindings.add(new AclBinding(resource, new AccessControlEntry("User:" + user, "*", operation,
                    AclPermissionType.ALLOW)));
        }
        operator.createAcls(bindings).all().get();
    }
}
