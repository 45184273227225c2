package dev.vigil.webui.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.episodes.Episode;
import dev.vigil.core.episodes.EpisodeKind;
import dev.vigil.core.episodes.EpisodesSnapshot;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.core.time.ManualClock;
import dev.vigil.core.window.LatencySummary;
import dev.vigil.webui.WebServer;
import dev.vigil.webui.dashboard.ClusterReport.BrokerRow;
import dev.vigil.webui.dashboard.ClusterReport.EventRow;
import dev.vigil.webui.dashboard.ClusterReport.PartitionRow;
import dev.vigil.webui.dashboard.ClusterReport.ProbeRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's refresh at 10,000 partitions, over real HTTP, measured in bytes: a cluster of 100 brokers (what
 * topic management needs for 10,000 partitions at {@code partitions.per.broker} 100) with one broker offline
 * and its 100 partitions failing, 300 partitions under-replicated, 150 consume late, 50 events, its partitions'
 * episodes open and a full ring of ended episodes (10 of a broker, 190 leader moves), after 15 minutes of
 * samples. Every number has many digits,
 * as a live cluster's do.
 */
class DashboardAtScaleTest {

    private static final int PARTITIONS = 10_000;
    private static final int BROKERS = 100;
    private static final int DEAD = 7;
    /** The budget of one refresh of the page, all its requests together. */
    private static final int REFRESH_BYTES = 50_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final FixedClusters clusters = new FixedClusters();
    private static final ManualClock clock = new ManualClock(1_700_000_000_000_000L);
    @RegisterExtension
    static final DashboardServers servers = new DashboardServers();
    private static WebServer server;

    @BeforeAll
    static void start() {
        Dashboard dashboard = new Dashboard(clusters, clock);
        // 15 minutes of samples every 2 s, then the one the refresh asks for.
        ClusterReport report = report();
        for (int i = 0; i <= 451; i++) {
            clusters.put(report, totals(i));
            dashboard.sample();
            clock.advanceMicros(2_000_000);
        }
        clusters.putEpisodes("big", episodes(clock.nowMicros()));
        server = servers.started(dashboard, clock);
    }

    @Test
    void aRefreshAt10000PartitionsIsAtMost50KbAndNamesTheWorstFailingPartitions() throws Exception {
        JsonNode full = JSON.readTree(get("/api/v1/clusters/big/series"));
        long beforeLast = full.get("series").get("t").get(full.get("series").get("t").size() - 2).asLong();

        // What the page fetches every 2 s, once it holds the charts' earlier points.
        String list = get("/api/v1/clusters");
        String overview = get("/api/v1/clusters/big/overview");
        String series = get("/api/v1/clusters/big/series?range=15m&after=" + beforeLast);
        String episodes = get("/api/v1/clusters/big/episodes?subjects=broker,leader_move&recent=10");
        int bytes = utf8(list) + utf8(overview) + utf8(series) + utf8(episodes);
        System.out.printf("refresh at %,d partitions: %,d bytes (clusters %,d, overview %,d, series %,d, episodes %,d);"
                        + " the full page answer %,d, the whole episodes %,d%n", PARTITIONS, bytes, utf8(list),
                utf8(overview), utf8(series), utf8(episodes), utf8(get("/api/v1/clusters/big")),
                utf8(get("/api/v1/clusters/big/episodes")));
        assertThat(bytes).isLessThanOrEqualTo(REFRESH_BYTES);

        JsonNode page = JSON.readTree(overview);
        JsonNode summary = page.get("partitions");
        assertThat(summary.get("total").asInt()).isEqualTo(PARTITIONS);
        assertThat(summary.get("failing").asInt()).isEqualTo(100);
        assertThat(summary.get("consumeLate").asInt()).isEqualTo(150);
        assertThat(summary.get("underReplicated").asInt()).isEqualTo(300);
        assertThat(summary.get("ok").asInt()).isEqualTo(PARTITIONS - 100 - 150);
        // Unhealthy: 100 failing, 150 late, and the 200 under-replicated ones that neither fail nor are late.
        assertThat(summary.get("shown").asInt()).isEqualTo(PartitionSummary.SHOWN);
        assertThat(summary.get("more").asInt()).isEqualTo(100 + 150 + 200 - PartitionSummary.SHOWN);
        // The broker leading the failing ones has its counts.
        JsonNode dead = leaderCounts(summary, DEAD);
        assertThat(dead.get("led").asInt()).isEqualTo(100);
        assertThat(dead.get("failing").asInt()).isEqualTo(100);
        // Only brokers leading unhealthy partitions: 5, 6 and 7 (a replica on 7), and those of the late ones.
        List<Integer> listed = new ArrayList<>();
        summary.get("byLeader").forEach(c -> listed.add(c.get("broker").asInt()));
        assertThat(listed).containsExactly(2, 5, 6, 7, 22, 42, 62, 82);

        // Worst first: the 20 with the most failures in a row, every one named, none of the healthy.
        List<Integer> shown = new ArrayList<>();
        page.get("cluster").get("partitions").forEach(p -> shown.add(p.get("id").asInt()));
        List<Integer> mostFailures = failingPartitions().stream()
                .sorted((a, b) -> b % 17 != a % 17 ? Integer.compare(b % 17, a % 17) : Integer.compare(a, b))
                .limit(PartitionSummary.SHOWN).toList();
        assertThat(shown).containsExactlyElementsOf(mostFailures);
        assertThat(page.get("health").get("reasons").get(0).asText())
                .isEqualTo("broker 7 offline: 100 partitions failing produce probes");

        JsonNode refresh = JSON.readTree(series);
        assertThat(refresh.get("series").get("t")).hasSize(1);
        JsonNode kept = JSON.readTree(episodes);
        assertThat(kept.get("open")).hasSize(1);
        assertThat(kept.get("recent")).as("10 broker episodes and the 10 newest leader moves").hasSize(20);
        assertThat(page.get("cluster").get("events")).hasSize(20);
    }

    @Test
    void theFullGridComesInPagesOnDemand() throws Exception {
        JsonNode first = JSON.readTree(get("/api/v1/clusters/big/partitions"));
        assertThat(first.get("total").asInt()).isEqualTo(PARTITIONS);
        assertThat(first.get("partitions")).hasSize(500);
        JsonNode last = JSON.readTree(get("/api/v1/clusters/big/partitions?from=9500&limit=1000"));
        assertThat(last.get("from").asInt()).isEqualTo(9_500);
        assertThat(last.get("partitions")).hasSize(500);
        assertThat(last.get("partitions").get(499).get("id").asInt()).isEqualTo(PARTITIONS - 1);
        assertThat(status("/api/v1/clusters/big/partitions?limit=1001")).isEqualTo(400);
        assertThat(status("/api/v1/clusters/big/series?range=1y")).isEqualTo(400);
        assertThat(status("/api/v1/clusters/big/episodes?subjects=brokers")).isEqualTo(400);
        assertThat(status("/api/v1/clusters/nope/overview")).isEqualTo(404);
    }

    @Test
    void theDayRangeHasAPointAMinuteWithItsMinuteRates() throws Exception {
        JsonNode day = JSON.readTree(get("/api/v1/clusters/big/series?range=24h"));
        assertThat(day.get("range").asText()).isEqualTo("24h");
        assertThat(day.get("stepMs").asLong()).isEqualTo(60_000);
        // 452 samples 2 s apart span 902 s: a point at 0, 60, ..., 900 s.
        JsonNode t = day.get("series").get("t");
        assertThat(t).hasSize(16);
        assertThat(t.get(1).asLong() - t.get(0).asLong()).isEqualTo(60_000);
        assertThat(day.get("newestMs").asLong()).isEqualTo(t.get(15).asLong());
        // 1 in 97 produce attempts failed, in every minute alike.
        assertThat(day.get("series").get("values").get("produceAvailability1m").get(15).asDouble())
                .isCloseTo(1 - 1 / 97.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(JSON.readTree(get("/api/v1/clusters/big/series?range=24h&after=" + t.get(15).asLong()))
                .get("series").get("t")).isEmpty();
    }

    private static JsonNode leaderCounts(JsonNode summary, int broker) {
        for (JsonNode c : summary.get("byLeader")) {
            if (c.get("broker").asInt() == broker) {
                return c;
            }
        }
        throw new AssertionError("no counts for broker " + broker);
    }

    /** Partition p is led by broker p % 100 + 1, so broker 7 leads p ≡ 6 (mod 100). */
    private static List<Integer> failingPartitions() {
        return IntStream.range(0, PARTITIONS).filter(p -> p % BROKERS + 1 == DEAD).boxed().toList();
    }

    private static ClusterReport report() {
        List<BrokerRow> brokers = new ArrayList<>();
        for (int id = 1; id <= BROKERS; id++) {
            boolean dead = id == DEAD;
            brokers.add(new BrokerRow(id, "rack-" + (char) ('a' + id % 3), true, !dead, dead ? 0 : 100,
                    dead ? 0.0 : 0.9983333333333333, dead ? 0.0 : 0.9991666666666667, (12_345 + id) / 1000.0,
                    (5_432 + id) / 1000.0, dead ? 37 : 0, "TimeoutException", 1_699_999_990_123L + id, (1_234 + id) / 1000.0,
                    dead ? "connection refused" : null));
        }
        List<PartitionRow> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            int leader = p % BROKERS + 1;
            List<Integer> replicas = List.of(leader, leader % BROKERS + 1, (leader + 1) % BROKERS + 1);
            boolean failing = leader == DEAD;
            // The 300 partitions with a replica on the dead broker lost it from their ISR.
            boolean under = replicas.contains(DEAD);
            boolean late = !failing && p % 60 == 1 && p < 9_000;
            partitions.add(new PartitionRow(p, leader, replicas, under ? replicas.subList(0, 2) : replicas,
                    failing ? 0.4166666666666667 : 0.9983333333333333, late ? 0.9833333333333333 : 1.0,
                    failing ? 3 + p % 17 : 0));
        }
        List<EventRow> events = IntStream.range(0, 50)
                .mapToObj(i -> new EventRow("LOST_UNACKED", 6 + 100 * i, DEAD, 1_234_567 + i, 1_699_999_990_000L + i))
                .toList();
        List<ProbeRow> probes = List.of(new ProbeRow("offset commits", 0.9983333333333333, 12_345, 21, 4.567,
                "coordinator broker 3", false));
        return new ClusterReport("big", "__vigil_probe", new ClusterReport.Monitor("RUNNING", "probing"),
                new ClusterReport.Totals(0.9883333333333333, 0.9871666666666667, 9_000_000, 12_345, 8_999_000, 23_456,
                        8_999_000, 0, 50, 0, 0, 0, 0, 0, Reports.NO_LATENCY, Reports.NO_LATENCY),
                new ClusterReport.ClusterStateRow(1_699_999_999_000L, true, BROKERS - 1, BROKERS, 1000, 300, 0, 0),
                brokers, partitions, events, probes);
    }

    /** The cluster total at sample {@code i}: 10,000 probes a second, some failing, latencies with many digits. */
    private static ScopeSnapshot totals(int i) {
        long attempts = 20_000L * i;
        LatencySummary latency = new LatencySummary(attempts, 2_345.678, 1_987.123 + i, 2_100.5, 2_400.25,
                4_123.456 + i, 9_876.543 + i, 12_000.1, 15_432.987 + i);
        return new ScopeSnapshot(0.9883333333333333, 0.9871666666666667, attempts, attempts / 97, attempts,
                attempts / 89, attempts, 0, i * 3L, 0, 0, 0, 0, 0, 0, 0, 0, latency, latency);
    }

    private static EpisodesSnapshot episodes(long now) {
        List<Episode> open = new ArrayList<>();
        open.add(new Episode(Episode.Subject.BROKER, DEAD, now - 60_000_000, OptionalLong.empty(), 3_700,
                Map.of("TimeoutException", 3_700L), 100, EpisodeKind.UNPLANNED, "3700 probes failed before it was fenced",
                -1));
        for (int p : failingPartitions()) {
            open.add(new Episode(Episode.Subject.PARTITION, p, now - 60_000_000, OptionalLong.empty(), 37,
                    Map.of("TimeoutException", 37L), 0, EpisodeKind.UNPLANNED, "led by broker 7 when it began", DEAD));
        }
        // A full ring: a broker that went down and came back ten times, and leader moves, in OutageEpisodes' words.
        List<Episode> recent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            recent.add(i % 20 == 0
                    ? new Episode(Episode.Subject.BROKER, 12, now - 1_000_000L * i - 9_000_000, OptionalLong.of(now
                    - 1_000_000L * i), 412, Map.of("TimeoutException", 400L, "NotLeaderOrFollowerException", 12L), 100,
                    EpisodeKind.UNPLANNED, "412 probes failed (400 not acked within the ack SLA) while the controller"
                    + " counted it online: it went down without a controlled shutdown", -1)
                    : new Episode(Episode.Subject.LEADER_MOVE, i * 50, now - 1_000_000L * i, OptionalLong.of(now
                    - 1_000_000L * i), 0, Map.of(), 1, EpisodeKind.PLANNED, "leadership of partition " + i * 50
                    + " moved from broker 12 (online) to broker 13 with no failed probe: a preferred-leader election,"
                    + " a reassignment or a controlled shutdown under way", -1));
        }
        return new EpisodesSnapshot(open, recent, Map.of(), Map.of(), Map.of(EpisodeKind.UNPLANNED, 1L), 200, 0);
    }

    private static int utf8(String body) {
        return body.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    private static int status(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
