package dev.vigil.app;

import dev.vigil.core.config.ConfigLoader;
import dev.vigil.sandbox.SandboxCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard of a monitor that failed, in a real browser: a periodic task throws, and the banner reads
 * MONITOR FAILED (not the level's bare name, and not DOWN: the cluster may be fine, Vigil is not) with the
 * failure as its only reason, no notice, and the colour of a down cluster.
 */
@RequiresTools({ExternalTool.CHROMIUM, ExternalTool.CHROMEDRIVER})
class FailedBannerBrowserTest {

    private static SandboxCluster sandbox;
    private static Vigil vigil;
    private static HeadlessChromium.Session session;

    @BeforeAll
    static void start() throws IOException {
        sandbox = SandboxCluster.start(1);
        vigil = new Vigil(ConfigLoader.parse("""
                {"http.port": 0, "summary.interval.ms": 60000,
                 "clusters": [{"name": "c", "bootstrap.servers": "%s", "replication.factor": 1, %s,
                   "offset.commit.probe": false}]}""".formatted(sandbox.bootstrapServers(), VigilHttp.FAST_PROBES),
                "failed.json"));
        vigil.start();
        session = HeadlessChromium.Session.open();
    }

    @AfterAll
    static void stop() throws IOException {
        if (session != null) {
            session.close();
        }
        if (vigil != null) {
            vigil.stop();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void aFailedMonitorsBannerSaysMonitorFailedAndWhy() {
        session.browser().get("http://127.0.0.1:" + vigil.httpPort() + "/");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> "HEALTHY".equals(level()));
        String downColour = (String) js("const probe = document.createElement('div');"
                + " probe.style.background = 'var(--bad)'; document.body.appendChild(probe);"
                + " const c = getComputedStyle(probe).backgroundColor; probe.remove(); return c;");
        assertThat(bannerColour()).isNotEqualTo(downColour);

        vigil.guard().replaceNextRun("c", "harvest", () -> {
            throw new IllegalStateException("injected into harvest");
        });

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> "FAILED".equals(level()));
        assertThat(js("return document.getElementById('banner-text').textContent")).isEqualTo("MONITOR FAILED");
        assertThat(js("return document.getElementById('banner-icon').textContent")).isEqualTo("✕");
        assertThat(js("return Array.from(document.querySelectorAll('#banner-reasons li')).map(li => li.textContent)"))
                .isEqualTo(List.of("monitor failed: harvest task failed: IllegalStateException: injected into harvest"));
        assertThat(js("return document.querySelectorAll('#banner-notices li').length")).isEqualTo(0L);
        assertThat(bannerColour()).isEqualTo(downColour);
    }

    private static String level() {
        return (String) js("return document.getElementById('banner').getAttribute('data-level')");
    }

    private static String bannerColour() {
        return (String) js("return getComputedStyle(document.getElementById('banner')).backgroundColor");
    }

    private static Object js(String script) {
        return session.browser().executeScript(script);
    }
}
