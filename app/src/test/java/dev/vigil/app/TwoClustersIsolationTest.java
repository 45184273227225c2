package dev.vigil.app;

import dev.vigil.core.config.ConfigLoader;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.stats.OffsetCommitMetrics;
import dev.vigil.core.stats.ScopeMetrics;
import dev.vigil.core.time.MicroClock;
import dev.vigil.sandbox.SandboxCluster;
import dev.vigil.sandbox.StopMode;
import dev.vigil.services.ClusterMonitor;
import dev.vigil.services.MonitorMetrics;
import dev.vigil.services.state.ClusterStateMetrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
    private static final List<Metric> FAULT_COUNTERS = List.of(ScopeMetrics.PRODUCE_FAILURES, ScopeMetrics.CONSUME_FAILURES,
            ScopeMetrics.LOST_ACKED, ScopeMetrics.LOST_UNACKED, ScopeMetrics.DUPLICATES, ScopeMetrics.LATE,
            MonitorMetrics.TRUNCATIONS, OffsetCommitMetrics.FAILURES);
    private static final List<Metric> AVAILABILITIES = List.of(ScopeMetrics.PRODUCE_AVAILABILITY,
            ScopeMetrics.CONSUME_AVAILABILITY, OffsetCommitMetrics.AVAILABILITY, MonitorMetrics.REACHABLE,
            ClusterStateMetrics.CLUSTER_STATE_OK);

    @RegisterExtension
    static final Teardown teardown = new Teardown();
    private static SandboxCluster healthy;
    private static SandboxCluster doomed;
    private static Vigil vigil;

    @BeforeAll
    static void start() {
        healthy = teardown.add(SandboxCluster.start(1));
        doomed = teardown.add(SandboxCluster.start(1));
        String timing = VigilHttp.FAST_PROBES + ", \"offset.commit.sla.ms\": 1000";
        vigil = teardown.start(new Vigil(ConfigLoader.parse("""
                {"http.port": 0, "summary.interval.ms": 1000,
                 "clusters": [
                   {"name": "healthy", "bootstrap.servers": "%s", %s},
                   {"name": "doomed", "bootstrap.servers": "%s", %s}]}"""
                .formatted(healthy.bootstrapServers(), timing, doomed.bootstrapServers(), timing), "two.json")));
    }

    @Test
    void aWholeClusterDyingLeavesTheOtherUntouched() throws Exception {
        // Both clusters fully probed, every availability at 1 over a full window.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                perfect(values("healthy")) && perfect(values("doomed"))
                        && values("healthy").get(OffsetCommitMetrics.ATTEMPTS) >= 20);
        Map<Metric, Double> before = values("healthy");
        for (Metric counter : FAULT_COUNTERS) {
            assertThat(before.get(counter)).as(counter.name()).isZero();
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
        Map<Metric, Double> after = values("healthy");

        for (Metric counter : FAULT_COUNTERS) {
            assertThat(after.get(counter)).as(counter.name()).isZero();
        }
        // Not blocked: the schedules kept going. 2 partitions every 250 ms, 1 commit every 250 ms;
        // at least 80 % of the rounds due finalized (the rest may be in flight, or late under CPU contention).
        double rounds = elapsedMicros / 250_000.0;
        assertThat(after.get(ScopeMetrics.PRODUCE_ATTEMPTS) - before.get(ScopeMetrics.PRODUCE_ATTEMPTS)).isGreaterThan(0.8 * 2 * rounds);
        assertThat(after.get(ScopeMetrics.CONSUME_CHECKED) - before.get(ScopeMetrics.CONSUME_CHECKED)).isGreaterThan(0.8 * 2 * rounds);
        assertThat(after.get(OffsetCommitMetrics.ATTEMPTS) - before.get(OffsetCommitMetrics.ATTEMPTS)).isGreaterThan(0.8 * rounds);
        assertThat(statusOf("healthy")).isEqualTo(ClusterMonitor.Status.RUNNING);

        // The outage was real and is the dead cluster's alone.
        Map<Metric, Double> dead = values("doomed");
        assertThat(dead.get(ScopeMetrics.PRODUCE_AVAILABILITY)).isEqualTo(0.0);
        assertThat(dead.get(OffsetCommitMetrics.AVAILABILITY)).isEqualTo(0.0);
        assertThat(dead.get(MonitorMetrics.REACHABLE)).isZero();
        assertThat(dead.get(ScopeMetrics.PRODUCE_FAILURES)).isGreaterThan(50.0); // 2 partitions failing every 250 ms once the ack SLA passed
        // The web server still answers for both.
        HttpResponse<String> metrics = VigilHttp.get(vigil, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("vigil_produce_availability_ratio{cluster=\"healthy\"} 1.0",
                "vigil_produce_availability_ratio{cluster=\"doomed\"} 0.0");
    }

    /** Every availability 1 and no fault counted. */
    private static boolean perfect(Map<Metric, Double> v) {
        return AVAILABILITIES.stream().allMatch(metric -> v.getOrDefault(metric, Double.NaN) == 1.0)
                && FAULT_COUNTERS.stream().allMatch(metric -> v.getOrDefault(metric, Double.NaN) == 0.0);
    }

    private static Map<Metric, Double> values(String cluster) {
        return ClusterValues.of(vigil, cluster);
    }

    private static ClusterMonitor.Status statusOf(String cluster) {
        return vigil.monitors().stream().filter(m -> m.name().equals(cluster)).findFirst().orElseThrow().status();
    }
}
