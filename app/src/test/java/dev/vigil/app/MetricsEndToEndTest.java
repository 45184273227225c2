package dev.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.config.ConfigLoader;
import dev.vigil.sandbox.SandboxCluster;
import dev.vigil.services.mirror.TopicReplicator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Vigil on a real sandbox cluster, scraped by a real Prometheus server (Debian's package, which
 * .ci/run installs): the exposition passes promtool, Prometheus stores the cluster's availability,
 * every query of the Grafana dashboard returns numbers, and it and the shipped alert rules only use
 * metrics Vigil exports. The cluster runs every optional probe (controller, mirror to a second sandbox,
 * where a stand-in for MirrorMaker copies the probe topic) so that the families they add are exported and
 * have numbers.
 */
@RequiresTools({ExternalTool.PROMETHEUS, ExternalTool.PROMTOOL})
class MetricsEndToEndTest {

    private static final Path CONFIG_DIR = Path.of("..", "config");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();

    @RegisterExtension
    static final Teardown teardown = new Teardown();
    @TempDir
    static Path dir;
    private static SandboxCluster source;
    private static SandboxCluster target;
    private static TopicReplicator replicator;
    private static Vigil vigil;
    private static Process prometheus;
    private static int prometheusPort;

    @BeforeAll
    static void start() throws Exception {
        source = teardown.add(SandboxCluster.start(1));
        target = teardown.add(SandboxCluster.start(1));
        vigil = teardown.start(new Vigil(ConfigLoader.parse("""
                {"http.port": 0, "summary.interval.ms": 60000, "prometheus.partition.histograms": true,
                 "clusters": [
                   {"name": "sb", "bootstrap.servers": "%s", "replication.factor": 1, "topic": "vigil_probe",
                    "probe.interval.ms": 250, "controller.probe": true, "mirror": {"to": "dr"},
                    "consumer.groups.include": "vigil-commit.*", "lag.interval.ms": 1000,
                    "lag.partition.metrics": true},
                   {"name": "dr", "bootstrap.servers": "%s", "replication.factor": 1, "probe.interval.ms": 1000}]}"""
                .formatted(source.bootstrapServers(), target.bootstrapServers()), "test.json")));
        // MirrorMaker's part, so that the dashboard's mirror panels have numbers
        replicator = new TopicReplicator("sb", "vigil_probe", Map.of("bootstrap.servers", source.bootstrapServers()),
                Map.of("bootstrap.servers", target.bootstrapServers()));
        teardown.add(replicator::stop);
        replicator.start();
        prometheusPort = freePort();
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: vigil
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(vigil.httpPort()));
        prometheus = new ProcessBuilder(ExternalTool.PROMETHEUS.path().toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        teardown.add(() -> {
            prometheus.destroy();
            prometheus.waitFor(10, TimeUnit.SECONDS);
        });
    }

    @Test
    void prometheusScrapesTheClusterAvailability() throws Exception {
        String query = "vigil_produce_availability_ratio{cluster=\"sb\",job=\"vigil\"}";
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode result = prometheusQuery(query).get("data").get("result");
            assertThat(result).hasSize(1);
            assertThat(result.get(0).get("value").get(1).asText()).isEqualTo("1");
        });
        JsonNode buckets = prometheusQuery("sum by (le) (vigil_e2e_latency_seconds_bucket{cluster=\"sb\"})")
                .get("data").get("result");
        assertThat(buckets.size()).isGreaterThanOrEqualTo(17); // every bound plus +Inf, summable across scrapes
    }

    @Test
    void prometheusScrapesVigilsOwnBuildInfoJvmAndFreshness() throws Exception {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode build = prometheusQuery("vigil_build_info{job=\"vigil\"}").get("data").get("result");
            assertThat(build).hasSize(1);
            assertThat(build.get(0).get("metric").get("version").asText()).isEqualTo(BuildInfo.vigilVersion()).endsWith("SNAPSHOT");
            assertThat(build.get(0).get("metric").get("kafka_clients").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
            JsonNode heap = prometheusQuery("jvm_memory_used_bytes{area=\"heap\",job=\"vigil\"}").get("data").get("result");
            assertThat(heap).hasSize(1);
            assertThat(Double.parseDouble(heap.get(0).get("value").get(1).asText())).isPositive();
            JsonNode started = prometheusQuery("process_start_time_seconds{job=\"vigil\"}").get("data").get("result");
            assertThat(Double.parseDouble(started.get(0).get("value").get(1).asText()))
                    .isBetween(ManagementFactory.getRuntimeMXBean().getStartTime() / 1e3 - 1,
                            ManagementFactory.getRuntimeMXBean().getStartTime() / 1e3 + 1);
            JsonNode fresh = prometheusQuery("vigil_verdict_age_seconds{cluster=\"sb\",kind=\"produce\"}"
                    + " < on (cluster, kind) vigil_verdict_age_bound_seconds").get("data").get("result");
            assertThat(fresh).hasSize(1);
            JsonNode errors = prometheusQuery("vigil_internal_errors_total{cluster=\"sb\",task=\"harvest\"}")
                    .get("data").get("result");
            assertThat(errors.get(0).get("value").get(1).asText()).isEqualTo("0");
        });
    }

    @Test
    void jolokiaReadsTheClusterMBeanAndRefusesWriteAndExec() throws Exception {
        String bean = "vigil:type=cluster,cluster=sb";
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            JsonNode read = JSON.readTree(get("/jolokia/read/" + bean + "/produceAvailability"));
            assertThat(read.get("status").asInt()).isEqualTo(200);
            assertThat(read.get("value").asDouble()).isEqualTo(1.0);
        });
        JsonNode write = JSON.readTree(get("/jolokia/write/" + bean + "/produceAvailability/0"));
        assertThat(write.get("status").asInt()).isEqualTo(403);
        JsonNode exec = JSON.readTree(get("/jolokia/exec/java.lang:type=Memory/gc"));
        assertThat(exec.get("status").asInt()).isEqualTo(403);
        JsonNode slo = JSON.readTree(get("/jolokia/read/vigil:type=slo,cluster=sb,sli=produce/objectiveRatio"));
        assertThat(slo.get("value").asDouble()).isEqualTo(0.999);
    }

    @Test
    void expositionPassesPromtool() throws Exception {
        // partition histograms asked for: the monitor keeps its partitions' latency since start (it does not by default)
        Pattern partitionCount = Pattern.compile("vigil_partition_e2e_latency_seconds_count\\{cluster=\"sb\",partition=\"0\",[^}]*} ([0-9]+)");
        AtomicReference<String> exposition = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(120)).ignoreExceptionsInstanceOf(HttpTimeoutException.class).until(() -> {
            exposition.set(scrape());
            return exposition.get().contains("vigil_broker_e2e_latency_seconds_bucket")
                    && exposition.get().contains("vigil_consumer_group_partition_status{") // lag.partition.metrics
                    && partitionCount.matcher(exposition.get()).results().anyMatch(m -> Long.parseLong(m.group(1)) > 0);
        });
        Path metrics = Files.writeString(dir.resolve("metrics.txt"), exposition.get());
        Process check = new ProcessBuilder(ExternalTool.PROMTOOL.path().toString(), "check", "metrics")
                .redirectInput(metrics.toFile()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as(output).isZero();
    }

    @Test
    void alertRulesAndDashboardUseOnlyExportedMetrics() throws Exception {
        Path rules = CONFIG_DIR.resolve("prometheus/alerts.yml");
        // The consumer-group families exist once a group is evaluated: Vigil's own offset-commit group is.
        AtomicReference<String> exposition = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(120)).ignoreExceptionsInstanceOf(HttpTimeoutException.class).until(() -> {
            exposition.set(scrape());
            return exposition.get().contains("vigil_slo_burn_rate_5m") && exposition.get().contains("vigil_consumer_group_status");
        });
        Set<String> exported = metricNames(exposition.get());
        assertThat(exported).containsAll(referencedMetrics(Files.readString(rules)));
        assertThat(exported).containsAll(referencedMetrics(
                Files.readString(CONFIG_DIR.resolve("grafana/vigil-dashboard.json"))));
    }

    @Test
    void everyDashboardPanelQueryReturnsData() throws Exception {
        GrafanaDashboard dashboard = GrafanaDashboard.read();
        // the cluster variable's values, from the query Grafana runs for it
        assertThat(dashboard.variable("cluster").get("definition").asText()).isEqualTo("label_values(vigil_reachable, cluster)");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(prometheusGet("/api/v1/label/cluster/values?match%5B%5D=vigil_reachable").get("data"))
                        .extracting(JsonNode::asText).containsExactly("dr", "sb"));
        // "All" of a multi-value variable goes into a regex matcher as (a|b); $__rate_interval is 4 scrape
        // intervals of Grafana's default 15 s; $__range is the dashboard's default hour
        Map<String, String> variables = Map.of("cluster", "(dr|sb)", "__rate_interval", "1m", "__range", "1h");
        List<GrafanaDashboard.Query> queries = dashboard.queries();
        assertThat(queries).hasSize(42);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(replicator.failure()).as("MirrorMaker's stand-in, whose copies the mirror panels show").isEmpty();
            List<String> noData = new ArrayList<>();
            for (GrafanaDashboard.Query query : queries) {
                String promql = query.filledIn(variables);
                JsonNode response = prometheusQuery(promql);
                assertThat(response.get("status").asText()).as(promql + ": " + response).isEqualTo("success");
                boolean hasNumber = false;
                for (JsonNode series : response.get("data").get("result")) {
                    hasNumber |= Double.isFinite(Double.parseDouble(series.get("value").get(1).asText()));
                }
                if (!hasNumber) {
                    noData.add(query.panel() + " " + query.refId() + ": " + promql + " -> " + response.get("data").get("result"));
                }
            }
            assertThat(noData).as("panel queries without a number").isEmpty();
        });
    }

    private static Set<String> metricNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                String name = parts[2];
                names.add(name);
                if (parts[3].equals("histogram")) {
                    names.add(name + "_bucket");
                    names.add(name + "_sum");
                    names.add(name + "_count");
                }
                if (parts[3].equals("counter") && !name.endsWith("_total")) {
                    names.add(name + "_total");
                }
            }
        }
        return names;
    }

    /** vigil_ metric names in a rules file or dashboard; recording rules (vigil:...) are not metrics. */
    private static Set<String> referencedMetrics(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![a-z:_])vigil_[a-z0-9_]+").matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /**
     * Vigil's exposition. On a loaded machine one can take longer than {@link VigilHttp}'s 10 s (Prometheus
     * scrapes the same server every second), so the waits ask again after a timeout rather than fail on it.
     */
    private static String scrape() throws IOException, InterruptedException {
        return get("/metrics");
    }

    private static String get(String path) throws IOException, InterruptedException {
        return VigilHttp.get(vigil, path).body();
    }

    private static JsonNode prometheusQuery(String promql) throws IOException, InterruptedException {
        return prometheusGet("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    private static JsonNode prometheusGet(String pathAndQuery) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + prometheusPort + pathAndQuery);
        return JSON.readTree(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
