package dev.vigil.sandbox;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Picks free TCP ports on 127.0.0.1 for the nodes of one sandbox.
 *
 * <p>The port is found by binding port 0 and releasing it, so another process may take it before the
 * node binds it (a small race that cannot be closed without handing Kafka an open socket). Callers
 * therefore treat a bind failure ({@link #isBindFailure}) as "ask for another port and retry". A port is
 * never handed out twice by the same allocator, so two nodes of one sandbox cannot race each other.
 */
final class PortAllocator {

    static final String HOST = "127.0.0.1";
    private static final int ATTEMPTS = 50;

    private final Set<Integer> handedOut = new HashSet<>();

    synchronized int nextFreePort() {
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
                int port = socket.getLocalPort();
                if (handedOut.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                last = e;
            }
        }
        throw new SandboxException("no free TCP port on " + HOST + " after " + ATTEMPTS + " attempts", last);
    }

    /** True if {@code failure} (or one of its causes) says a listener could not bind its port. */
    static boolean isBindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
