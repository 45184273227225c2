package dev.vigil.webui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.config.HttpConfig;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.stats.ScopeMetrics;
import dev.vigil.core.time.ManualClock;
import dev.vigil.reporters.prometheus.LatencyBuckets;
import dev.vigil.reporters.prometheus.PrometheusExporter;
import dev.vigil.webui.dashboard.Dashboard;
import dev.vigil.webui.dashboard.FixedClusters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The web server's endpoints over real HTTP, on a free loopback port. */
class WebServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MetricRegistry registry = new MetricRegistry();
    private static final List<ComponentHealth> health = new CopyOnWriteArrayList<>();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static WebServer server;

    @BeforeAll
    static void start() {
        registry.register(MetricScope.cluster("prod"), now -> List.of(
                ScopeMetrics.PRODUCE_AVAILABILITY.value(1.0)));
        server = new WebServer(new HttpConfig("127.0.0.1", 0, List.of("https://allowed.example")),
                new PrometheusExporter(registry, new ManualClock(0), new LatencyBuckets(), false), () -> List.copyOf(health),
                new Dashboard(new FixedClusters(), new ManualClock(0)));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void metricsAreThePrometheusTextFormat() throws Exception {
        HttpResponse<String> r = get("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.body()).contains("vigil_produce_availability_ratio{cluster=\"prod\"} 1.0\n");
    }

    @Test
    void healthIsLiveUnlessAMonitorBrokeAndReadyOnlyWhenAllProbe() throws Exception {
        health.clear();
        health.add(new ComponentHealth("a", true, true, "RUNNING", "probing"));
        health.add(new ComponentHealth("b", true, false, "UNREACHABLE", "TimeoutException"));
        assertThat(get("/health").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(ready.body());
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        assertThat(body.get("clusters").get(1).get("reason").asText()).isEqualTo("TimeoutException");

        health.set(1, new ComponentHealth("b", false, false, "FAILED", "produce probe stopped unexpectedly"));
        assertThat(get("/health").statusCode()).isEqualTo(503);

        health.set(1, new ComponentHealth("b", true, true, "RUNNING", "probing"));
        assertThat(get("/ready").statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(get("/health").body()).get("status").asText()).isEqualTo("UP");
    }

    /**
     * A monitor that failed (a probe thread died) fails liveness, so that a restart can help, and
     * readiness; both say which cluster and why to a local caller. With no cluster at all, neither passes.
     */
    @Test
    void aFailedMonitorFailsLivenessAndReadinessAndSaysWhy() throws Exception {
        health.clear();
        health.add(new ComponentHealth("a", true, true, "RUNNING", "probing"));
        health.add(new ComponentHealth("b", false, false, "FAILED", "produce probe stopped unexpectedly"));
        for (String path : List.of("/health", "/ready")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(503);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("status").asText()).as(path).isEqualTo("DOWN");
            assertThat(body.get("clusters")).as(path).hasSize(2);
            JsonNode b = body.get("clusters").get(1);
            assertThat(List.of(b.get("name").asText(), b.get("status").asText(), b.get("reason").asText()))
                    .as(path).containsExactly("b", "FAILED", "produce probe stopped unexpectedly");
            assertThat(b.get("live").asBoolean()).as(path).isFalse();
        }

        health.clear();
        assertThat(get("/health").statusCode()).isEqualTo(503);
        assertThat(get("/ready").statusCode()).isEqualTo(503);
        health.add(new ComponentHealth("a", true, true, "RUNNING", "probing"));
    }

    @Test
    void jolokiaReadsButRefusesWritesAndOperations() throws Exception {
        HttpResponse<String> read = get("/jolokia/read/java.lang:type=Memory/HeapMemoryUsage/used");
        assertThat(JSON.readTree(read.body()).get("status").asInt()).isEqualTo(200);
        assertThat(JSON.readTree(read.body()).get("value").asLong()).isPositive();
        assertThat(JSON.readTree(get("/jolokia/version").body()).get("status").asInt()).isEqualTo(200);
        assertThat(JSON.readTree(get("/jolokia/search/java.lang:type=*").body()).get("status").asInt()).isEqualTo(200);

        boolean verbose = ManagementFactory.getMemoryMXBean().isVerbose();
        JsonNode write = JSON.readTree(get("/jolokia/write/java.lang:type=Memory/Verbose/" + !verbose).body());
        assertThat(write.get("status").asInt()).isEqualTo(403);
        assertThat(ManagementFactory.getMemoryMXBean().isVerbose()).isEqualTo(verbose);

        JsonNode exec = JSON.readTree(post("/jolokia", "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}").body());
        assertThat(exec.get("status").asInt()).isEqualTo(403);
        assertThat(exec.toString()).doesNotContain("\tat ");
    }

    @Test
    void corsOnlyForConfiguredOrigins() throws Exception {
        String path = "/jolokia/version";
        HttpResponse<String> allowed = get(path, "https://allowed.example");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://allowed.example");

        HttpResponse<String> other = get(path, "https://evil.example");
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(JSON.readTree(other.body()).get("status").asInt()).isEqualTo(403);

        for (String origin : List.of("https://allowed.example", "https://evil.example")) {
            HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/jolokia")).method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
                    .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).as(origin)
                    .isEqualTo(origin.contains("allowed") ? java.util.Optional.of(origin) : java.util.Optional.empty());
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).as(origin).isNotEqualTo(java.util.Optional.of("*"));
        }
    }

    @Test
    void everyResponseCarriesSecurityHeaders() throws Exception {
        for (String path : List.of("/", "/api/v1/clusters", "/metrics", "/health", "/jolokia/version", "/nope")) {
            HttpResponse<String> r = get(path);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).get().asString()
                    .contains("frame-ancestors 'none'");
        }
        assertThat(get("/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void aPortInUseIsOneClearError() {
        WebServer second = new WebServer(new HttpConfig("127.0.0.1", server.port(), List.of()),
                new PrometheusExporter(registry, new ManualClock(0), new LatencyBuckets(), false), List::of,
                new Dashboard(new FixedClusters(), new ManualClock(0)));
        Throwable error = org.assertj.core.api.Assertions.catchThrowable(second::start);
        assertThat(error).hasMessageStartingWith("cannot listen on 127.0.0.1:" + server.port())
                .hasMessageEndingWith("(set \"http.port\" to a free port, or stop what uses it)");
        assertThat(error.getMessage()).doesNotContain("\n");
    }

    @Test
    void responsesAreGzippedForClientsThatAcceptIt() throws Exception {
        HttpResponse<String> plain = get("/dashboard.js");
        HttpResponse<byte[]> zipped = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/dashboard.js")).header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(zipped.statusCode()).isEqualTo(200);
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(zipped.headers().firstValue("Content-Security-Policy")).isPresent();
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(plain.body());
        }
        assertThat(zipped.body().length).isLessThan(plain.body().length() / 2);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return get(path, null);
    }

    private static HttpResponse<String> get(String path, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
