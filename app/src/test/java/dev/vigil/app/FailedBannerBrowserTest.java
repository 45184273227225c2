package dev.vigil.app;

import dev.vigil.core.config.ConfigLoader;
import dev.vigil.sandbox.SandboxCluster;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

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

    @Test
    void aFailedMonitorsBannerSaysMonitorFailedAndWhy() throws IOException {
        try (SandboxCluster sandbox = SandboxCluster.start(1); HeadlessChromium.Session session = HeadlessChromium.Session.open()) {
            Vigil vigil = new Vigil(ConfigLoader.parse("""
                    {"http.port": 0, "summary.interval.ms": 60000,
                     "clusters": [{"name": "c", "bootstrap.servers": "%s", "replication.factor": 1, %s,
                       "offset.commit.probe": false}]}""".formatted(sandbox.bootstrapServers(), VigilHttp.FAST_PROBES),
                    "failed.json"));
            vigil.start();
            try {
                showsMonitorFailedOnceATaskThrows(session.browser(), vigil);
            } finally {
                vigil.stop();
            }
        }
    }

    private static void showsMonitorFailedOnceATaskThrows(ChromeDriver browser, Vigil vigil) {
        browser.get("http://127.0.0.1:" + vigil.httpPort() + "/");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> "HEALTHY".equals(level(browser)));
        String downColour = (String) js(browser, "const probe = document.createElement('div');"
                + " probe.style.background = 'var(--bad)'; document.body.appendChild(probe);"
                + " const c = getComputedStyle(probe).backgroundColor; probe.remove(); return c;");
        assertThat(bannerColour(browser)).isNotEqualTo(downColour);

        vigil.guard().replaceNextRun("c", "harvest", () -> {
            throw new IllegalStateException("injected into harvest");
        });

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> "FAILED".equals(level(browser)));
        assertThat(js(browser, "return document.getElementById('banner-text').textContent")).isEqualTo("MONITOR FAILED");
        assertThat(js(browser, "return document.getElementById('banner-icon').textContent")).isEqualTo("✕");
        assertThat(js(browser, "return Array.from(document.querySelectorAll('#banner-reasons li')).map(li => li.textContent)"))
                .isEqualTo(List.of("monitor failed: harvest task failed: IllegalStateException: injected into harvest"));
        assertThat(js(browser, "return document.querySelectorAll('#banner-notices li').length")).isEqualTo(0L);
        assertThat(bannerColour(browser)).isEqualTo(downColour);
    }

    private static String level(ChromeDriver browser) {
        return (String) js(browser, "return document.getElementById('banner').getAttribute('data-level')");
    }

    private static String bannerColour(ChromeDriver browser) {
        return (String) js(browser, "return getComputedStyle(document.getElementById('banner')).backgroundColor");
    }

    private static Object js(ChromeDriver browser, String script) {
        return browser.executeScript(script);
    }
}
