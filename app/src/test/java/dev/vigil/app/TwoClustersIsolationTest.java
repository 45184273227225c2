package dev.vigil.app;

import dev.vigil.core.config.ConfigLoader;
import dev.vigil.core.time.MicroClock;
import dev.vigil.sandbox.SandboxCluster;
import dev.vigil.sandbox.StopMode;
import dev.vigil.services.ClusterMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One Vigil process monitoring two real clusters: when every broker of one of them dies, the
 * other's numbers do not move. Its availabilities stay 1, no failure, loss or duplicate is counted,
 * and its probes keep their schedule (a blocked probe thread would count missed rounds as
 * failures and stop attempting), while the dead cluster's own numbers show the outage.
 */
class TwoClustersIsolationTest {

    private static final MicroClock CLOCK = MicroClock.system();
    /** Every counter that only a fault can raise. */
    private static final List<String> FAULT_COUNTERS = List.of("produceFailures", "consumeFailures", "lostAcked",
            "lostUnacked", "duplicates", "late", "truncations", "offsetCommitFailures");
    private static final List<String> AVAILABILITIES = List.of("produceAvailability", "consumeAvailability",
            "offsetCommitAvailability", "reachable", "clusterStateOk");

    private static SandboxCluster healthy;
    private static SandboxCluster doomed;
    private static Vigil vigil;

    @BeforeAll
    static void start() {
        healthy = SandboxCluster.start(1);
        doomed = SandboxCluster.start(1);
        String timing = VigilHttp.FAST_PROBES + ", \"offset.commit.sla.ms\": 1000";
        vigil = new Vigil(ConfigLoader.parse("""
                {"http.port": 0, "summary.interval.ms": 1000,
                 "clusters": [
                   {"name": "healthy", "bootstrap.servers": "%s", %s},
                   {"name": "doomed", "bootstrap.servers": "%s", %s}]}"""
                .formatted(healthy.bootstrapServers(), timing, doomed.bootstrapServers(), timing), "two.json"));
        vigil.start();
    }

    @AfterAll
    static void stop() {
        if (vigil != null) {
            vigil.stop();
        }
        if (healthy != null) {
            healthy.close();
        }
        if (doomed != null) {
            doomed.close();
        }
    }

    @Test
    void aWholeClusterDyingLeavesTheOtherUntouched() throws Exception {
        // Both clusters fully probed, every availability at 1 over a full window.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                perfect(values("healthy")) && perfect(values("doomed"))
                        && values("healthy").get("offsetCommitAttempts") >= 20);
        Map<String, Double> before = values("healthy");
        for (String counter : FAULT_COUNTERS) {
            assertThat(before.get(counter)).as(counter).isZero();
        }

        for (int broker : doomed.brokerIds()) {
            doomed.stopBroker(broker, StopMode.ABRUPT);
        }

        // 30 s: longer than the loss grace (8 s), several windows (10 s), and the dead cluster's
        // reconnect backoffs; the healthy cluster must stay perfect all along.
        long start = CLOCK.nowMicros();
        await().during(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250))
                .until(() -> perfect(values("healthy")));
        long elapsedMicros = CLOCK.nowMicros() - start;
        Map<String, Double> after = values("healthy");

        for (String counter : FAULT_COUNTERS) {
            assertThat(after.get(counter)).as(counter).isZero();
        }
        // Not blocked: the schedules kept going. 2 partitions every 250 ms, 1 commit every 250 ms;
        // at least 80 % of the rounds due finalized (the rest may be in flight, or late under CPU contention).
        double rounds = elapsedMicros / 250_000.0;
        assertThat(after.get("produceAttempts") - before.get("produceAttempts")).isGreaterThan(0.8 * 2 * rounds);
        assertThat(after.get("consumeChecked") - before.get("consumeChecked")).isGreaterThan(0.8 * 2 * rounds);
        assertThat(after.get("offsetCommitAttempts") - before.get("offsetCommitAttempts")).isGreaterThan(0.8 * rounds);
        assertThat(statusOf("healthy")).isEqualTo(ClusterMonitor.Status.RUNNING);

        // The outage was real and is the dead cluster's alone.
        Map<String, Double> dead = values("doomed");
        assertThat(dead.get("produceAvailability")).isEqualTo(0.0);
        assertThat(dead.get("offsetCommitAvailability")).isEqualTo(0.0);
        assertThat(dead.get("reachable")).isZero();
        assertThat(dead.get("produceFailures")).isGreaterThan(50.0); // 2 partitions failing every 250 ms once the ack SLA passed
        // The web server still answers for both.
        HttpResponse<String> metrics = VigilHttp.get(vigil, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("vigil_produce_availability_ratio{cluster=\"healthy\"} 1.0",
                "vigil_produce_availability_ratio{cluster=\"doomed\"} 0.0");
    }

    /** Every availability 1 and no fault counted. */
    private static boolean perfect(Map<String, Double> v) {
        return AVAILABILITIES.stream().allMatch(name -> v.getOrDefault(name, Double.NaN) == 1.0)
                && FAULT_COUNTERS.stream().allMatch(name -> v.getOrDefault(name, Double.NaN) == 0.0);
    }

    private static Map<String, Double> values(String cluster) {
        return ClusterValues.of(vigil, cluster);
    }

    private static ClusterMonitor.Status statusOf(String cluster) {
        return vigil.monitors().stream().filter(m -> m.name().equals(cluster)).findFirst().orElseThrow().status();
    }
}
