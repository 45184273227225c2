package dev.vigil.app;

import dev.vigil.core.config.ConfigLoader;
import dev.vigil.sandbox.SandboxCluster;
import dev.vigil.sandbox.StopMode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real browser on Vigil probing a 1,000-partition monitor topic of a real 3-broker sandbox
 * (replication factor 1, so the machine holds it: 1,000 partition logs rather than 3,000): the page shows the
 * partition counts without one cell per partition, opens the whole grid on demand in pages of 500, switches the
 * charts to the last 24 h, and when a broker stops counts exactly the partitions it led as failing and without
 * a leader, and shows the worst 20 of them.
 */
@RequiresTools({ExternalTool.CHROMIUM, ExternalTool.CHROMEDRIVER})
class DashboardScaleBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String TOPIC = "__vigil_scale";
    private static final int PARTITIONS = 1_000;

    @RegisterExtension
    static final Teardown teardown = new Teardown();
    private static SandboxCluster sandbox;
    private static Vigil vigil;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        sandbox = teardown.add(SandboxCluster.start(3));
        try (Admin admin = Admin.create(sandbox.adminConfig())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
            await().atMost(Duration.ofSeconds(120)).until(() -> describe(admin).partitions().stream()
                    .filter(p -> p.leader() != null && !p.leader().isEmpty()).count() == PARTITIONS);
        }
        vigil = teardown.start(new Vigil(ConfigLoader.parse("""
                {"http.port": 0, "summary.interval.ms": 60000,
                 "clusters": [{"name": "big", "bootstrap.servers": "%s", "topic": "%s", "topic.management": "off",
                   "probe.interval.ms": 2000, "offset.commit.probe": false, "cluster.state.interval.ms": 2000}]}"""
                .formatted(sandbox.bootstrapServers(), TOPIC), "scale.json")));
        browser = teardown.add(HeadlessChromium.Session.open()).browser();
        Files.createDirectories(SCREENSHOTS);
    }

    @Test
    void countsThePartitionsOpensTheGridOnDemandAndNamesAStoppedBrokersPartitions() throws Exception {
        browser.get("http://127.0.0.1:" + vigil.httpPort() + "/");

        // Every partition probed and none failing, counted; no cell drawn for any of them until the grid is opened.
        // (A loaded machine's first probes may arrive late: those partitions count as consume late for a window.)
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> text("#partition-counts").startsWith("1,000 partitions: ")
                        && text("#partition-counts").contains(" · 0 ✕ produce failing · ")
                        && text("#partition-counts").contains(" · 0 … no data · "));
        assertThat(cells("#partition-grid")).isEmpty();
        assertThat(cells("#partition-worst")).hasSizeLessThanOrEqualTo(20);
        screenshot("dashboard-1000-partitions");

        click("partition-grid-toggle");
        await().atMost(Duration.ofSeconds(10)).until(() -> cells("#partition-grid").size() == 500);
        assertThat(cells("#partition-grid")).containsExactlyElementsOf(IntStream.range(0, 500).boxed().toList());
        assertThat(text("#partition-grid-range")).isEqualTo("partitions 0–499 of 1,000");
        screenshot("dashboard-1000-partitions-grid");
        click("partition-grid-next");
        await().atMost(Duration.ofSeconds(10)).until(() -> text("#partition-grid-range").equals("partitions 500–999 of 1,000"));
        assertThat(cells("#partition-grid")).containsExactlyElementsOf(IntStream.range(500, 1_000).boxed().toList());
        click("partition-grid-toggle");
        await().atMost(Duration.ofSeconds(10)).until(() -> cells("#partition-grid").isEmpty());

        // The charts' day: a point a minute, availability as a 1 min rate; then back to the 15 minutes.
        js("const s = document.getElementById('chart-range'); s.value = '24h'; s.dispatchEvent(new Event('change'));");
        await().atMost(Duration.ofSeconds(10)).until(() -> text("#availability-title").equals("Availability, 1 min rate")
                && points("chart-produce") > 0);
        js("const s = document.getElementById('chart-range'); s.value = '15m'; s.dispatchEvent(new Event('change'));");
        await().atMost(Duration.ofSeconds(10)).until(() -> text("#availability-title").equals("Availability, 10 s rate")
                && points("chart-produce") > 0);

        // Broker 1's partitions have their only replica there: all of them fail and lose their leader, exactly those,
        // and the worst shown are among them.
        List<Integer> ledByOne;
        try (Admin admin = Admin.create(sandbox.adminConfig())) {
            ledByOne = describe(admin).partitions().stream().filter(p -> p.leader().id() == 1)
                    .map(p -> p.partition()).toList();
        }
        sandbox.stopBroker(1, StopMode.ABRUPT);
        String failing = String.format(" · %,d ✕ produce failing · ", ledByOne.size());
        String leaderless = String.format(" · %,d without a leader · ", ledByOne.size());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> text("#partition-counts").contains(failing) && text("#partition-counts").contains(leaderless));
        await().atMost(Duration.ofSeconds(10)).until(() -> cells("#partition-worst").size() == 20);
        assertThat(ledByOne).containsAll(cells("#partition-worst"));
        assertThat(text("#partition-more")).startsWith("The 20 worst shown; ");
        screenshot("dashboard-1000-partitions-broker-1-stopped");
    }

    private static TopicDescription describe(Admin admin) throws Exception {
        return admin.describeTopics(Set.of(TOPIC)).allTopicNames().get().get(TOPIC);
    }

    private static String text(String selector) {
        return (String) js("const e = document.querySelector(arguments[0]); return e === null ? '' : e.textContent;",
                selector);
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> cells(String container) {
        List<Object> ids = (List<Object>) js("return Array.from(document.querySelectorAll(arguments[0] + ' .cell'))"
                + ".map(c => Number(c.getAttribute('data-partition')))", container);
        return ids.stream().map(o -> ((Number) o).intValue()).toList();
    }

    private static int points(String chart) {
        return Integer.parseInt((String) js("return document.getElementById(arguments[0]).getAttribute('data-points')", chart));
    }

    private static void click(String id) {
        js("document.getElementById(arguments[0]).click()", id);
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
