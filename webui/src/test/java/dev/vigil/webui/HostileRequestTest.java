package dev.vigil.webui;

import dev.vigil.core.config.HttpConfig;
import dev.vigil.webui.dashboard.FixedClusters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a hostile page or network host can send, over raw HTTP: DNS rebinding (a foreign Host) on
 * every path, state changes without a same-origin proof, an oversized body; and what a request
 * from another host learns from /health.
 */
class HostileRequestTest {

    private static final String STOP = "/api/v1/clusters/sandbox/sandbox/brokers/1/stop";
    private static final List<String> PATHS = List.of("/", "/index.html", "/dashboard.js", "/metrics", "/health",
            "/ready", "/api/v1/clusters", "/api/v1/clusters/sandbox", "/jolokia/version",
            "/jolokia/read/java.lang:type=Memory/HeapMemoryUsage", "/vendor/uplot/uPlot.iife.min.js", "/nope");

    private static final FixedClusters clusters = new FixedClusters();
    private static FixedClusters.RecordingControls controls;
    private static WebServer server;
    private static int port;

    @BeforeAll
    static void start() {
        controls = clusters.sandbox("sandbox", 3);
        server = server(new HttpConfig("127.0.0.1", 0, List.of(), HttpConfig.Security.NONE,
                List.of("vigil.monitoring.svc"), false));
        server.start();
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void clearCalls() {
        controls.calls.clear();
    }

    @Test
    void aForeignHostIsRefusedOnEveryPath() throws Exception {
        for (String host : List.of("attacker.example:" + port, "attacker.example", "127.0.0.1.attacker.example",
                "localhost.attacker.example:" + port, "10.1.2.3:" + port)) {
            for (String path : PATHS) {
                RawHttp.Answer get = RawHttp.get(port, path, host);
                assertThat(get.status()).as(host + path).isEqualTo(421);
                assertThat(get.body()).as(host + path).startsWith("this Host is not served here");
                assertThat(get.header("Cross-Origin-Resource-Policy")).as(host + path).isEqualTo("same-origin");
            }
            RawHttp.Answer post = RawHttp.post(port, STOP, host, "{}", "Origin: http://" + host,
                    "Sec-Fetch-Site: same-origin");
            assertThat(post.status()).as(host).isEqualTo(421);
        }
        assertThat(controls.calls).isEmpty();
    }

    @Test
    void loopbackTheBoundAddressAndConfiguredNamesAreServed() throws Exception {
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "localhost.:" + port,
                "[::1]:" + port, "vigil.monitoring.svc:" + port, "Vigil.Monitoring.Svc")) {
            assertThat(RawHttp.get(port, "/api/v1/clusters", host).status()).as(host).isEqualTo(200);
        }
    }

    @Test
    void aChangeNeedsASameOriginProof() throws Exception {
        String own = "http://127.0.0.1:" + port;
        String host = "127.0.0.1:" + port;
        List<List<String>> refused = List.of(
                List.of(),                                                         // curl, or a browser that sends neither
                List.of("Origin: https://attacker.example"),
                List.of("Origin: null"),                                           // sandboxed iframe, file:
                List.of("Sec-Fetch-Site: cross-site"),
                List.of("Sec-Fetch-Site: same-site", "Origin: http://127.0.0.1:1"),
                List.of("Sec-Fetch-Site: cross-site", "Origin: " + own),          // the browser's word wins
                List.of("Sec-Fetch-Site: none"),
                List.of("Sec-Fetch-Site: same-origin", "Origin: https://attacker.example"),
                List.of("Origin: " + own.replace("http:", "https:")));
        for (List<String> headers : refused) {
            RawHttp.Answer r = RawHttp.post(port, STOP, host, "{}", headers.toArray(String[]::new));
            assertThat(r.status()).as(headers.toString()).isEqualTo(403);
            assertThat(r.body()).as(headers.toString()).startsWith("changes need a same-origin request");
        }
        assertThat(controls.calls).isEmpty();

        assertThat(RawHttp.post(port, STOP, host, "{}", "Sec-Fetch-Site: same-origin", "Origin: " + own).status())
                .isEqualTo(200);
        assertThat(RawHttp.post(port, "/api/v1/clusters/sandbox/sandbox/brokers/1/start", host, "{}",
                "Origin: " + own).status()).isEqualTo(200);
        assertThat(controls.calls).containsExactly("stop 1", "start 1");
    }

    @Test
    void everyAnswerCarriesTheCrossOriginPolicies() throws Exception {
        List<RawHttp.Answer> answers = new java.util.ArrayList<>();
        for (String path : PATHS) {
            answers.add(RawHttp.get(port, path, "127.0.0.1:" + port));
        }
        answers.add(RawHttp.get(port, "/", "attacker.example"));
        answers.add(RawHttp.post(port, STOP, "127.0.0.1:" + port, "{}"));
        answers.add(RawHttp.exchange("127.0.0.1", port, "POST /api/v1/clusters HTTP/1.1\r\nHost: 127.0.0.1",
                new byte[(int) WebServer.MAX_REQUEST_BODY + 1]));
        for (RawHttp.Answer a : answers) {
            assertThat(a.header("Cross-Origin-Resource-Policy")).as(a.status() + " " + a.body()).isEqualTo("same-origin");
            assertThat(a.header("Cross-Origin-Opener-Policy")).as(a.status() + " " + a.body()).isEqualTo("same-origin");
            assertThat(a.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
        assertThat(answers.stream().map(RawHttp.Answer::status).distinct().sorted().toList())
                .containsExactly(200, 403, 404, 413, 421, 503);
    }

    @Test
    void aBodyOverTheLimitGets413() throws Exception {
        byte[] tenMegabytes = new byte[10 * 1024 * 1024];
        Arrays.fill(tenMegabytes, (byte) ' ');
        for (String path : List.of("/jolokia", "/api/v1/clusters/sandbox/sandbox/brokers/1/latency", "/health")) {
            RawHttp.Answer r = RawHttp.exchange("127.0.0.1", port, "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:"
                    + port + "\r\nContent-Type: application/json\r\nOrigin: http://127.0.0.1:" + port, tenMegabytes);
            assertThat(r.status()).as(path).isEqualTo(413);
        }
        RawHttp.Answer justUnder = RawHttp.exchange("127.0.0.1", port, "POST /jolokia HTTP/1.1\r\nHost: 127.0.0.1:"
                + port + "\r\nContent-Type: application/json",
                ("{\"type\":\"version\"}" + " ".repeat((int) WebServer.MAX_REQUEST_BODY - 100)).getBytes());
        assertThat(justUnder.status()).isEqualTo(200);
        assertThat(controls.calls).isEmpty();
    }

    @Test
    void onANonLoopbackBindWithoutAuthenticationNoOneMayChangeAnything() throws Exception {
        WebServer exposed = server(new HttpConfig("0.0.0.0", 0, List.of(), HttpConfig.Security.NONE, List.of(), true));
        exposed.start();
        try {
            RawHttp.Answer r = RawHttp.post(exposed.port(), STOP, "127.0.0.1:" + exposed.port(), "{}",
                    "Sec-Fetch-Site: same-origin", "Origin: http://127.0.0.1:" + exposed.port());
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.body()).isEqualTo("changes are refused: Vigil is reachable from other hosts without"
                    + " authentication; set \"http.auth.users.file\" to use the sandbox controls\n");
            assertThat(controls.calls).isEmpty();
        } finally {
            exposed.stop();
        }
    }

    @Test
    void anotherHostLearnsTheStatusOnlyFromHealth() throws Exception {
        Optional<InetAddress> lan = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()).findFirst();
        assumeTrue(lan.isPresent(), "no non-loopback IPv4 address to come from");
        String address = lan.get().getHostAddress();
        List<ComponentHealth> health = List.of(new ComponentHealth("prod-eu", true, false, "UNREACHABLE",
                "TimeoutException: kafka-0.prod.internal:9093"));
        WebServer exposed = TestWebServers.server(new HttpConfig("0.0.0.0", 0, List.of(), HttpConfig.Security.NONE,
                List.of(), true), () -> health, clusters);
        exposed.start();
        try {
            for (String path : List.of("/health", "/ready")) {
                // From the LAN address to the LAN address: the remote address is not loopback.
                RawHttp.Answer remote = RawHttp.exchange(address, exposed.port(), "GET " + path + " HTTP/1.1\r\nHost: "
                        + address + ":" + exposed.port(), new byte[0]);
                RawHttp.Answer local = RawHttp.get(exposed.port(), path, "127.0.0.1:" + exposed.port());
                assertThat(remote.body()).as(path).isEqualTo(path.equals("/health") ? "{\"status\":\"UP\"}"
                        : "{\"status\":\"DOWN\"}");
                assertThat(local.body()).as(path).contains("prod-eu", "kafka-0.prod.internal");
            }
        } finally {
            exposed.stop();
        }
    }

    private static WebServer server(HttpConfig config) {
        return TestWebServers.server(config, List::of, clusters);
    }
}
