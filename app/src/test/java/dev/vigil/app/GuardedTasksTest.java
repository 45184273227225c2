package dev.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.config.ConfigLoader;
import dev.vigil.sandbox.SandboxCluster;
import dev.vigil.services.ClusterMonitor;
import dev.vigil.services.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every periodic task of a running Vigil, made to throw once through the guard's test hook (as a
 * bug in it would): within two of its periods the error is logged, counted in
 * {@code vigil_internal_errors_total}, the cluster is FAILED with the task and error as the reason,
 * {@code /health} and {@code /ready} answer 503 and the dashboard's banner says MONITOR FAILED.
 * Before the fault everything reads healthy, so each check can fail. One sandbox for the class, one
 * Vigil (and monitor topic) per task, as FAILED lasts until a restart. The transition log's flush runs
 * only when a mass change left grouped lines waiting, not on a tick: its guard is checked in
 * {@code GuardedTimerTest} (services).
 */
class GuardedTasksTest {

    @RegisterExtension
    static final Teardown teardown = new Teardown();
    private static SandboxCluster sandbox;
    private Vigil vigil;

    @BeforeAll
    static void startSandbox() {
        sandbox = teardown.add(SandboxCluster.start(1));
    }

    @AfterEach
    void stopVigil() {
        if (vigil != null) {
            vigil.stop();
        }
    }

    /** @param periodMs how often the task runs in the config below; {@code process} tasks fail every cluster */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "finalizer, cluster, 250",
            "mirror-finalizer, cluster, 250",
            "harvest, cluster, 1000",
            "cluster-state, cluster, 1000",
            "dashboard-sampler, process, 2000",
            "slo, process, 10000",
            "summary, process, 1000"})
    void aTaskThatThrowsFailsTheClusterLoudly(String task, String owner, long periodMs) throws Exception {
        String topic = "guarded_" + task.replace('-', '_');
        String timing = VigilHttp.FAST_PROBES + ", \"replication.factor\": 1, \"offset.commit.probe\": false";
        vigil = new Vigil(ConfigLoader.parse("""
                {"http.port": 0, "summary.interval.ms": 1000,
                 "clusters": [
                   {"name": "c", "bootstrap.servers": "%s", "topic": "%s", %s,
                    "mirror": {"to": "dr", "sla.ms": 1000, "loss.grace.ms": 4000}},
                   {"name": "dr", "bootstrap.servers": "%s", "topic": "%s_dr", %s}]}"""
                .formatted(sandbox.bootstrapServers(), topic, timing, sandbox.bootstrapServers(), topic, timing),
                "guarded.json"));
        vigil.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> monitor().status() == ClusterMonitor.Status.RUNNING
                && get("/ready").statusCode() == 200);
        String series = "vigil_internal_errors_total{" + (owner.equals("cluster") ? "cluster=\"c\"," : "")
                + "task=\"" + task + "\"}";
        assertThat(get("/metrics").body()).contains(series + " 0.0");
        assertThat(banner().get("level").asText()).isNotEqualTo("FAILED");

        String reason = task + " task failed: IllegalStateException: injected into " + task;
        try (LogCapture logs = new LogCapture()) {
            vigil.guard().replaceNextRun(owner.equals("cluster") ? "c" : null, task, () -> {
                throw new IllegalStateException("injected into " + task);
            });

            java.util.function.Predicate<String> errorLine = l -> l.startsWith("ERROR")
                    && l.contains(task + " task failed") && l.contains("injected into " + task);
            // The guard records the failure (FAILED) a moment before it logs it: wait for both.
            await().atMost(Duration.ofMillis(2 * periodMs + 5_000)).pollInterval(Duration.ofMillis(50))
                    .until(() -> monitor().status() == ClusterMonitor.Status.FAILED
                            && logs.lines().stream().anyMatch(errorLine));
            assertThat(monitor().reason()).isEqualTo(reason);
            assertThat(logs.lines()).filteredOn(errorLine).hasSize(1);
        }
        assertThat(get("/metrics").body()).contains(series + " 1.0");
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains(reason);
        assertThat(get("/ready").statusCode()).isEqualTo(503);
        JsonNode banner = banner();
        assertThat(banner.get("level").asText()).isEqualTo("FAILED");
        assertThat(banner.get("reasons").get(0).asText()).isEqualTo("monitor failed: " + reason);
        // The other cluster of the process: failed too by a process-wide task, untouched by another's.
        ClusterMonitor.Status other = vigil.monitors().stream().filter(m -> m.name().equals("dr")).findFirst()
                .orElseThrow().status();
        assertThat(other).isEqualTo(owner.equals("process") ? ClusterMonitor.Status.FAILED : ClusterMonitor.Status.RUNNING);
    }

    private ClusterMonitor monitor() {
        return vigil.monitors().stream().filter(m -> m.name().equals("c")).findFirst().orElseThrow();
    }

    /** The dashboard banner's model: the cluster page's health verdict. */
    private JsonNode banner() throws Exception {
        return VigilHttp.banner(vigil, "c");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return VigilHttp.get(vigil, path);
    }
}
