package dev.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.sandbox.StopMode;
import dev.vigil.services.ClusterMonitor;
import dev.vigil.services.ClusterReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's {@code /api}, {@code /metrics} and the summary line show the same numbers: Vigil on a
 * two-broker sandbox, read once probes flow and again with one broker stopped (its partitions, of
 * replication factor 1, fail every probe, so the availabilities are below 1). Each time all three are
 * read while the harvest is held, so that they show one reading, and each number must equal that
 * reading's exactly.
 */
class OneReadingEverywhereTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();
    /** A cluster-scope sample of the exposition: cluster scope series carry the one label. */
    private static final Pattern CLUSTER_SAMPLE = Pattern.compile("^(vigil_[a-z0-9_]+)\\{cluster=\"sb\"} (\\S+)$",
            Pattern.MULTILINE);
    private static final Pattern SUMMARY_FIELD = Pattern.compile("(\\w+)=(\\S+)");
    private static final String[] COUNTERS = {"produceAttempts", "produceFailures", "consumeChecked",
            "consumeFailures", "received", "lostAcked", "lostUnacked", "duplicates", "late", "lostAckedAfterRead"};

    @RegisterExtension
    static final VigilOnSandbox running = new VigilOnSandbox(2, bootstrap -> """
            {"http.port": 0, "summary.interval.ms": 60000,
             "clusters": [{"name": "sb", "bootstrap.servers": "%s", "replication.factor": 1,
                           "probe.interval.ms": 250, "offset.commit.probe": false}]}""".formatted(bootstrap));

    @Test
    void pageMetricsAndSummaryLineShowTheSameReading() throws Exception {
        ClusterMonitor monitor = running.vigil().monitors().get(0);
        // steady: probes judged on every partition, consume verdicts given, latency in the window
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            ClusterReading r = monitor.reading();
            return r.status() == ClusterMonitor.Status.RUNNING && r.partitions() == 4 && r.produce().mean() == 1.0
                    && r.total().consumeChecked() > 0 && r.total().e2eLatency().count() > 0;
        });
        ClusterReading healthy = agreeOnOneReading(monitor);
        assertThat(healthy.produce().mean()).isEqualTo(1.0);

        running.sandbox().stopBroker(running.sandbox().brokerIds().get(1), StopMode.GRACEFUL);
        await().atMost(Duration.ofSeconds(60)).until(() -> monitor.reading().produce().worstPartition() < 1.0
                && monitor.reading().total().produceFailures() > healthy.total().produceFailures());
        ClusterReading degraded = agreeOnOneReading(monitor);
        assertThat(degraded.produce().mean()).isStrictlyBetween(0.0, 1.0);
    }

    /**
     * Reads the page, the exposition and the summary line while the harvest is held (its timer thread
     * parked through the guard's test hook, so no new reading can be made), checks every number against
     * the one reading they all show, and returns it.
     */
    private static ClusterReading agreeOnOneReading(ClusterMonitor monitor) throws Exception {
        // A harvest has made a reading (before the first, every call makes one of its own).
        await().atMost(Duration.ofSeconds(30)).until(() -> monitor.reading() == monitor.reading());
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        running.vigil().guard().replaceNextRun("sb", "harvest", () -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(held.await(30, TimeUnit.SECONDS)).as("the harvest reached the hook").isTrue();
            ClusterReading reading = monitor.reading();
            JsonNode page = JSON.readTree(get("/api/v1/clusters/sb"));
            String exposition = get("/metrics");
            String line = SummaryLine.of(monitor);
            assertThat(monitor.reading()).as("no harvest while held").isSameAs(reading);
            assertPageShows(page.get("cluster").get("totals"), reading);
            assertMetricsShow(clusterSamples(exposition), reading);
            assertSummaryShows(line, reading);
            return reading;
        } finally {
            release.countDown();
        }
    }

    private static void assertPageShows(JsonNode totals, ClusterReading r) {
        assertThat(totals.get("produceAvailability").asDouble()).isEqualTo(r.produce().mean());
        assertThat(totals.get("consumeAvailability").asDouble()).isEqualTo(r.consume().mean());
        for (String counter : COUNTERS) {
            assertThat(totals.get(counter).asLong()).as(counter).isEqualTo(counter(r, counter));
        }
        assertThat(totals.get("foreignRecords").asLong()).isEqualTo(r.counters().foreignRecords());
        assertThat(totals.get("truncations").asLong()).isEqualTo(r.counters().truncations());
        assertThat(totals.get("e2eLatency").get("p99").asDouble()).isEqualTo(r.total().e2eLatency().p99() / 1_000.0);
        assertThat(totals.get("produceLatency").get("p99").asDouble())
                .isEqualTo(r.total().produceLatency().p99() / 1_000.0);
    }

    private static void assertMetricsShow(Map<String, Double> metrics, ClusterReading r) {
        assertThat(metrics.get("vigil_produce_availability_ratio")).isEqualTo(r.produce().mean());
        assertThat(metrics.get("vigil_consume_availability_ratio")).isEqualTo(r.consume().mean());
        assertThat(metrics.get("vigil_worst_partition_produce_availability_ratio")).isEqualTo(r.produce().worstPartition());
        assertThat(metrics.get("vigil_worst_broker_produce_availability_ratio")).isEqualTo(r.produce().worstBroker());
        for (String counter : COUNTERS) {
            assertThat(metrics.get("vigil_" + snake(counter) + "_total")).as(counter)
                    .isEqualTo((double) counter(r, counter));
        }
        assertThat(metrics.get("vigil_foreign_records_total")).isEqualTo((double) r.counters().foreignRecords());
        assertThat(metrics.get("vigil_truncations_total")).isEqualTo((double) r.counters().truncations());
        assertThat(metrics.get("vigil_partitions")).isEqualTo((double) r.partitions());
        assertThat(metrics.get("vigil_e2e_latency_p99_seconds")).isEqualTo(r.total().e2eLatency().p99() / 1e6);
        assertThat(metrics.get("vigil_produce_latency_p99_seconds")).isEqualTo(r.total().produceLatency().p99() / 1e6);
    }

    private static void assertSummaryShows(String line, ClusterReading r) {
        Map<String, String> fields = new HashMap<>();
        Matcher m = SUMMARY_FIELD.matcher(line);
        while (m.find()) {
            fields.put(m.group(1), m.group(2));
        }
        assertThat(fields).containsEntry("partitions", Integer.toString(r.partitions()))
                .containsEntry("produce_availability", String.format(Locale.ROOT, "%.4f", r.produce().mean()))
                .containsEntry("consume_availability", String.format(Locale.ROOT, "%.4f", r.consume().mean()))
                .containsEntry("lost_acked", Long.toString(r.total().lostAcked()))
                .containsEntry("lost_unacked", Long.toString(r.total().lostUnacked()))
                .containsEntry("duplicates", Long.toString(r.total().duplicates()))
                .containsEntry("late", Long.toString(r.total().late()))
                .containsEntry("e2e_p99_ms", String.format(Locale.ROOT, "%.1f", r.total().e2eLatency().p99() / 1_000.0));
    }

    private static long counter(ClusterReading r, String name) {
        return switch (name) {
            case "produceAttempts" -> r.total().produceAttempts();
            case "produceFailures" -> r.total().produceFailures();
            case "consumeChecked" -> r.total().consumeChecked();
            case "consumeFailures" -> r.total().consumeFailures();
            case "received" -> r.total().received();
            case "lostAcked" -> r.total().lostAcked();
            case "lostUnacked" -> r.total().lostUnacked();
            case "lostAckedAfterRead" -> r.total().lostAckedAfterRead();
            case "duplicates" -> r.total().duplicates();
            case "late" -> r.total().late();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static String snake(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    private static Map<String, Double> clusterSamples(String exposition) {
        Map<String, Double> out = new HashMap<>();
        Matcher m = CLUSTER_SAMPLE.matcher(exposition);
        while (m.find()) {
            out.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return out;
    }

    private static String get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + running.vigil().httpPort() + path);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }
}
