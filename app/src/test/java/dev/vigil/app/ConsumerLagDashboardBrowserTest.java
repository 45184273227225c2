package dev.vigil.app;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's consumer-group panel in a real browser (Debian's chromium through chromium-driver) on Vigil
 * evaluating real consumer groups of a real sandbox every second over windows of three commits: a group whose
 * member consumed everything reads OK with no lag; one that left while records kept coming reads STOP, listed
 * first, with exactly the records it left unconsumed; each row's chart has points. Screenshot in target/.
 */
@RequiresTools({ExternalTool.CHROMIUM, ExternalTool.CHROMEDRIVER})
class ConsumerLagDashboardBrowserTest {

    private static final String CAUGHT_UP = "lagui-caught-up";
    private static final String STOPPED = "lagui-stopped";

    @RegisterExtension
    static final VigilOnSandbox running = new VigilOnSandbox(1, bootstrap -> """
            {"http.port": 0, "summary.interval.ms": 60000,
             "clusters": [{"name": "c", "bootstrap.servers": "%s", "replication.factor": 1, %s,
               "offset.commit.probe": false,
               "consumer.groups.include": "lagui-.*", "lag.interval.ms": 1000, "lag.window": 3}]}"""
            .formatted(bootstrap, VigilHttp.FAST_PROBES));

    private ChromeDriver browser;

    @Test
    void showsEachGroupsBurrowStatusWorstFirstWithItsLagAndItsLagOverTime() throws Exception {
        String bootstrap = running.sandbox().bootstrapServers();
        try (Admin admin = Admin.create(running.sandbox().adminConfig());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
             KafkaConsumer<byte[], byte[]> caughtUp = consumer(bootstrap, CAUGHT_UP);
             HeadlessChromium.Session session = HeadlessChromium.Session.open(options -> {
                 LoggingPreferences logs = new LoggingPreferences();
                 logs.enable(LogType.BROWSER, Level.ALL);
                 options.setCapability("goog:loggingPrefs", logs);
             })) {
            browser = session.browser();
            admin.createTopics(List.of(new NewTopic("lagui-a", 1, (short) 1), new NewTopic("lagui-b", 1, (short) 1)))
                    .all().get();
            produce(producer, "lagui-a", 30);
            produce(producer, "lagui-b", 30);

            // A member that read all 30 of its topic and stays in the group.
            consumeToEndAndCommit(caughtUp, "lagui-a", 30);
            // A member that read all 30 of its topic and left; 20 more records come after it.
            try (KafkaConsumer<byte[], byte[]> stopped = consumer(bootstrap, STOPPED)) {
                consumeToEndAndCommit(stopped, "lagui-b", 30);
            }
            produce(producer, "lagui-b", 20);

            browser.get("http://127.0.0.1:" + running.vigil().httpPort() + "/");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Boolean.FALSE.equals(js("return document.getElementById('lag-panel').hidden")));
            // Its window ages with no commit while records wait: STOP once the last three end offsets passed it.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> rows().equals(List.of(STOPPED + " STOP", CAUGHT_UP + " OK")));
            assertThat(cell(STOPPED, 1)).isEqualTo("✕ STOP");
            assertThat(cell(STOPPED, 2)).isEqualTo("20");
            assertThat(cell(STOPPED, 3)).endsWith(" s");
            assertThat(cell(STOPPED, 4)).isEqualTo("0");
            assertThat(cell(CAUGHT_UP, 1)).isEqualTo("✓ OK");
            assertThat(cell(CAUGHT_UP, 2)).isEqualTo("0");
            assertThat(cell(CAUGHT_UP, 3)).isEqualTo("0.0 s");
            assertThat(cell(CAUGHT_UP, 4)).isEqualTo("1");
            // Each evaluation the sampler saw is a point of records and one of seconds on the row's chart.
            await().atMost(Duration.ofSeconds(20)).until(() -> chartPoints(STOPPED) >= 4 && chartPoints(CAUGHT_UP) >= 4);
            assertThat((String) js("return document.getElementById('lag-summary').textContent"))
                    .startsWith("2 of 2 groups shown, evaluated ");
            screenshot("dashboard-consumer-groups");

            List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(LogEntry::getMessage).toList();
            assertThat(errors).as("browser console errors").isEmpty();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    private static void produce(KafkaProducer<byte[], byte[]> producer, String topic, int records) throws Exception {
        for (int i = 0; i < records; i++) {
            producer.send(new ProducerRecord<>(topic, new byte[10])).get();
        }
    }

    /** Joins the group on the topic, polls until its position is {@code end} and commits it. */
    private static void consumeToEndAndCommit(KafkaConsumer<byte[], byte[]> consumer, String topic, long end) {
        TopicPartition tp = new TopicPartition(topic, 0);
        consumer.subscribe(List.of(topic));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return consumer.assignment().contains(tp) && consumer.position(tp) >= end;
        });
        consumer.commitSync();
    }

    // The panel redraws every 2 s: each read is one script, never an element handle a redraw would make stale.

    /** The panel's rows in order, each as its group and its status. */
    @SuppressWarnings("unchecked")
    private List<String> rows() {
        return (List<String>) js("return Array.from(document.querySelectorAll('#lag-table tbody tr'))"
                + ".map(r => r.getAttribute('data-group') + ' ' + r.getAttribute('data-status'))");
    }

    private String cell(String group, int column) {
        return (String) js("return document.querySelector(\"#lag-table tr[data-group='\" + arguments[0] + \"']\")"
                + ".children[arguments[1]].textContent", group, column);
    }

    private int chartPoints(String group) {
        return Integer.parseInt((String) js("return document.querySelector(\"#lag-table tr[data-group='\" + arguments[0]"
                + " + \"'] .lag-chart\").getAttribute('data-points')", group));
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private void screenshot(String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Dimension window = browser.manage().window().getSize();
        long height = (Long) js("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(height + 140, 4_000)));
        try {
            Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), dir.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.manage().window().setSize(window);
        }
    }
}
