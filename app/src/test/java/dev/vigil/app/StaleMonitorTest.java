package dev.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.services.ClusterMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A monitor whose timer thread hangs (a deadlock, say: no exception, so nothing is FAILED) stops
 * judging while it still runs. Its verdict ages grow past their bounds: /ready answers 503 naming
 * the stale kinds, the banner says so, {@code vigil_verdict_age_seconds} shows it; and when the
 * thread is released, all of it clears.
 */
class StaleMonitorTest {

    private static final Pattern AGE = Pattern.compile(
            "vigil_verdict_age_seconds\\{cluster=\"c\",kind=\"([a-z_]+)\"} ([0-9.E-]+)");

    @RegisterExtension
    static final VigilOnSandbox running = new VigilOnSandbox(1, bootstrap -> """
            {"http.port": 0,
             "clusters": [{"name": "c", "bootstrap.servers": "%s", "replication.factor": 1, %s,
               "offset.commit.sla.ms": 1000,
               "connection.check.interval.ms": 1000, "connection.check.timeout.ms": 500}]}"""
            .formatted(bootstrap, VigilHttp.FAST_PROBES));

    @Test
    void aHungTimerMakesTheMonitorStaleUntilItRuns() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/ready").statusCode() == 200
                && !banner().get("level").asText().equals("STARTING"));
        // Fresh: every kind is there, well within its bound (harvest 2 s + 5 s allowance).
        List<String> kinds = new ArrayList<>();
        Matcher ages = AGE.matcher(get("/metrics").body());
        while (ages.find()) {
            kinds.add(ages.group(1));
            assertThat(Double.parseDouble(ages.group(2))).as(ages.group(1)).isLessThan(7.0);
        }
        assertThat(kinds).containsExactlyInAnyOrder("produce", "consume", "offset_commit", "harvest", "metadata",
                "connection_check");
        assertThat(get("/metrics").body()).contains("vigil_verdict_age_bound_seconds{cluster=\"c\",kind=\"harvest\"} 7.0");

        CountDownLatch release = new CountDownLatch(1);
        running.vigil().guard().replaceNextRun("c", "harvest", () -> {
            try {
                release.await(); // the finalizer's thread: the consume verdicts stop with it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get("/ready").statusCode() == 503);
            HttpResponse<String> ready = get("/ready");
            assertThat(ready.body()).contains("harvest verdicts stale: ").contains("(bound 7 s)");
            assertThat(monitor().status()).isEqualTo(ClusterMonitor.Status.RUNNING); // stale, not failed
            // Staleness is a readiness matter: it can be the cluster's doing (a hung fetch path) as well as Vigil's.
            assertThat(get("/health").statusCode()).isEqualTo(200);
            JsonNode banner = banner();
            assertThat(banner.get("level").asText()).isEqualTo("DEGRADED");
            assertThat(banner.get("reasons").get(0).asText()).startsWith("monitor stale: harvest verdicts stale: ");
            assertThat(ageOf("harvest")).isGreaterThan(7.0);
        } finally {
            release.countDown();
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/ready").statusCode() == 200);
        assertThat(ageOf("harvest")).isLessThan(7.0);
        assertThat(monitor().staleVerdicts()).isEmpty();
    }

    private static double ageOf(String kind) throws Exception {
        Matcher ages = AGE.matcher(get("/metrics").body());
        while (ages.find()) {
            if (ages.group(1).equals(kind)) {
                return Double.parseDouble(ages.group(2));
            }
        }
        throw new AssertionError("no verdict age for " + kind);
    }

    private static ClusterMonitor monitor() {
        return running.vigil().monitors().get(0);
    }

    private static JsonNode banner() throws Exception {
        return VigilHttp.banner(running.vigil(), "c");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return VigilHttp.get(running.vigil(), path);
    }
}
