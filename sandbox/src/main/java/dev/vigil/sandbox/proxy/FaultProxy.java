package dev.vigil.sandbox.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on 127.0.0.1 in front of one server, with fault controls ({@link #faults()}: added latency
 * per direction, blackhole) and {@link #dropConnections()}. The sandbox puts one in front of each broker's
 * client listener and advertises the proxy's address, so tests can inject network faults between clients
 * and one broker without root, {@code tc} or Docker.
 *
 * <p>The proxy binds its port once, at construction, and keeps it until {@link #close}: the server behind
 * it may stop, restart or even move to another port ({@code upstream} is asked on every new connection),
 * and clients keep one address. While the server is down, a new connection is accepted and then closed
 * at once, which a client sees as a broken connection, much like a refused one.
 *
 * <p>Each connection costs four daemon threads (a reader and a writer per direction); meant for the
 * tens of connections of a test cluster, not for production traffic. Thread-safe.
 */
public final class FaultProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
    /** Loopback connects succeed or are refused at once; the bound only guards against a wedged server. */
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final String name;
    private final Supplier<InetSocketAddress> upstream;
    private final NetworkFaults faults = new NetworkFaults();
    private final ServerSocket server;
    private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * Binds a free port on 127.0.0.1 and starts accepting.
     *
     * @param name names the proxy's threads and log lines
     * @param upstream where to connect each new client connection to, asked anew for every connection
     * @throws IOException if no port could be bound
     */
    public FaultProxy(String name, Supplier<InetSocketAddress> upstream) throws IOException {
        this.name = name;
        this.upstream = upstream;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.acceptor = new Thread(this::acceptLoop, name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port clients connect to; fixed for the proxy's life. */
    public int port() {
        return server.getLocalPort();
    }

    public NetworkFaults faults() {
        return faults;
    }

    /** Closes every open connection, both sides, now; new connections are accepted as usual. */
    public void dropConnections() {
        List<ProxyConnection> open = List.copyOf(connections);
        open.forEach(ProxyConnection::close);
        LOG.info("{}: dropped {} connections", name, open.size());
    }

    /** Connections open right now. */
    public int openConnections() {
        return connections.size();
    }

    /** Stops accepting and closes every connection. Idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("{}: could not close the listening socket: {}", name, e.getMessage());
        }
        List.copyOf(connections).forEach(ProxyConnection::close);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("{}: accept failed, proxy stops: {}", name, e.getMessage());
                }
                return;
            }
            connect(client);
        }
    }

    private void connect(Socket client) {
        Socket toServer = new Socket();
        try {
            client.setTcpNoDelay(true);
            toServer.setTcpNoDelay(true);
            toServer.connect(upstream.get(), CONNECT_TIMEOUT_MS);
            if (toServer.getLocalSocketAddress().equals(toServer.getRemoteSocketAddress())) {
                // Nobody listens on the server's (ephemeral) port and the kernel picked that same port
                // as our source: TCP's simultaneous open connected the socket to itself. That is a
                // server that is down, not one that answers.
                throw new java.net.ConnectException("connected to itself: nothing listens on " + upstream.get());
            }
            ProxyConnection connection = new ProxyConnection(client, toServer, faults,
                    name + "-" + accepted.incrementAndGet(), connections::remove);
            connections.add(connection);
            if (closed) {
                connection.close();
                return;
            }
            connection.start();
        } catch (IOException e) {
            // The server is down (stopped broker): the client sees its connection closed.
            closeQuietly(client);
            closeQuietly(toServer);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already failing; nothing more to do
        }
    }
}
