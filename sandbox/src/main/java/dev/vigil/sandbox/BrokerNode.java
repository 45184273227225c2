package dev.vigil.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.vigil.sandbox.NodeConfigs.BrokerPorts;
import dev.vigil.sandbox.proxy.FaultProxy;
import kafka.server.BrokerServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sandbox broker across its restarts. Its id, directory and (once it has started) ports never change,
 * so a restarted broker is the same broker to the cluster and to clients: same address, same data. Each
 * start builds a new Kafka {@code BrokerServer} (they cannot be restarted).
 *
 * <p>Clients reach it through its {@link FaultProxy}, which lives as long as the node (across stops and
 * restarts) and whose address is the one advertised to clients; other brokers replicate from it over a
 * separate internal listener that bypasses the proxy.
 *
 * <p>Stopping: {@link StopMode#GRACEFUL} runs Kafka's controlled shutdown, in the order
 * {@code BrokerServer.shutdown} itself uses when {@code controlled.shutdown.enable} is on (mark the
 * replica manager, ask the controller through the lifecycle manager, wait for its approval), then shuts
 * the server down. {@link StopMode#ABRUPT} shuts it down straight away; brokers run with
 * {@code controlled.shutdown.enable=false}, so Kafka sends the controller nothing and the controller
 * finds out only when the broker's session expires, exactly as after a crash.
 *
 * <p>Not thread-safe: {@link SandboxCluster} serializes {@link #start} and {@link #stop}; {@link #isRunning}
 * {@link #address} and {@link #proxy} may be used from any thread.
 */
final class BrokerNode {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerNode.class);
    private static final int BIND_ATTEMPTS = 5;
    private static final Duration REBIND_PAUSE = Duration.ofMillis(500);
    /** Controlled shutdown needs the controller to move every leadership away: tens of ms in practice. */
    private static final Duration CONTROLLED_SHUTDOWN_TIMEOUT = Duration.ofSeconds(15);

    private final int id;
    private final Path dir;
    private final PortAllocator ports;
    private final int controllerPort;
    private final int internalReplicationFactor;
    private final Map<String, String> extraConfig;
    private final ClientListener clientListener;
    private final FaultProxy proxy;
    private volatile int clientPort;
    private volatile int internalPort;
    private boolean everStarted;
    private volatile BrokerServer server;

    /** Picks the broker's first ports, starts its proxy and formats its directory; does not start the broker. */
    BrokerNode(int id, String clusterId, Path dir, PortAllocator ports, int controllerPort,
               int internalReplicationFactor, Map<String, String> extraConfig, ClientListener clientListener) {
        this.id = id;
        this.clientListener = clientListener;
        this.dir = dir;
        this.ports = ports;
        this.controllerPort = controllerPort;
        this.internalReplicationFactor = internalReplicationFactor;
        this.extraConfig = Map.copyOf(extraConfig);
        this.clientPort = ports.nextFreePort();
        this.internalPort = ports.nextFreePort();
        try {
            this.proxy = new FaultProxy("sandbox-proxy-" + id,
                    () -> new InetSocketAddress(PortAllocator.HOST, clientPort));
        } catch (IOException e) {
            throw new SandboxException(name() + ": could not bind a port for its proxy: " + e.getMessage(), e);
        }
        try {
            StorageFormatter.format(id, clusterId, dir);
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
    }

    int id() {
        return id;
    }

    /** Where clients connect: the proxy, advertised as the broker's client listener. */
    String address() {
        return PortAllocator.HOST + ":" + proxy.port();
    }

    /** The internal (replication) listener, which no fault control touches: for the sandbox's own checks. */
    String internalAddress() {
        return PortAllocator.HOST + ":" + internalPort;
    }

    /** The broker's {@code log.dirs} (one directory, also its metadata log directory). */
    Path logDirectory() {
        return dir;
    }

    FaultProxy proxy() {
        return proxy;
    }

    /** Closes the proxy; call after {@link #stop}. The node cannot be started again. */
    void closeProxy() {
        proxy.close();
    }

    boolean isRunning() {
        return server != null;
    }

    /**
     * Starts the broker and returns once Kafka reports it registered and unfenced. Right after a stop the
     * controller may still hold the old registration ({@code DuplicateBrokerRegistrationException}) until
     * the old session expires; Kafka's lifecycle manager retries by itself, bounded by
     * {@link NodeConfigs#STARTUP_TIMEOUT}. A no-op if the broker is running.
     *
     * @throws SandboxException if it does not come up within the bound, or cannot bind its port
     */
    void start() {
        if (server != null) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            BrokerServer candidate = KafkaServers.broker(
                    NodeConfigs.withExtra(NodeConfigs.broker(id,
                            new BrokerPorts(clientPort, internalPort, proxy.port()), dir, controllerPort,
                            internalReplicationFactor, clientListener),
                            extraConfig),
                    NodeConfigs.controllerAddress(controllerPort));
            try {
                candidate.startup();
                server = candidate;
                everStarted = true;
                return;
            } catch (Exception e) { // Scala code: startup() also throws checked exceptions (TimeoutException)
                KafkaServers.releaseAfterFailedStart(candidate.sharedServer());
                if (!PortAllocator.isBindFailure(e)) {
                    throw StartFailures.describe(name(), "register", NodeConfigs.STARTUP_TIMEOUT, e);
                }
                if (attempt >= BIND_ATTEMPTS) {
                    throw new SandboxException(name() + " could not bind ports " + clientPort + ", " + internalPort + " on "
                            + PortAllocator.HOST + " after " + attempt + " attempts", e);
                }
                if (everStarted) {
                    // Clients know this broker by its address: wait for the port rather than move.
                    LOG.warn("{}: port {} or {} is busy, retrying", name(), clientPort, internalPort);
                    pause(REBIND_PAUSE);
                } else {
                    // Lost the race between PortAllocator releasing the port and Kafka binding it.
                    clientPort = ports.nextFreePort();
                    internalPort = ports.nextFreePort();
                }
            }
        }
    }

    /** Stops the broker as {@code mode} says and returns once its ports are closed. A no-op if not running. */
    void stop(StopMode mode) {
        BrokerServer running = server;
        if (running == null) {
            return;
        }
        server = null;
        if (mode == StopMode.GRACEFUL) {
            controlledShutdown(running);
        }
        try {
            running.shutdown();
        } catch (Exception e) { // Scala code: may throw checked exceptions
            throw new SandboxException(name() + " failed to shut down: " + e.getMessage(), e);
        }
    }

    private void controlledShutdown(BrokerServer running) {
        running.replicaManager().beginControlledShutdown();
        running.lifecycleManager().beginControlledShutdown();
        try {
            running.lifecycleManager().controlledShutdownFuture()
                    .get(CONTROLLED_SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("{}: the controller did not approve the controlled shutdown within {} s; stopping anyway",
                    name(), CONTROLLED_SHUTDOWN_TIMEOUT.toSeconds());
        } catch (ExecutionException e) {
            LOG.warn("{}: controlled shutdown failed ({}); stopping anyway", name(), e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{}: interrupted while waiting for the controlled shutdown; stopping anyway", name());
        }
    }

    private String name() {
        return "sandbox broker " + id;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while waiting to bind a sandbox broker's port", e);
        }
    }
}
