package dev.vigil.sandbox;

import java.nio.file.Path;
import java.util.Map;

import kafka.server.ControllerServer;

/**
 * The sandbox's single, dedicated KRaft controller (node id {@value NodeConfigs#CONTROLLER_ID}). It runs
 * for the whole life of the sandbox and is never restarted, so stopping and starting brokers never
 * disturbs the metadata quorum (in combined mode, restarting a node would also restart a controller).
 *
 * <p>Not thread-safe: {@link SandboxCluster} calls {@link #start} once and {@link #stop} once.
 */
final class ControllerNode {

    private static final int BIND_ATTEMPTS = 5;

    private final Path dir;
    private final PortAllocator ports;
    private final Map<String, String> extraConfig;
    private int port;
    private ControllerServer server;

    /** Picks the controller's first port and formats its directory; does not start it. */
    ControllerNode(String clusterId, Path dir, PortAllocator ports, Map<String, String> extraConfig) {
        this.dir = dir;
        this.extraConfig = Map.copyOf(extraConfig);
        this.ports = ports;
        this.port = ports.nextFreePort();
        StorageFormatter.format(NodeConfigs.CONTROLLER_ID, clusterId, dir);
    }

    /** The port brokers reach the controller on; final once {@link #start} returned. */
    int port() {
        return port;
    }

    void start() {
        for (int attempt = 1; ; attempt++) {
            ControllerServer candidate = KafkaServers.controller(NodeConfigs.withExtra(NodeConfigs.controller(port, dir), extraConfig),
                    NodeConfigs.controllerAddress(port));
            try {
                candidate.startup();
                server = candidate;
                return;
            } catch (Exception e) { // Scala code: startup() also throws checked exceptions (TimeoutException)
                KafkaServers.releaseAfterFailedStart(candidate.sharedServer());
                if (!PortAllocator.isBindFailure(e)) {
                    throw StartFailures.describe("sandbox controller", "start", NodeConfigs.STARTUP_TIMEOUT, e);
                }
                if (attempt >= BIND_ATTEMPTS) {
                    throw new SandboxException("sandbox controller could not bind a port on " + PortAllocator.HOST
                            + " after " + attempt + " attempts", e);
                }
                // No broker knows the controller's address yet: any free port will do.
                port = ports.nextFreePort();
            }
        }
    }

    void stop() {
        ControllerServer running = server;
        if (running == null) {
            return;
        }
        server = null;
        try {
            running.shutdown();
        } catch (Exception e) { // Scala code: may throw checked exceptions
            throw new SandboxException("sandbox controller failed to shut down: " + e.getMessage(), e);
        }
    }
}
