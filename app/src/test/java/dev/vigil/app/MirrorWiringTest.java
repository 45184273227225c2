package dev.vigil.app;

import dev.vigil.core.config.ConfigLoader;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.stats.MirrorMetrics;
import dev.vigil.core.stats.ScopeMetrics;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.ClusterMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The composition root wires a mirror probe from the config alone: the source cluster, listed
 * first, reads its mirrored topic in a sandbox listed after it (so every cluster's servers must be
 * known before any monitor starts). No replicator runs, so the target has no mirrored topic and
 * every acked probe is reported not mirrored, in the registry and on /metrics.
 */
class MirrorWiringTest {

    private static final MicroClock CLOCK = MicroClock.system();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static Vigil vigil;

    @BeforeAll
    static void start() {
        String timing = "\"probe.interval.ms\": 250, \"produce.ack.sla.ms\": 2000, \"e2e.sla.ms\": 4000,"
                + " \"loss.grace.ms\": 8000, \"window.ms\": 10000, \"window.slices\": 5, \"replication.factor\": 1";
        vigil = new Vigil(ConfigLoader.parse("""
                {"http.port": 0,
                 "clusters": [
                   {"name": "primary", "sandbox": {"brokers": 1}, "topic": "vigil_probe", %s,
                    "mirror": {"to": "dr", "sla.ms": 1000, "loss.grace.ms": 4000}},
                   {"name": "dr", "sandbox": {"brokers": 1}, %s}]}"""
                .formatted(timing, timing), "mirror.json"));
        vigil.start();
    }

    @AfterAll
    static void stop() {
        if (vigil != null) {
            vigil.stop();
        }
    }

    @Test
    void sourceReportsItsProbesNotMirroredWhenTheTargetLacksTheTopic() throws Exception {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Map<Metric, Double> v = values("primary");
            return v.getOrDefault(MirrorMetrics.AVAILABILITY, Double.NaN) == 0.0 && v.get(MirrorMetrics.LOST_ACKED) >= 3;
        });
        Map<Metric, Double> primary = values("primary");
        assertThat(primary).containsEntry(ScopeMetrics.PRODUCE_AVAILABILITY, 1.0).containsEntry(MirrorMetrics.TOPIC_PARTITIONS, 0.0)
                .containsEntry(MirrorMetrics.RECEIVED, 0.0).containsEntry(ScopeMetrics.LOST_ACKED, 0.0);
        assertThat(values("dr")).doesNotContainKey(MirrorMetrics.AVAILABILITY); // only the source reports its mirror

        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + vigil.httpPort() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("vigil_mirror_availability_ratio{cluster=\"primary\"} 0.0",
                "vigil_mirror_topic_partitions{cluster=\"primary\"} 0.0", "vigil_mirror_lost_acked_total{cluster=\"primary\"}",
                "vigil_mirror_latency_seconds_count{cluster=\"primary\"} 0");

        // The dashboard's other-probes panel and the summary line say the same.
        HttpResponse<String> report = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + vigil.httpPort() + "/api/v1/clusters/primary")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body()).contains("\"name\":\"mirror to dr (primary.vigil_probe)\"",
                "primary.vigil_probe absent in dr", "mirror to dr (primary.vigil_probe) availability 0");
        ClusterMonitor monitor = vigil.monitors().stream().filter(m -> m.name().equals("primary")).findFirst().orElseThrow();
        assertThat(SummaryLine.of(monitor, CLOCK.nowMicros()))
                .contains(" mirror_to=dr mirror_availability=0.0000 mirror_lost_acked=").endsWith("mirror_p99_ms=NaN");
    }

    private static Map<Metric, Double> values(String cluster) {
        return ClusterValues.of(vigil, cluster);
    }
}
