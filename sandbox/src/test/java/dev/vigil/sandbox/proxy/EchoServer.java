package dev.vigil.sandbox.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain TCP echo server on 127.0.0.1 for the proxy's tests: writes back every byte it reads, and notes
 * when it first read each connection's bytes, so a test can tell the two directions' delays apart.
 */
final class EchoServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong lastReadNanos = new AtomicLong();
    private final AtomicLong closedByPeer = new AtomicLong();

    EchoServer() throws IOException {
        this(0);
    }

    EchoServer(int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread acceptor = new Thread(this::acceptLoop, "echo-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    long bytesReceived() {
        return bytesReceived.get();
    }

    /** {@link System#nanoTime} of the latest read that returned bytes. */
    long lastReadNanos() {
        return lastReadNanos.get();
    }

    /** Connections whose peer (the proxy) closed them. */
    long closedByPeer() {
        return closedByPeer.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread echo = new Thread(() -> echo(socket), "echo-conn");
                echo.setDaemon(true);
                echo.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void echo(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                lastReadNanos.set(System.nanoTime());
                bytesReceived.addAndGet(n);
                out.write(buffer, 0, n);
                out.flush();
            }
            closedByPeer.incrementAndGet();
        } catch (IOException e) {
            // closed by close() or reset by the peer
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
