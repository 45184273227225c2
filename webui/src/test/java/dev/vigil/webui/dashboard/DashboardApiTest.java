package dev.vigil.webui.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.episodes.Episode;
import dev.vigil.core.episodes.EpisodeKind;
import dev.vigil.core.episodes.EpisodesSnapshot;
import dev.vigil.core.lag.CommitSample;
import dev.vigil.core.lag.GroupLag;
import dev.vigil.core.lag.LagSnapshot;
import dev.vigil.core.lag.LagStatus;
import dev.vigil.core.lag.PartitionLag;
import dev.vigil.core.time.ManualClock;
import dev.vigil.webui.WebServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static dev.vigil.webui.dashboard.Reports.broker;
import static dev.vigil.webui.dashboard.Reports.healthyBrokers;
import static dev.vigil.webui.dashboard.Reports.partitions;
import static dev.vigil.webui.dashboard.Reports.running;
import static dev.vigil.webui.dashboard.Reports.state;
import static dev.vigil.webui.dashboard.Reports.totals;
import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's JSON API and static files over real HTTP, fed by clusters the test sets. */
class DashboardApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final FixedClusters clusters = new FixedClusters();
    private static final ManualClock clock = new ManualClock(1_700_000_000_000_000L);
    private static FixedClusters.RecordingControls sandbox;
    @RegisterExtension
    static final DashboardServers servers = new DashboardServers();
    private static WebServer server;

    @BeforeAll
    static void start() {
        clusters.put(running("prod", healthyBrokers(), partitions(), state(3, 0)), totals(6, 0, 0, 0, 0));
        clusters.put(running("sandbox", List.of(broker(1, true, 0, null), broker(2, false, 2, "TimeoutException"),
                broker(3, true, 0, null)), partitions(1, 4), state(2, 6)), totals(6, 0, 0, 0, 0));
        sandbox = clusters.sandbox("sandbox", 3);
        clusters.putGroups("prod", new LagSnapshot(1_700_000_000_000L, Map.of("payments", GroupLag.of("payments",
                "Empty", 0, List.of(new PartitionLag("orders", 0, 90, 100, 10, LagStatus.STOP, 12_500_000.0,
                        List.of(new CommitSample(90, 1_699_999_990_000L, 0))),
                        new PartitionLag("orders", 1, 50, 50, 0, LagStatus.OK, 0.0, List.of())))), 1, 2, 7));
        long t0 = clock.nowMicros();
        clusters.putEpisodes("prod", new EpisodesSnapshot(
                List.of(new Episode(Episode.Subject.BROKER, 2, t0 - 1_500_000, OptionalLong.empty(), 7,
                        Map.of("TimeoutException", 4L), 1, EpisodeKind.UNPLANNED, "7 probes failed", -1)),
                List.of(new Episode(Episode.Subject.BROKER, 3, t0 - 60_000_000, OptionalLong.of(t0 - 50_000_000), 0,
                        Map.of(), 2, EpisodeKind.PLANNED, "a controlled shutdown", -1)),
                Map.of(EpisodeKind.PLANNED, 1L), Map.of(EpisodeKind.PLANNED, 10_000_000L),
                Map.of(EpisodeKind.UNPLANNED, 1L), 4, 0));
        Dashboard dashboard = new Dashboard(clusters, clock);
        dashboard.sample();
        clock.advanceMicros(2_000_000);
        clusters.put(running("prod", healthyBrokers(), partitions(), state(3, 0)), totals(12, 0, 0, 0, 0));
        dashboard.sample();
        server = servers.started(dashboard, clock);
    }

    @Test
    void groupsGivesEachGroupsBurrowStatusLagAndTheWindowsBehindIt() throws Exception {
        JsonNode body = okJson("/api/v1/clusters/prod/groups");
        assertThat(body.get("evaluatedAtMs").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(body.get("denied").asInt()).isEqualTo(1);
        assertThat(body.get("skipped").asInt()).isEqualTo(2);
        JsonNode group = body.get("groups").get(0);
        assertIsPaymentsStoppedTenRecordsBehind(group);
        JsonNode p0 = group.get("partitions").get(0);
        assertThat(p0.get("committed").asLong()).isEqualTo(90);
        assertThat(p0.get("window").get(0).get("offset").asLong()).isEqualTo(90);
        assertThat(group.get("partitions").get(1).get("status").asText()).isEqualTo("OK");
    }

    @Test
    void lagPanelGivesTheGroupsWorstFirstWithTheirLagOverTime() throws Exception {
        JsonNode body = okJson("/api/v1/clusters/prod/groups/lag");
        assertThat(body.get("evaluated").asBoolean()).isTrue();
        assertThat(body.get("evaluatedAtMs").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(body.get("groups").asInt()).isEqualTo(1);
        assertThat(body.get("skipped").asInt()).isEqualTo(2);
        JsonNode row = body.get("rows").get(0);
        assertIsPaymentsStoppedTenRecordsBehind(row);
        assertThat(row.get("partitions").asInt()).isEqualTo(2);
        // Sampled twice, one evaluation: one point.
        assertThat(row.get("series").get("t")).extracting(JsonNode::asLong).containsExactly(1_700_000_000_000L);
        assertThat(row.get("series").get("values").get("lagRecords")).extracting(JsonNode::asDouble).containsExactly(10.0);
        assertThat(row.get("series").get("values").get("lagSeconds")).extracting(JsonNode::asDouble).containsExactly(12.5);
    }

    @Test
    void lagPanelOfAClusterThatEvaluatesNoGroupSaysSo() throws Exception {
        JsonNode body = okJson("/api/v1/clusters/sandbox/groups/lag");
        assertThat(body.get("evaluated").asBoolean()).isFalse();
        assertThat(body.get("rows")).isEmpty();
    }

    @Test
    void groupsOfAClusterThatEvaluatesNoneAreNotFoundWithAReason() throws Exception {
        assertThat(notFoundReason("/api/v1/clusters/sandbox/groups"))
                .isEqualTo("cluster 'sandbox' evaluates no consumer group; set consumer.groups.include in its config");
    }

    @Test
    void clusterListGivesEachClustersStatusAndVerdict() throws Exception {
        HttpResponse<String> r = get("/api/v1/clusters");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
        JsonNode list = JSON.readTree(r.body()).get("clusters");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("name").asText()).isEqualTo("prod");
        assertThat(list.get(0).get("status").asText()).isEqualTo("RUNNING");
        assertThat(list.get(0).get("health").get("level").asText()).isEqualTo("HEALTHY");
        assertThat(list.get(1).get("health").get("level").asText()).isEqualTo("DEGRADED");
        assertThat(list.get(1).get("health").get("reasons").get(0).asText())
                .isEqualTo("broker 2 offline: 2 partitions failing produce probes");
    }

    @Test
    void clusterPageHasTheReportTheVerdictAndColumnsOfTimeSeries() throws Exception {
        JsonNode page = JSON.readTree(get("/api/v1/clusters/prod").body());

        assertThat(fieldNames(page)).containsExactly("name", "now", "health", "cluster", "series", "sandbox");
        assertThat(page.get("now").asLong()).isEqualTo(1_700_000_002_000L);
        assertThat(page.get("sandbox").isNull()).isTrue();
        JsonNode cluster = page.get("cluster");
        assertThat(fieldNames(cluster)).containsExactly("name", "topic", "monitor", "totals", "clusterState",
                "brokers", "partitions", "events", "probes");
        assertThat(cluster.get("totals").get("produceAvailability").asDouble()).isEqualTo(1.0);
        assertThat(cluster.get("totals").get("e2eLatency").get("p99").isNull()).as("no data is null, not 0").isTrue();
        assertThat(cluster.get("clusterState").get("controllerId").asInt()).isEqualTo(1000);
        assertThat(cluster.get("brokers")).hasSize(3);
        assertThat(fieldNames(cluster.get("brokers").get(0))).containsExactly("id", "rack", "registered", "online",
                "partitionsLed", "produceAvailability", "consumeAvailability", "e2eP99", "produceP99",
                "consecutiveFailures", "lastError", "lastErrorAt", "connectionMs", "connectionFailure");
        assertThat(cluster.get("partitions")).hasSize(6);
        assertThat(cluster.get("partitions").get(4).get("leader").asInt()).isEqualTo(2);

        JsonNode series = page.get("series");
        assertThat(series.get("t").toString()).isEqualTo("[1700000000000,1700000002000]");
        assertThat(series.get("values").get("produceAvailability10s").toString()).isEqualTo("[1.0,1.0]");
        assertThat(series.get("values").get("e2eP99").toString()).isEqualTo("[4.0,4.0]");
        assertThat(fieldNames(series.get("values"))).contains("consumeAvailability10s", "e2eP50", "e2eP999", "e2eMax",
                "produceP50", "produceP99", "produceP999", "produceMax", "lostAcked", "lostUnacked", "duplicates", "late");
    }

    @Test
    void episodesAreServedOpenFirstWithEpochMillisAndCountsByKind() throws Exception {
        JsonNode episodes = okJson("/api/v1/clusters/prod/episodes");
        JsonNode open = episodes.get("open").get(0);
        assertThat(open.get("subject").asText()).isEqualTo("broker");
        assertThat(open.get("id").asInt()).isEqualTo(2);
        assertThat(open.get("kind").asText()).isEqualTo("unplanned");
        assertThat(open.get("startMs").asLong()).isEqualTo(1_699_999_998_500L);
        assertThat(open.get("endMs").isNull()).isTrue();
        assertThat(open.get("seconds").asDouble()).isEqualTo(3.5); // 1.5 s before the clock was advanced by 2
        assertThat(open.get("errorClasses").get("TimeoutException").asLong()).isEqualTo(4);
        JsonNode ended = episodes.get("recent").get(0);
        assertThat(ended.get("kind").asText()).isEqualTo("planned");
        assertThat(ended.get("endMs").asLong()).isEqualTo(1_699_999_950_000L);
        assertThat(ended.get("seconds").asDouble()).isEqualTo(10.0);
        assertThat(episodes.get("outages").toString()).isEqualTo("{\"planned\":1,\"unknown\":0,\"unplanned\":0}");
        assertThat(episodes.get("outageSeconds").get("planned").asDouble()).isEqualTo(10.0);
        assertThat(episodes.get("plannedLeaderMoves").asLong()).isEqualTo(4);
    }

    @Test
    void unknownClusterOrPathIs404WithAReason() throws Exception {
        assertThat(notFoundReason("/api/v1/clusters/nope"))
                .isEqualTo("no cluster named 'nope'; clusters are [prod, sandbox]");
        for (String path : List.of("/groups", "/groups/lag", "/episodes")) {
            assertThat(get("/api/v1/clusters/nope" + path).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(get("/api/v1/brokers").statusCode()).isEqualTo(404);
    }

    @Test
    void sandboxControlsNeedJsonAndASandboxAndAKnownBrokerAndAnInRangeLatency() throws Exception {
        JsonNode page = JSON.readTree(get("/api/v1/clusters/sandbox").body());
        assertThat(page.get("sandbox").get("brokers")).hasSize(3);

        assertThat(post("/api/v1/clusters/sandbox/sandbox/brokers/2/stop", "{}", "text/plain").statusCode())
                .as("a cross-site form cannot send JSON").isEqualTo(415);
        assertThat(post("/api/v1/clusters/prod/sandbox/brokers/2/stop", "{}", "application/json").statusCode())
                .as("not a sandbox").isEqualTo(404);
        assertThat(post("/api/v1/clusters/sandbox/sandbox/brokers/9/stop", "{}", "application/json").statusCode())
                .isEqualTo(404);
        assertThat(post("/api/v1/clusters/sandbox/sandbox/brokers/1/latency", "{\"ms\": -5}", "application/json")
                .statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/clusters/sandbox/sandbox/brokers/1/latency", "{\"ms\": \"lots\"}", "application/json")
                .statusCode()).isEqualTo(400);
        assertThat(sandbox.calls).isEmpty();
        assertThat(get("/api/v1/clusters/sandbox/sandbox/brokers/2/stop").statusCode()).as("GET never acts").isEqualTo(404);

        HttpResponse<String> stop = post("/api/v1/clusters/sandbox/sandbox/brokers/2/stop", "{}", "application/json");
        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(stop.body()).get("brokers").get(1).get("running").asBoolean()).isFalse();
        post("/api/v1/clusters/sandbox/sandbox/brokers/3/latency", "{\"ms\": 200}", "application/json");
        post("/api/v1/clusters/sandbox/sandbox/brokers/2/start", "{}", "application/json");
        assertThat(sandbox.calls).containsExactly("stop 2", "latency 3 200", "start 2");
    }

    @Test
    void thePageAndUplotAreServedFromTheJarWithoutDirectoryListings() throws Exception {
        HttpResponse<String> index = get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
        assertThat(index.body()).contains("<title>Vigil</title>", "vendor/uplot/uPlot.iife.min.js", "dashboard.js");
        assertThat(index.headers().firstValue("Content-Security-Policy")).get().asString().contains("default-src 'self'");
        assertThat(get("/dashboard.js").statusCode()).isEqualTo(200);
        assertThat(get("/dashboard.css").statusCode()).isEqualTo(200);
        HttpResponse<String> uplot = get("/vendor/uplot/uPlot.iife.min.js");
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.body()).contains("uPlot");
        assertThat(get("/vendor/uplot/uPlot.min.css").statusCode()).isEqualTo(200);
        assertThat(get("/vendor/uplot/").statusCode()).isIn(403, 404);
        assertThat(get("/nothing-here.js").statusCode()).isEqualTo(404);
    }

    /** The group the test sets: committed 90 of 100 on partition 0, the oldest unconsumed record 12.5 s old. */
    private static void assertIsPaymentsStoppedTenRecordsBehind(JsonNode group) {
        assertThat(group.get("group").asText()).isEqualTo("payments");
        assertThat(group.get("status").asText()).isEqualTo("STOP");
        assertThat(group.get("statusCode").asInt()).isEqualTo(4);
        assertThat(group.get("lagRecords").asLong()).isEqualTo(10);
        assertThat(group.get("lagSeconds").asDouble()).isEqualTo(12.5);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON a GET of {@code path} answers; fails if the answer is not a 200. */
    private static JsonNode okJson(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The reason a 404 answer to a GET of {@code path} gives; fails if the answer is not a 404. */
    private static String notFoundReason(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).isEqualTo(404);
        return JSON.readTree(r.body()).get("error").asText();
    }

    /** As the dashboard's own page posts: with its Origin, which the web server requires for a change. */
    private static HttpResponse<String> post(String path, String body, String contentType) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType)
                .header("Origin", "http://127.0.0.1:" + server.port()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
