package dev.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.core.config.ConfigLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hostile page in a real browser ({@link HeadlessChromium}) while Vigil runs on a real sandbox: the page, served by a second
 * local HTTP server on another port (so another origin, the same site), tries JSONP with
 * {@code referrerpolicy="no-referrer"}, {@code fetch} in no-cors and cors modes, form and fetch
 * POSTs to the sandbox's "stop broker", image and script includes of /metrics, /api and /jolokia,
 * and the dashboard in a frame. It obtains no data and no broker stops. Then DNS rebinding: the
 * browser resolves a foreign name to Vigil's address and gets 421 on every path.
 */
@RequiresTools({ExternalTool.CHROMIUM, ExternalTool.CHROMEDRIVER})
class AttackPageBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REBOUND = "rebound.attacker.test";

    @RegisterExtension
    static final Teardown teardown = new Teardown();
    private static Vigil vigil;
    private static HttpServer attacker;
    private static final List<String> attackerLog = new CopyOnWriteArrayList<>();
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        vigil = teardown.start(new Vigil(ConfigLoader.parse("""
                {"http.port": 0, "summary.interval.ms": 60000,
                 "clusters": [{"name": "sandbox", "sandbox": {"brokers": 1}, "replication.factor": 1,
                               "probe.interval.ms": 500}]}""", "test.json")));

        String page;
        try (InputStream in = AttackPageBrowserTest.class.getResourceAsStream("attack.html")) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("__VIGIL__", "http://127.0.0.1:" + vigil.httpPort());
        }
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attacker.createContext("/", exchange -> {
            attackerLog.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        teardown.add(() -> attacker.stop(0));
        attacker.start();

        // DNS rebinding without a DNS server: the attacker's name resolves to Vigil's address.
        browser = teardown.add(HeadlessChromium.Session.open("--host-resolver-rules=MAP " + REBOUND + " 127.0.0.1"))
                .browser();
    }

    @Test
    void theAttackPageObtainsNothingAndStopsNoBroker() throws Exception {
        await().atMost(Duration.ofSeconds(90)).until(() -> brokerRunning(1));
        for (String host : List.of("127.0.0.1", "localhost")) {
            browser.get("http://" + host + ":" + attacker.getAddress().getPort() + "/attack.html");
            await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) browser.executeScript(
                    "return window.pending === undefined ? -1 : window.pending")).intValue() == 0);
            Map<String, Map<String, String>> outcomes = outcomes();
            System.out.println("attack page from " + host + ": " + outcomes);

            assertThat(outcomes).hasSize(29);
            outcomes.forEach((attack, outcome) -> assertThat(outcome.get("data")).as(host + ": " + attack).isEmpty());
            outcomes.forEach((attack, outcome) -> assertThat(outcome.get("outcome")).as(host + ": " + attack)
                    .isIn("error", "refused", "opaque", "submitted", "loaded"));
            outcomes.entrySet().stream().filter(e -> e.getKey().startsWith("jsonp") || e.getKey().startsWith("img")
                    || e.getKey().startsWith("script")).forEach(e -> assertThat(e.getValue().get("outcome"))
                    .as(host + ": " + e.getKey()).isEqualTo("error"));
            // The form POSTs cannot be observed by the page: the broker must keep running while they arrive.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> brokerRunning(1));
        }
        assertThat(attackerLog).filteredOn(l -> l.contains("attack")).containsExactly("GET /attack.html", "GET /attack.html");
    }

    @Test
    void aReboundNameGets421OnEveryPath() throws Exception {
        for (String path : List.of("/", "/api/v1/clusters", "/metrics", "/jolokia/version", "/health")) {
            browser.get("http://" + REBOUND + ":" + vigil.httpPort() + path);
            String text = (String) browser.executeScript("return document.body.innerText");
            assertThat(text).as(path).startsWith("this Host is not served here");
        }
        browser.get("http://" + REBOUND + ":" + vigil.httpPort() + "/");
        String result = (String) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " fetch('/api/v1/clusters').then(r => r.text().then(t => done(r.status + ' ' + t)), e => done('error ' + e));");
        assertThat(result).startsWith("421 this Host is not served here");
        String stop = (String) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " fetch('/api/v1/clusters/sandbox/sandbox/brokers/1/stop', {method: 'POST',"
                + " headers: {'Content-Type': 'application/json'}, body: '{}'})"
                + ".then(r => done(String(r.status)), e => done('error ' + e));");
        assertThat(stop).isEqualTo("421");
        await().atMost(Duration.ofSeconds(90)).until(() -> brokerRunning(1));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> brokerRunning(1));
    }

    private static Map<String, Map<String, String>> outcomes() throws IOException {
        String json = (String) browser.executeScript("return JSON.stringify(window.attack)");
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        JSON.readTree(json).properties().forEach(e -> out.put(e.getKey(),
                Map.of("outcome", e.getValue().get("outcome").asText(), "data", e.getValue().get("data").asText())));
        return out;
    }

    /** Broker {@code id}'s state as the sandbox panel reports it, asked the way the dashboard asks. */
    private static boolean brokerRunning(int id) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + vigil.httpPort() + "/api/v1/clusters/sandbox")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode sandbox = JSON.readTree(r.body()).get("sandbox");
        if (sandbox == null || sandbox.isNull()) {
            return false;
        }
        List<Boolean> running = new ArrayList<>();
        sandbox.get("brokers").forEach(b -> {
            if (b.get("id").asInt() == id) {
                running.add(b.get("running").asBoolean());
            }
        });
        return running.equals(List.of(true));
    }
}
