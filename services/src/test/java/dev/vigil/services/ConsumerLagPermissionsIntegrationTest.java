package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ConsumerLagConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.lag.LagSnapshot;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.time.MicroClock;
import dev.vigil.sandbox.SandboxCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.TopicPartition;
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
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer group Vigil may not describe, on a sandbox running Kafka's StandardAuthorizer: it is
 * skipped and counted as denied, with one log line naming the grant however many evaluations refuse
 * it, while another group is evaluated; once the ACL goes, it is evaluated too. A topic Vigil may not
 * read leaves its groups' lag in records and none in seconds, with one line naming the grant.
 */
class ConsumerLagPermissionsIntegrationTest {

    private static final String CLUSTER = "lag-acl";
    private static final String TOPIC = "lag-acl-data";
    private static final String DENIED = "lag-acl-denied";
    private static final String ALLOWED = "lag-acl-allowed";

    @Test
    void aGroupVigilMayNotDescribeIsSkippedWithOneLineNamingTheGrant() throws Exception {
        try (SandboxCluster sandbox = DeniableProbe.authorizingSandbox(1);
             Admin admin = Admin.create(sandbox.adminConfig());
             LogCapture log = new LogCapture()) {
            SandboxMonitors.createTopic(admin, new NewTopic(TOPIC, Map.of(0, List.of(sandbox.brokerIds().get(0)))));
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            for (String group : List.of(DENIED, ALLOWED)) {
                admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(0))).all().get();
            }
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, new byte[1])).get();
                }
            }
            AclBinding deny = new AclBinding(new ResourcePattern(ResourceType.GROUP, DENIED, PatternType.LITERAL),
                    new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.DESCRIBE, AclPermissionType.DENY));
            // Vigil may list the topic's offsets but not read its records: lag in records, none in seconds.
            AclBinding noRead = new AclBinding(new ResourcePattern(ResourceType.TOPIC, TOPIC, PatternType.LITERAL),
                    new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.READ, AclPermissionType.DENY));
            // (with an ACL on the topic, allow.everyone.if.no.acl.found no longer speaks for it: DESCRIBE is granted)
            AclBinding describe = new AclBinding(new ResourcePattern(ResourceType.TOPIC, TOPIC, PatternType.LITERAL),
                    new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.DESCRIBE, AclPermissionType.ALLOW));
            admin.createAcls(List.of(deny, noRead, describe)).all().get();
            ClusterConfig config = new ClusterConfig(CLUSTER, Optional.of(sandbox.bootstrapServers()), Optional.empty(),
                    Map.of(), new TopicConfig("lag-acl-probe", 1, OptionalInt.empty(), OptionalInt.empty()),
                    SandboxMonitors.PROBE);
            config = config.withOffsetCommit(config.offsetCommit().withEnabled(false)).withLag(new ConsumerLagConfig(
                    Optional.of(Pattern.compile("lag-acl-.*")), Optional.empty(), Duration.ofSeconds(1), 3, true));
            MetricRegistry registry = new MetricRegistry();
            ClusterMonitor monitor = new ClusterMonitor(config, sandbox.bootstrapServers(), MicroClock.system(), registry);
            monitor.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> lag(monitor).map(s -> s.denied() == 1
                        && s.groups().containsKey(ALLOWED)).orElse(false));
                long first = lag(monitor).orElseThrow().atMillis();
                // refused by three more evaluations, and said once
                await().atMost(Duration.ofSeconds(15)).until(() -> lag(monitor).orElseThrow().atMillis() >= first + 3_000);
                LagSnapshot s = lag(monitor).orElseThrow();
                assertThat(s.denied()).isEqualTo(1);
                assertThat(s.groups()).containsOnlyKeys(ALLOWED);
                assertThat(registry.value(MetricScope.cluster(CLUSTER), LagSnapshot.DENIED, 0)).isEqualTo(1.0);
                assertThat(registry.sources(MetricScope.Type.CONSUMER_GROUP))
                        .doesNotContainKey(MetricScope.consumerGroup(CLUSTER, DENIED));
                assertThat(log.lines()).filteredOn(l -> l.contains("group=" + DENIED)).containsExactly(
                        "WARN cluster=lag-acl group=lag-acl-denied skipped: Vigil may not describe it (grant DESCRIBE"
                                + " on group lag-acl-denied to Vigil's principal)");
                assertThat(s.groups().get(ALLOWED).lagRecords()).isEqualTo(3);
                assertThat(s.groups().get(ALLOWED).lagMicros()).isNaN();
                assertThat(log.lines()).filteredOn(l -> l.contains("topic=" + TOPIC)).containsExactly(
                        "WARN cluster=lag-acl topic=lag-acl-data lag in seconds not read: Vigil may not read it (grant"
                                + " READ on topic lag-acl-data to Vigil's principal)");
                assertThat(monitor.status()).isEqualTo(ClusterMonitor.Status.RUNNING);

                admin.deleteAcls(List.of(deny.toFilter())).all().get();

                await().atMost(Duration.ofSeconds(30)).until(() -> lag(monitor).map(x -> x.denied() == 0
                        && x.groups().containsKey(DENIED)).orElse(false));
            } finally {
                monitor.stop();
                assertThat(monitor.awaitShutdown(Duration.ofSeconds(10))).isTrue();
            }
        }
    }

    private static Optional<LagSnapshot> lag(ClusterMonitor monitor) {
        return monitor.reading().consumerLag();
    }
}
