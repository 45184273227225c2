package dev.vigil.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String FULL = """
            {
              "summary.interval.ms": 15000,
              "clusters": [
                {
                  "name": "prod-eu",
                  "bootstrap.servers": "kafka1:9092, kafka2:9092,[::1]:9093",
                  "client": {
                    "security.protocol": "SASL_SSL",
                    "sasl.mechanism": "SCRAM-SHA-512",
                    "sasl.jaas.config": "org.apache.kafka.common.security.scram.ScramLoginModule required username=\\"vigil\\" password=\\"hunter2\\";",
                    "ssl.keystore.password": "ks-secret-1",
                    "ssl.key.password": "key-secret-2",
                    "sasl.oauthbearer.token.endpoint.url": "https://idp.example.com/token"
                  },
                  "topic": "vigil-probe",
                  "partitions.per.broker": 4,
                  "replication.factor": 3,
                  "min.insync.replicas": 2,
                  "probe.interval.ms": 500,
                  "record.size.bytes": 256,
                  "produce.ack.sla.ms": 2000,
                  "e2e.sla.ms": 4000,
                  "loss.grace.ms": 60000,
                  "window.ms": 120000,
                  "window.slices": 12,
                  "topic.management": "report-only",
                  "topic.rebalance.stable.ms": 30000,
                  "topic.rebalance.interval.ms": 600000,
                  "cluster.state.interval.ms": 5000,
                  "offset.commit.probe": false,
                  "offset.commit.group.id": "vigil-commits",
                  "offset.commit.interval.ms": 2000,
                  "offset.commit.sla.ms": 1500,
                  "controller.probe": true,
                  "controller.probe.interval.ms": 20000,
                  "controller.probe.sla.ms": 5000,
                  "connection.check.interval.ms": 15000,
                  "connection.check.timeout.ms": 4000,
                  "consumer.groups.include": "payments-.*|orders",
                  "consumer.groups.exclude": "payments-tmp-.*",
                  "lag.interval.ms": 5000,
                  "lag.window": 12,
                  "lag.seconds": "off",
                  "lag.partition.metrics": true,
                  "lag.max.group.partitions": 5000
                }
              ]
            }
            """;

    @Test
    void fullConfigParsesEveryValue() {
        VigilConfig config = ConfigLoader.parse(FULL, "full.json");

        assertThat(config.summaryInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.clusters()).hasSize(1);
        ClusterConfig cluster = config.clusters().get(0);
        assertThat(cluster.name()).isEqualTo("prod-eu");
        assertThat(cluster.offsetCommit()).isEqualTo(new OffsetCommitConfig(false, "vigil-commits",
                Duration.ofSeconds(2), Duration.ofMillis(1500)));
        assertThat(cluster.controller()).isEqualTo(new ControllerProbeConfig(true, Duration.ofSeconds(20),
                Duration.ofSeconds(5)));
        assertThat(cluster.connectionCheck()).isEqualTo(new ConnectionCheckConfig(true, Duration.ofSeconds(15),
                Duration.ofSeconds(4)));
        assertThat(cluster.lag()).isEqualTo(new ConsumerLagConfig(Optional.of(Pattern.compile("payments-.*|orders")),
                Optional.of(Pattern.compile("payments-tmp-.*")), Duration.ofSeconds(5), 12, false, true, 5000));
        assertThat(cluster.lag().evaluates("payments-eu")).isTrue();
        assertThat(cluster.lag().evaluates("orders")).isTrue();
        assertThat(cluster.lag().evaluates("payments-tmp-1")).as("excluded").isFalse();
        assertThat(cluster.lag().evaluates("orders-replay")).as("matched as a whole only").isFalse();
        assertThat(cluster.bootstrapServers()).contains("kafka1:9092,kafka2:9092,[::1]:9093");
        assertThat(cluster.sandbox()).isEmpty();
        assertThat(cluster.isSandbox()).isFalse();
        assertThat(cluster.client()).containsExactly(
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"vigil\" password=\"hunter2\";"),
                Map.entry("ssl.keystore.password", "ks-secret-1"),
                Map.entry("ssl.key.password", "key-secret-2"),
                Map.entry("sasl.oauthbearer.token.endpoint.url", "https://idp.example.com/token"));
        assertThat(cluster.topic()).isEqualTo(new TopicConfig("vigil-probe", 4, OptionalInt.of(3), OptionalInt.of(2),
                TopicManagement.REPORT_ONLY, Duration.ofSeconds(30), Duration.ofMinutes(10)));
        assertThat(cluster.probe()).isEqualTo(new ProbeConfig(Duration.ofMillis(500), 256, Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(60), Duration.ofSeconds(120), 12, Duration.ofSeconds(5)));
        assertThat(cluster.probe().slice()).isEqualTo(Duration.ofSeconds(10));
        assertThat(cluster.probe().deliveryTimeout()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void minimalSandboxConfigGetsEveryDefault() {
        VigilConfig config = ConfigLoader.parse("""
                {"clusters": [{"name": "sandbox", "sandbox": {}}]}
                """, "min.json");

        assertThat(config.summaryInterval()).isEqualTo(Duration.ofSeconds(10));
        ClusterConfig cluster = config.clusters().get(0);
        assertThat(cluster.bootstrapServers()).isEmpty();
        assertThat(cluster.sandbox()).contains(new SandboxConfig(3));
        assertThat(cluster.isSandbox()).isTrue();
        assertThat(cluster.client()).isEmpty();
        assertThat(cluster.topic()).isEqualTo(new TopicConfig("__vigil_probe", 2, OptionalInt.empty(), OptionalInt.empty(),
                TopicManagement.MANAGE, Duration.ofSeconds(60), Duration.ofMinutes(5)));
        assertThat(cluster.probe()).isEqualTo(new ProbeConfig(Duration.ofSeconds(1), 100, Duration.ofSeconds(3),
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60), 6, Duration.ofSeconds(10)));
        assertThat(cluster.topic()).isEqualTo(TopicConfig.defaults());
        assertThat(cluster.probe()).isEqualTo(ProbeConfig.defaults());
        assertThat(cluster.probe().slice()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.http()).isEqualTo(new HttpConfig("127.0.0.1", 8000, List.of()));
        assertThat(config.slo()).isEqualTo(new SloConfig(0.999, Duration.ofSeconds(1), false));
        assertThat(config.xinfraCompat()).isFalse();
        assertThat(config.partitionHistograms()).isFalse();
    }

    @Test
    void reportingKeysAreRead() {
        VigilConfig config = ConfigLoader.parse("""
                {"http.host": "0.0.0.0", "http.port": 9100, "jolokia.cors.origins": ["https://hawtio.example.com:8443"],
                 "http.allowed.hosts": ["vigil.monitoring.svc", "10.0.0.7"], "http.insecure.expose": true,
                 "slo.availability": 0.995, "slo.e2e.p99.ms": 250, "slo.exclude.planned": true,
                 "jmx.xinfra.compat": true,
                 "prometheus.partition.histograms": true,
                 "clusters": [{"name": "sandbox", "sandbox": {}}]}
                """, "reporting.json");

        assertThat(config.http()).isEqualTo(new HttpConfig("0.0.0.0", 9100, List.of("https://hawtio.example.com:8443"),
                HttpConfig.Security.NONE, List.of("vigil.monitoring.svc", "10.0.0.7"), true));
        assertThat(config.http().exposedInsecurely()).isTrue();
        assertThat(config.slo()).isEqualTo(new SloConfig(0.995, Duration.ofMillis(250), true));
        assertThat(config.xinfraCompat()).isTrue();
        assertThat(config.partitionHistograms()).isTrue();
    }

    @Test
    void severalClustersKeepTheirOrderAndOwnSettings() {
        VigilConfig config = ConfigLoader.parse("""
                {"clusters": [
                  {"name": "prod-eu", "bootstrap.servers": "kafka1:9092", "probe.interval.ms": 2000},
                  {"name": "prod-us", "bootstrap.servers": "kafka.us.example.com:9094", "topic": "probe.us"},
                  {"name": "sandbox", "sandbox": {"brokers": 1}, "replication.factor": 1}
                ]}
                """, "multi.json");

        assertThat(config.clusters()).extracting(ClusterConfig::name).containsExactly("prod-eu", "prod-us", "sandbox");
        assertThat(config.clusters().get(0).probe().interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.clusters().get(1).probe().interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.clusters().get(1).topic().name()).isEqualTo("probe.us");
        assertThat(config.clusters().get(1).bootstrapServers()).isEqualTo(Optional.of("kafka.us.example.com:9094"));
        assertThat(config.clusters().get(2).sandbox()).contains(new SandboxConfig(1));
        assertThat(config.clusters().get(2).topic().replicationFactor()).hasValue(1);
    }

    @Test
    void mirrorDefaultsToMirrorMakerNamingUnderTheSourceAlias() {
        VigilConfig config = ConfigLoader.parse("""
                {"clusters": [
                  {"name": "eu", "bootstrap.servers": "k1:9092", "topic": "vigil_probe", "mirror": {"to": "dr"}},
                  {"name": "us", "bootstrap.servers": "k2:9092", "produce.ack.sla.ms": 2000,
                   "mirror": {"to": "dr", "source.alias": "primary", "sla.ms": 5000}},
                  {"name": "ap", "bootstrap.servers": "k3:9092",
                   "mirror": {"to": "dr", "topic": "ap-copy", "loss.grace.ms": 60000}},
                  {"name": "dr", "bootstrap.servers": "k4:9092"}
                ]}
                """, "mirror.json");

        assertThat(config.clusters().get(0).mirror()).contains(
                new MirrorConfig("dr", "eu.vigil_probe", Duration.ofSeconds(30), Duration.ofMinutes(5)));
        assertThat(config.clusters().get(1).mirror()).contains(
                new MirrorConfig("dr", "primary.__vigil_probe", Duration.ofSeconds(5), Duration.ofMinutes(5)));
        assertThat(config.clusters().get(2).mirror()).contains(
                new MirrorConfig("dr", "ap-copy", Duration.ofSeconds(30), Duration.ofMinutes(1)));
        assertThat(config.clusters().get(3).mirror()).isEmpty();
    }

    @Test
    void clientNumbersAndBooleansBecomeStringsAsWritten() {
        VigilConfig config = ConfigLoader.parse("""
                {"clusters": [{"name": "c", "bootstrap.servers": "k:9092", "client": {
                  "request.timeout.ms": 15000,
                  "allow.auto.create.topics": true,
                  "retry.backoff.ms": 1.50,
                  "client.id": "vigil-test"
                }}]}
                """, "client.json");

        assertThat(config.clusters().get(0).client()).containsExactly(
                Map.entry("request.timeout.ms", "15000"),
                Map.entry("allow.auto.create.topics", "true"),
                Map.entry("retry.backoff.ms", "1.50"),
                Map.entry("client.id", "vigil-test"));
    }

    @Test
    void redactedClientHidesSecretsAndKeepsTheRest() {
        ClusterConfig cluster = ConfigLoader.parse(FULL, "full.json").clusters().get(0);

        assertThat(cluster.redactedClient()).containsExactly(
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                Map.entry("sasl.jaas.config", "[redacted]"),
                Map.entry("ssl.keystore.password", "[redacted]"),
                Map.entry("ssl.key.password", "[redacted]"),
                Map.entry("sasl.oauthbearer.token.endpoint.url", "https://idp.example.com/token"));
    }

    @Test
    void toStringNeverShowsASecret() {
        VigilConfig config = ConfigLoader.parse(FULL, "full.json");

        assertThat(config.toString())
                .contains("prod-eu", "SCRAM-SHA-512", "[redacted]")
                .doesNotContain("hunter2", "ks-secret-1", "key-secret-2");
        assertThat(config.clusters().get(0).toString()).doesNotContain("hunter2", "ks-secret-1", "key-secret-2");
    }

    @Test
    void configIsImmutable() {
        VigilConfig config = ConfigLoader.parse(FULL, "full.json");

        assertThat(config.clusters()).isUnmodifiable();
        assertThat(config.clusters().get(0).client()).isUnmodifiable();
    }

    @Test
    void wholeNumbersMayBeWrittenAsDecimals() {
        ProbeConfig probe = ConfigLoader.parse("""
                {"clusters": [{"name": "c", "sandbox": {}, "probe.interval.ms": 2000.0, "record.size.bytes": 1e3}]}
                """, "decimal.json").clusters().get(0).probe();

        assertThat(probe.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(probe.recordSizeBytes()).isEqualTo(1000);
    }

    @Test
    void fileThatIsNotUtf8IsReportedInOneLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("latin1.json");
        Files.write(file, new byte[] {'{', '"', (byte) 0xE9, '"', ':', '1', '}'});

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": not valid UTF-8 text; save the config file as UTF-8");
    }

    @Test
    void loadReadsAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vigil.json");
        Files.writeString(file, FULL);

        assertThat(ConfigLoader.load(file)).isEqualTo(ConfigLoader.parse(FULL, "full.json"));
    }

    @Test
    void offsetCommitProbeDefaultsFollowTheClusterTopicButNotTheProbeInterval() {
        VigilConfig config = ConfigLoader.parse("{\"clusters\": [{\"name\": \"a\", \"sandbox\": {},"
                + " \"topic\": \"t1\", \"probe.interval.ms\": 500}, {\"name\": \"b\", \"sandbox\": {}}]}", "d.json");

        // A commit every 5 s whatever the probe interval: 10 a second at 100 ms probes cost a third of the bare
        // clients' CPU and paged no sooner (OffsetCommitConfig.DEFAULT_INTERVAL_MS).
        assertThat(config.clusters().get(0).offsetCommit()).isEqualTo(new OffsetCommitConfig(true, "vigil-commit.t1.a",
                Duration.ofSeconds(5), Duration.ofSeconds(3)));
        assertThat(config.clusters().get(1).offsetCommit().groupId()).isEqualTo("vigil-commit.__vigil_probe.b");
        assertThat(config.clusters().get(1).offsetCommit().interval()).isEqualTo(Duration.ofSeconds(5));
        // The config built in code has the same defaults as the one read from a file.
        assertThat(config.clusters().get(1).offsetCommit()).isEqualTo(OffsetCommitConfig.defaults("b", "__vigil_probe"));
        // The controller probe changes the cluster's metadata: never without being asked.
        assertThat(config.clusters().get(1).controller()).isEqualTo(new ControllerProbeConfig(false,
                Duration.ofSeconds(30), Duration.ofSeconds(10)));
        // Lag evaluation reads other applications' groups: none without being asked, nor series per partition.
        assertThat(config.clusters().get(1).lag()).isEqualTo(new ConsumerLagConfig(Optional.empty(), Optional.empty(),
                Duration.ofSeconds(10), 10, true, false, 100_000));
        assertThat(config.clusters().get(1).lag().evaluates("any")).isFalse();
    }

    @Test
    void connectionCheckIsOnByDefaultAndOffByItsSwitchOrAZeroInterval() {
        VigilConfig config = ConfigLoader.parse("{\"clusters\": [{\"name\": \"a\", \"sandbox\": {}},"
                + " {\"name\": \"b\", \"sandbox\": {}, \"connection.check\": false},"
                + " {\"name\": \"c\", \"sandbox\": {}, \"connection.check.interval.ms\": 0}]}", "d.json");

        assertThat(config.clusters().get(0).connectionCheck()).isEqualTo(new ConnectionCheckConfig(true,
                Duration.ofSeconds(30), Duration.ofSeconds(10)));
        assertThat(config.clusters().get(1).connectionCheck().enabled()).isFalse();
        assertThat(config.clusters().get(2).connectionCheck().enabled()).isFalse();
    }
}
