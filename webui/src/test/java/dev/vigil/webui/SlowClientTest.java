package dev.vigil.webui;

import dev.vigil.core.config.HttpConfig;
import dev.vigil.webui.dashboard.FixedClusters;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 200 loopback connections trickling a byte a second, for a bounded 15 s: 150 send a POST body to
 * /jolokia that way (each holds a thread while Jetty waits for its body), 50 their headers. /health
 * must answer within 1 s throughout (the bound: an orchestrator's probe timeout), the
 * tricklers are dropped and come back, and the heap does not grow with them.
 */
class SlowClientTest {

    private static final int BODY_TRICKLERS = 150;
    private static final int HEADER_TRICKLERS = 50;
    private static final Duration ATTACK = Duration.ofSeconds(15);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(1);

    /** One slow client: reconnects and starts over when the server drops it. */
    private static final class Trickler {
        private final int port;
        private final boolean body;
        private final AtomicInteger drops;
        private Socket socket;
        private byte[] pending;
        private int sent;

        Trickler(int port, boolean body, AtomicInteger drops) {
            this.port = port;
            this.body = body;
            this.drops = drops;
        }

        /** Called once a second: one more byte (after a body trickler's headers, sent at once). */
        synchronized void tick() {
            try {
                if (socket == null || sent == pending.length) {
                    connect();
                }
                OutputStream out = socket.getOutputStream();
                out.write(pending[sent++]);
                out.flush();
            } catch (IOException e) {
                drops.incrementAndGet();
                close();
            }
        }

        private void connect() throws IOException {
            close();
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            String head = "POST /jolokia HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
            if (body) {
                socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
                pending = " ".repeat(1000).getBytes(StandardCharsets.ISO_8859_1);
            } else {
                pending = head.getBytes(StandardCharsets.ISO_8859_1);
            }
            sent = 0;
        }

        synchronized void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a dropped connection
                }
                socket = null;
            }
        }
    }

    @Test
    void healthStaysLiveWhileSlowClientsHoldConnections() throws Exception {
        WebServer server = TestWebServers.server(new HttpConfig("127.0.0.1", 0, List.of()), TestWebServers.PROBING,
                new FixedClusters());
        server.start();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(4);
        List<Trickler> tricklers = new ArrayList<>();
        AtomicInteger drops = new AtomicInteger();
        try {
            long heapBefore = usedHeapAfterGc();
            for (int i = 0; i < BODY_TRICKLERS + HEADER_TRICKLERS; i++) {
                Trickler t = new Trickler(server.port(), i < BODY_TRICKLERS, drops);
                tricklers.add(t);
                clock.scheduleAtFixedRate(t::tick, i * 5L, 1000, TimeUnit.MILLISECONDS);
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                    .timeout(HEALTH_TIMEOUT).build();
            int answered = 0;
            long end = System.nanoTime() + ATTACK.toNanos();
            while (System.nanoTime() < end) {
                // A timeout throws HttpTimeoutException and fails the test: that is the bound.
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                answered++;
                Thread.sleep(200);
            }
            assertThat(answered).isGreaterThan(20);
            assertThat(drops.get()).as("slow clients dropped by the server").isGreaterThanOrEqualTo(BODY_TRICKLERS);
            long heapAfter = usedHeapAfterGc();
            assertThat(heapAfter - heapBefore).as("heap growth, bytes").isLessThan(32L * 1024 * 1024);
        } finally {
            clock.shutdownNow();
            tricklers.forEach(Trickler::close);
            server.stop();
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
