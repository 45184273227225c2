package dev.vigil.webui;

import dev.vigil.core.config.HttpConfig;
import dev.vigil.webui.dashboard.FixedClusters;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 300 idle loopback connections: the server holds at most {@link WebServer#MAX_CONNECTIONS} of them
 * (file descriptors the Kafka clients need too), closes idle ones early while at that limit, and
 * answers /health again once they are gone.
 */
class ConnectionLimitTest {

    @Test
    void idleConnectionsAreBoundedAndShedAtTheLimit() throws Exception {
        WebServer server = TestWebServers.server(new HttpConfig("127.0.0.1", 0, List.of()), TestWebServers.PROBING,
                new FixedClusters());
        server.start();
        List<Socket> idle = new ArrayList<>();
        AtomicInteger most = new AtomicInteger();
        try {
            // Jetty shortens the idle timeout of the connections it has registered when the limit is reached; one
            // accepted but not yet registered by a busy selector keeps the long one. So fill to one below the
            // limit and let the selector catch up before going over it.
            connect(idle, WebServer.MAX_CONNECTIONS - 1, server, most);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                    .until(() -> server.openConnections() == WebServer.MAX_CONNECTIONS - 1);
            connect(idle, 300 - idle.size(), server, most);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
                int open = server.openConnections();
                most.accumulateAndGet(open, Math::max);
                return open == WebServer.MAX_CONNECTIONS;
            });
            // At the limit, idle connections are closed after AT_LIMIT_IDLE_TIMEOUT, well before IDLE_TIMEOUT.
            // (Jetty restores the longer timeout as soon as one closes, so they go a few at a time.)
            await().atMost(WebServer.IDLE_TIMEOUT.minusSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
                most.accumulateAndGet(server.openConnections(), Math::max);
                return idle.stream().anyMatch(ConnectionLimitTest::closedByServer);
            });
            assertThat(most.get()).isEqualTo(WebServer.MAX_CONNECTIONS);
            for (Socket s : idle) {
                s.close();
            }
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> RawHttp.get(server.port(), "/health",
                    "127.0.0.1").status() == 200);
        } finally {
            for (Socket s : idle) {
                s.close();
            }
            server.stop();
        }
    }

    private static void connect(List<Socket> idle, int count, WebServer server, AtomicInteger most)
            throws IOException {
        for (int i = 0; i < count; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000); // the kernel's backlog completes it
            idle.add(s);
            most.accumulateAndGet(server.openConnections(), Math::max);
        }
    }

    private static boolean closedByServer(Socket socket) {
        try {
            socket.setSoTimeout(10);
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }
}
