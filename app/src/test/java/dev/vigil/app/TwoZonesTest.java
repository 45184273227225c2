package dev.vigil.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.config.ConfigLoader;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.stats.ScopeMetrics;
import dev.vigil.sandbox.SandboxCluster;
import dev.vigil.services.MonitorMetrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Vigils in different zones probing one cluster through one monitor topic: each reads the
 * other's probes and counts them as another session's, never as its own loss or duplicates, and
 * labels its metrics and its dashboard with its own instance and zone.
 */
class TwoZonesTest {

    @RegisterExtension
    static final Teardown teardown = new Teardown();
    private static SandboxCluster sandbox;
    private static Vigil east;
    private static Vigil west;

    @BeforeAll
    static void start() {
        sandbox = teardown.add(SandboxCluster.start(1));
        east = vigil("vigil-east", "zone-a");
        west = vigil("vigil-west", "zone-b");
    }

    private static Vigil vigil(String instance, String zone) {
        return teardown.start(new Vigil(ConfigLoader.parse("""
                {"http.port": 0, "instance": "%s", "zone": "%s",
                 "clusters": [{"name": "c", "bootstrap.servers": "%s", "topic": "zones", "replication.factor": 1,
                   "partitions.per.broker": 2, "probe.interval.ms": 250, "produce.ack.sla.ms": 2000, "e2e.sla.ms": 4000,
                   "loss.grace.ms": 8000, "window.ms": 10000, "window.slices": 5, "offset.commit.probe": false}]}"""
                .formatted(instance, zone, sandbox.bootstrapServers()), zone + ".json")));
    }

    @Test
    void eachCountsTheOthersProbesAsAnotherSessionWithNoLossAndItsOwnLabels() throws Exception {
        // Both fully probing, each having read the other's probes, over a window past the loss grace.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                clean(ClusterValues.of(east, "c")) && clean(ClusterValues.of(west, "c"))
                        && ClusterValues.of(east, "c").get(MonitorMetrics.OTHER_SESSION_RECORDS) >= 40
                        && ClusterValues.of(west, "c").get(MonitorMetrics.OTHER_SESSION_RECORDS) >= 40
                        && ClusterValues.of(east, "c").get(ScopeMetrics.CONSUME_CHECKED) >= 40
                        && ClusterValues.of(west, "c").get(ScopeMetrics.CONSUME_CHECKED) >= 40);
        for (Vigil v : new Vigil[] {east, west}) {
            Map<Metric, Double> values = ClusterValues.of(v, "c");
            assertThat(values).containsEntry(ScopeMetrics.LOST_ACKED, 0.0).containsEntry(ScopeMetrics.LOST_UNACKED, 0.0)
                    .containsEntry(ScopeMetrics.DUPLICATES, 0.0).containsEntry(MonitorMetrics.FOREIGN_RECORDS, 0.0);
        }

        String eastMetrics = get(east, "/metrics");
        assertThat(eastMetrics).contains(
                "vigil_produce_availability_ratio{cluster=\"c\",vigil_instance=\"vigil-east\",zone=\"zone-a\"} 1.0",
                "vigil_build_info{kafka_clients=", "vigil_instance=\"vigil-east\",zone=\"zone-a\"} 1",
                "jvm_threads_current{vigil_instance=\"vigil-east\",zone=\"zone-a\"}");
        assertThat(eastMetrics).doesNotContain("zone-b");
        assertThat(get(west, "/metrics")).contains(
                "vigil_lost_acked_total{cluster=\"c\",vigil_instance=\"vigil-west\",zone=\"zone-b\"} 0.0")
                .doesNotContain("zone-a");
        // Every series of the exposition carries them.
        eastMetrics.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .forEach(l -> assertThat(l).contains("zone=\"zone-a\""));
        assertThat(new ObjectMapper().readTree(get(west, "/api/v1/clusters")).get("instance").toString())
                .isEqualTo("{\"instance\":\"vigil-west\",\"zone\":\"zone-b\"}");
    }

    private static boolean clean(Map<Metric, Double> v) {
        return v.getOrDefault(ScopeMetrics.PRODUCE_AVAILABILITY, 0.0) == 1.0 && v.getOrDefault(ScopeMetrics.CONSUME_AVAILABILITY, 0.0) == 1.0
                && v.getOrDefault(ScopeMetrics.LOST_ACKED, 1.0) == 0.0;
    }

    private static String get(Vigil vigil, String path) throws Exception {
        return VigilHttp.get(vigil, path).body();
    }
}
