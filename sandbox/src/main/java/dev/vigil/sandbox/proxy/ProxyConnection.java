package dev.vigil.sandbox.proxy;

import java.io.IOException;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.vigil.sandbox.proxy.NetworkFaults.Direction;

/** One client connection through a {@link FaultProxy}: the client's socket, the upstream socket, a pipe each way. */
final class ProxyConnection {

    private final Socket client;
    private final Socket upstream;
    private final DelayedPipe toUpstream;
    private final DelayedPipe toClient;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Consumer<ProxyConnection> onClose;

    ProxyConnection(Socket client, Socket upstream, NetworkFaults faults, String name,
                    Consumer<ProxyConnection> onClose) throws IOException {
        this.client = client;
        this.upstream = upstream;
        this.onClose = onClose;
        // The API of each request in flight, by correlation id: how the response side knows a fetch's answer.
        Map<Integer, Short> apiByCorrelation = new ConcurrentHashMap<>();
        this.toUpstream = new DelayedPipe(client.getInputStream(), upstream.getOutputStream(), Direction.TO_UPSTREAM,
                faults, KafkaFrames.requests(apiByCorrelation), name + "-up", this::close);
        this.toClient = new DelayedPipe(upstream.getInputStream(), client.getOutputStream(), Direction.TO_CLIENT,
                faults, KafkaFrames.responses(apiByCorrelation), name + "-down", this::close);
    }

    void start() {
        toUpstream.start();
        toClient.start();
    }

    /**
     * Closes both sockets and stops the pipes. Either side ending ends the whole connection, as Kafka never
     * half-closes; idempotent and callable from any thread.
     */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        toUpstream.stop();
        toClient.stop();
        closeQuietly(client);
        closeQuietly(upstream);
        onClose.accept(this);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing after a failure; nothing left to do with this socket
        }
    }
}
