package dev.vigil.sandbox.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy in front of a plain echo server. Delays are checked only as floors (bytes can never pass
 * sooner than the delay, whatever the machine's load), never as ceilings: how much later they pass
 * depends on the scheduler and belongs in a benchmark (bench/ measures it, including that a burst is
 * delayed once, not once per chunk).
 */
class FaultProxyTest {

    private static final Duration NOTHING_PASSES_FOR = Duration.ofMillis(500);

    private EchoServer echo;
    private final AtomicReference<InetSocketAddress> upstream = new AtomicReference<>();
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        upstream.set(echo.address());
        proxy = new FaultProxy("test-proxy", upstream::get);
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void passesEveryByteBothWaysInOrder() throws IOException {
        byte[] sent = new byte[1_000_000];
        new Random(42).nextBytes(sent);
        try (Socket client = connect()) {
            Thread writer = new Thread(() -> writeQuietly(client, sent));
            writer.start();
            byte[] received = client.getInputStream().readNBytes(sent.length);
            assertThat(Arrays.equals(received, sent)).isTrue();
        }
        assertThat(echo.bytesReceived()).isEqualTo(sent.length);
    }

    @Test
    void eachDirectionGetsItsOwnDelay() throws IOException {
        Duration toServer = Duration.ofMillis(150);
        Duration toClient = Duration.ofMillis(250);
        proxy.faults().setLatency(toServer, toClient);
        try (Socket client = connect()) {
            long sentAt = System.nanoTime();
            client.getOutputStream().write(new byte[] {1, 2, 3});
            readExactly(client, 3);
            long receivedAt = System.nanoTime();

            assertThat(echo.lastReadNanos() - sentAt).isGreaterThanOrEqualTo(toServer.toNanos());
            assertThat(receivedAt - echo.lastReadNanos()).isGreaterThanOrEqualTo(toClient.toNanos());
        }
        assertThat(proxy.faults().latencyToUpstream()).isEqualTo(toServer);
        assertThat(proxy.faults().latencyToClient()).isEqualTo(toClient);
    }

    @Test
    void zeroRemovesTheDelayForBytesSentAfterwards() throws IOException {
        proxy.faults().setLatency(Duration.ofMillis(100), Duration.ofMillis(100));
        proxy.faults().setLatency(Duration.ZERO, Duration.ZERO);

        assertThat(proxy.faults().latencyToUpstream()).isZero();
        assertThat(proxy.faults().latencyToClient()).isZero();
        try (Socket client = connect()) {
            client.getOutputStream().write(7);
            assertThat(readExactly(client, 1)).containsExactly(7);
        }
    }

    @Test
    void negativeLatencyIsRejected() {
        assertThatThrownBy(() -> proxy.faults().setLatency(Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> proxy.faults().setLatency(Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void blackholeAcceptsButPassesNoBytesUntilSwitchedOff() throws Exception {
        try (Socket before = connect()) {
            proxy.faults().setBlackholed(true);
            try (Socket during = connect()) {
                before.getOutputStream().write(new byte[] {1, 2});
                during.getOutputStream().write(new byte[] {3});

                // The ceiling only bounds how late the poller may get to check (seconds on a loaded machine): a byte
                // that passed stays counted, so one that leaks fails the test however late the check runs.
                await().during(NOTHING_PASSES_FOR).atMost(NOTHING_PASSES_FOR.plus(Duration.ofSeconds(30)))
                        .until(() -> echo.bytesReceived() == 0 && before.getInputStream().available() == 0);
                assertThat(proxy.faults().isBlackholed()).isTrue();
                assertThat(proxy.openConnections()).isEqualTo(2);

                proxy.faults().setBlackholed(false);

                assertThat(readExactly(before, 2)).containsExactly(1, 2);
                assertThat(readExactly(during, 1)).containsExactly(3);
                assertThat(echo.bytesReceived()).isEqualTo(3);
            }
        }
    }

    @Test
    void dropConnectionsClosesBothSidesAndNewConnectionsWork() throws Exception {
        try (Socket first = connect(); Socket second = connect()) {
            first.getOutputStream().write(1);
            second.getOutputStream().write(2);
            readExactly(first, 1);
            readExactly(second, 1);
            assertThat(proxy.openConnections()).isEqualTo(2);

            proxy.dropConnections();

            assertThat(first.getInputStream().read()).isEqualTo(-1);
            assertThat(second.getInputStream().read()).isEqualTo(-1);
            await().atMost(Duration.ofSeconds(10)).until(() -> echo.closedByPeer() == 2);
            assertThat(proxy.openConnections()).isZero();
        }
        try (Socket again = connect()) {
            again.getOutputStream().write(9);
            assertThat(readExactly(again, 1)).containsExactly(9);
        }
    }

    @Test
    void keepsItsPortWhileTheServerIsDownAndFollowsItWhenItMoves() throws IOException {
        int port = proxy.port();
        echo.close();
        // The server is down: its port now refuses. A port bound but not listening does so for sure;
        // echo's own closed port could be taken meanwhile by any other process on the machine.
        try (Socket down = new Socket()) {
            down.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            upstream.set(new InetSocketAddress(InetAddress.getLoopbackAddress(), down.getLocalPort()));
            try (Socket refused = connect()) {
                assertThat(refused.getInputStream().read()).isEqualTo(-1);
            }
        }

        echo = new EchoServer();
        upstream.set(echo.address());
        try (Socket client = connect()) {
            client.getOutputStream().write(5);
            assertThat(readExactly(client, 1)).containsExactly(5);
        }
        assertThat(proxy.port()).isEqualTo(port);
    }

    @Test
    void closeStopsAcceptingAndClosesConnections() throws IOException {
        Socket open = connect();
        proxy.close();

        // Closed either way: EOF if the proxy had accepted it, a reset if it was still in the listen
        // backlog (the kernel resets those when the listening socket closes).
        int read;
        try {
            read = open.getInputStream().read();
        } catch (java.net.SocketException e) {
            assertThat(e).hasMessageContaining("Connection reset");
            read = -1;
        }
        assertThat(read).isEqualTo(-1);
        open.close();
        assertThatThrownBy(this::connect).isInstanceOf(IOException.class);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.setSoTimeout(20_000);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()), 5_000);
        return socket;
    }

    private static byte[] readExactly(Socket socket, int n) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] bytes = in.readNBytes(n);
        assertThat(bytes).hasSize(n);
        return bytes;
    }

    private static void writeQuietly(Socket socket, byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
