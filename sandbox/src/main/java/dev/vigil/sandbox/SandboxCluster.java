package dev.vigil.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;

import dev.vigil.sandbox.proxy.NetworkFaults;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka cluster (KRaft, no ZooKeeper) running inside this JVM: one dedicated controller and
 * N brokers on 127.0.0.1, with fault controls to stop, restart and add brokers and, through a TCP proxy
 * in front of each broker's client listener, to add latency, blackhole or drop client connections. Vigil
 * uses it for demo
 * mode, integration tests and benchmarks. It starts Kafka's server classes directly (see
 * {@link KafkaServers}); no Kafka test jars, no Docker.
 *
 * <p>Contract:
 * <ul>
 *   <li>Brokers are numbered 1..N (then N+1, ... for {@link #addBroker}); the controller has id
 *       {@value NodeConfigs#CONTROLLER_ID} and is not a broker. A broker keeps its id, port and data
 *       across stops and restarts.</li>
 *   <li>{@link #start}, {@link #startBroker} and {@link #addBroker} return only once the broker(s) are
 *       registered and unfenced, i.e. an Admin {@code describeCluster} lists them; they throw
 *       {@link SandboxException} naming the broker if that does not happen within 30 s.</li>
 *   <li>A stopped broker's session lasts {@code broker.session.timeout.ms} = 3 s, which bounds how long an
 *       {@link StopMode#ABRUPT} stop keeps its partitions leaderless and how long a restart right after a
 *       stop waits for the old registration to expire.</li>
 *   <li>All files live in one temporary directory under {@code java.io.tmpdir}, deleted by
 *       {@link #close} (and by a JVM shutdown hook if the owner never closes the sandbox).</li>
 *   <li>Thread-safe. Lifecycle operations (start/stop/add/close) are serialized and may block for seconds;
 *       {@link #bootstrapServers}, {@link #brokerIds}, {@link #isRunning}, {@link #adminConfig} and the
 *       network fault controls never wait for them, so a web thread can poll state or inject latency
 *       while a test thread restarts a broker.</li>
 *   <li>Network faults ({@link #setLatency(int, Duration)}, {@link #blackhole}, {@link #dropConnections})
 *       act on a TCP proxy in front of each broker's client listener, whose address is the one advertised
 *       to clients; they apply only between clients and that broker (replication and controller traffic
 *       use other listeners) and survive {@link #stopBroker}/{@link #startBroker}.</li>
 * </ul>
 * Brokers' own logging is raised to WARN when log4j-core is the logging backend ({@link BrokerLogLevels}).
 */
public final class SandboxCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxCluster.class);
    private static final int MAX_INTERNAL_REPLICATION_FACTOR = 3;

    /** Serializes lifecycle operations; state reads go through the concurrent map and volatile fields. */
    private final Object lifecycle = new Object();
    private final String clusterId = Uuid.randomUuid().toString();
    private final PortAllocator ports = new PortAllocator();
    private final ConcurrentSkipListMap<Integer, BrokerNode> brokers = new ConcurrentSkipListMap<>();
    private final Path baseDir;
    private final int internalReplicationFactor;
    private final Map<String, String> extraConfig;
    private final ClientListener clientListener;
    private final ControllerNode controller;
    private final Thread shutdownHook = new Thread(this::close, "vigil-sandbox-shutdown");
    private volatile boolean closed;

    private SandboxCluster(int brokerCount, Path baseDir, Map<String, String> extraConfig, ClientListener clientListener) {
        this.baseDir = baseDir;
        this.internalReplicationFactor = Math.min(MAX_INTERNAL_REPLICATION_FACTOR, brokerCount);
        this.extraConfig = Map.copyOf(extraConfig);
        this.clientListener = clientListener;
        this.controller = new ControllerNode(clusterId,
                baseDir.resolve("controller-" + NodeConfigs.CONTROLLER_ID), ports, this.extraConfig);
    }

    /**
     * Starts a dedicated KRaft controller and {@code brokers} brokers (ids 1..brokers) and returns once an
     * Admin client sees all of them.
     *
     * @throws IllegalArgumentException if {@code brokers < 1}
     * @throws SandboxException if a node fails to start or the brokers do not register within 30 s;
     *     everything started so far is stopped and deleted first
     */
    public static SandboxCluster start(int brokers) {
        return start(brokers, Map.of());
    }

    /**
     * Like {@link #start(int)}, with extra Kafka server properties for every node (controller and
     * brokers), e.g. {@code authorizer.class.name} to run with ACLs. A property the sandbox sets
     * itself cannot be overridden ({@link IllegalArgumentException} at start).
     */
    public static SandboxCluster start(int brokers, Map<String, String> extraNodeConfig) {
        return start(brokers, extraNodeConfig, ClientListener.PLAINTEXT);
    }

    /**
     * Like {@link #start(int, Map)}, with the brokers' client listener secured by TLS or SASL. Clients
     * then need the matching settings on top of {@link #adminConfig()}; {@link #internalAdminConfig()}
     * stays plain text for setting up users and ACLs.
     */
    public static SandboxCluster start(int brokers, Map<String, String> extraNodeConfig, ClientListener clientListener) {
        if (brokers < 1) {
            throw new IllegalArgumentException("a sandbox needs at least 1 broker, got " + brokers);
        }
        long startNanos = System.nanoTime();
        BrokerLogLevels.quietKafkaLoggers();
        Path baseDir = createBaseDir();
        SandboxCluster cluster;
        try {
            cluster = new SandboxCluster(brokers, baseDir, extraNodeConfig, clientListener);
        } catch (RuntimeException e) {
            deleteQuietly(baseDir);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            cluster.startNodes(brokers);
        } catch (RuntimeException e) {
            cluster.closeAfterFailure(e);
            throw e;
        }
        LOG.info("sandbox cluster {} started in {} ms: controller on port {}, brokers {}",
                cluster.clusterId, (System.nanoTime() - startNanos) / 1_000_000, cluster.controller.port(),
                cluster.bootstrapServers());
        return cluster;
    }

    private void startNodes(int brokerCount) {
        synchronized (lifecycle) {
            controller.start();
            for (int id = 1; id <= brokerCount; id++) {
                newBroker(id).start();
            }
            Set<Integer> expected = new TreeSet<>(brokers.keySet());
            RegisteredBrokers.await(runningBootstrapServers(), expected::equals, NodeConfigs.STARTUP_TIMEOUT,
                    "sandbox brokers " + expected + " did not all register");
        }
    }

    /**
     * Bootstrap servers of every broker, running or not: {@code "127.0.0.1:p1,127.0.0.1:p2,..."}, by id.
     * These are the brokers' client-visible addresses (their fault proxies), fixed for the sandbox's life.
     */
    public String bootstrapServers() {
        return brokers.values().stream().map(BrokerNode::address).collect(Collectors.joining(","));
    }

    /** Ids of all brokers known to the sandbox, running or stopped, ascending. */
    public List<Integer> brokerIds() {
        return List.copyOf(brokers.keySet());
    }

    /** The directory holding every node's data; deleted by {@link #close}. Visible for tests. */
    Path directory() {
        return baseDir;
    }

    /** The cluster id the nodes were formatted with. */
    public String clusterId() {
        return clusterId;
    }

    /**
     * True if the broker is up (a stop has not begun). Note that "running" is the sandbox's view: after an
     * {@link StopMode#ABRUPT} stop the cluster keeps listing the broker until its session expires.
     *
     * @throws IllegalArgumentException if no broker has this id
     */
    public boolean isRunning(int brokerId) {
        return broker(brokerId).isRunning();
    }

    /**
     * Stops a broker; returns once its ports are closed. {@link StopMode#GRACEFUL} first moves its
     * leaderships away through a controlled shutdown; {@link StopMode#ABRUPT} does not tell the controller,
     * like a crash. Stopping a stopped broker does nothing.
     *
     * @throws IllegalArgumentException if no broker has this id
     */
    public void stopBroker(int brokerId, StopMode mode) {
        BrokerNode node = broker(brokerId);
        synchronized (lifecycle) {
            ensureOpen();
            if (!node.isRunning()) {
                return;
            }
            long startNanos = System.nanoTime();
            node.stop(mode);
            LOG.info("sandbox broker {} stopped ({}) in {} ms", brokerId, mode,
                    (System.nanoTime() - startNanos) / 1_000_000);
        }
    }

    /**
     * Restarts a stopped broker on the same port with the same data, and returns once an Admin client sees
     * it again. Right after a stop this includes waiting for the old session to expire (up to 3 s).
     * Starting a running broker does nothing.
     *
     * @throws IllegalArgumentException if no broker has this id
     * @throws SandboxException if the broker does not register within 30 s
     */
    public void startBroker(int brokerId) {
        BrokerNode node = broker(brokerId);
        synchronized (lifecycle) {
            ensureOpen();
            if (node.isRunning()) {
                return;
            }
            long startNanos = System.nanoTime();
            node.start();
            awaitRegistered(brokerId);
            LOG.info("sandbox broker {} started in {} ms", brokerId, (System.nanoTime() - startNanos) / 1_000_000);
        }
    }

    /**
     * Adds a broker with the next free id and returns that id once an Admin client sees the broker. It
     * hosts no partitions until topics are created or reassigned onto it.
     *
     * @throws SandboxException if it does not register within 30 s (it then stays known, stopped)
     */
    public int addBroker() {
        synchronized (lifecycle) {
            ensureOpen();
            long startNanos = System.nanoTime();
            int id = brokers.isEmpty() ? 1 : brokers.lastKey() + 1;
            newBroker(id).start();
            awaitRegistered(id);
            LOG.info("sandbox broker {} added in {} ms at {}", id, (System.nanoTime() - startNanos) / 1_000_000,
                    brokers.get(id).address());
            return id;
        }
    }

    /**
     * Adds {@code added} one-way delay to the bytes between clients and this broker, in both directions,
     * so a client's round trip to it grows by twice {@code added}; {@link Duration#ZERO} removes it. Applies
     * to bytes sent from now on; replication and controller traffic are never delayed.
     *
     * @throws IllegalArgumentException if no broker has this id or {@code added} is negative
     */
    public void setLatency(int brokerId, Duration added) {
        setLatency(brokerId, added, added);
    }

    /**
     * Like {@link #setLatency(int, Duration)}, one delay per direction: {@code toBroker} for requests,
     * {@code toClients} for responses (as {@code tc netem} on the broker's host would add to its egress).
     *
     * @throws IllegalArgumentException if no broker has this id or a delay is negative
     */
    public void setLatency(int brokerId, Duration toBroker, Duration toClients) {
        broker(brokerId).proxy().faults().setLatency(toBroker, toClients);
        LOG.info("sandbox broker {}: client latency {} ms to the broker, {} ms to clients", brokerId,
                toBroker.toMillis(), toClients.toMillis());
    }

    /**
     * The one-way delay added between clients and this broker: the larger of the two directions
     * ({@link Duration#ZERO} when none).
     *
     * @throws IllegalArgumentException if no broker has this id
     */
    public Duration latency(int brokerId) {
        NetworkFaults faults = broker(brokerId).proxy().faults();
        Duration toBroker = faults.latencyToUpstream();
        Duration toClients = faults.latencyToClient();
        return toBroker.compareTo(toClients) >= 0 ? toBroker : toClients;
    }

    /**
     * Blackholes the path between clients and this broker, or restores it: while on, connections are
     * accepted but no bytes pass either way (held back, like a network dropping packets, and delivered
     * once switched off unless a client gave up first). Replication and controller traffic are unaffected,
     * so the broker stays in the cluster and keeps its leaderships: clients of its partitions time out.
     *
     * @throws IllegalArgumentException if no broker has this id
     */
    public void blackhole(int brokerId, boolean on) {
        broker(brokerId).proxy().faults().setBlackholed(on);
        LOG.info("sandbox broker {}: client blackhole {}", brokerId, on ? "on" : "off");
    }

    /** @throws IllegalArgumentException if no broker has this id */
    public boolean isBlackholed(int brokerId) {
        return broker(brokerId).proxy().faults().isBlackholed();
    }

    /**
     * Withholds this broker's answers to clients' FETCH requests, or releases them: the broker still takes
     * produce requests and answers everything else, as one whose fetch path hangs would (see
     * {@link NetworkFaults#setFetchResponsesWithheld}). Replicas fetch over their own listener, so
     * replication and the ISR are unaffected.
     *
     * @throws IllegalArgumentException if no broker has this id
     */
    public void withholdFetchResponses(int brokerId, boolean on) {
        broker(brokerId).proxy().faults().setFetchResponsesWithheld(on);
        LOG.info("sandbox broker {}: fetch responses to clients {}", brokerId, on ? "withheld" : "released");
    }

    /** @throws IllegalArgumentException if no broker has this id */
    public boolean isFetchResponsesWithheld(int brokerId) {
        return broker(brokerId).proxy().faults().isFetchResponsesWithheld();
    }

    /**
     * Closes every client connection to this broker now (both sides); clients reconnect as after a network
     * blip. Replication connections are not touched.
     *
     * @throws IllegalArgumentException if no broker has this id
     */
    public void dropConnections(int brokerId) {
        broker(brokerId).proxy().dropConnections();
    }

    /**
     * Deletes a stopped broker's copy of one partition, as a lost disk would: on restart the broker holds
     * that partition with an empty log. With replication factor 1 (or an unclean election) this destroys
     * acknowledged records, which is what a test of loss detection needs.
     *
     * @return whether the broker had a copy to delete
     * @throws IllegalArgumentException if no broker has this id
     * @throws IllegalStateException if the broker is running (its files are open)
     */
    public boolean wipePartition(int brokerId, String topic, int partition) {
        BrokerNode node = broker(brokerId);
        synchronized (lifecycle) {
            ensureOpen();
            if (node.isRunning()) {
                throw new IllegalStateException("sandbox broker " + brokerId + " is running; stop it before wiping "
                        + topic + "-" + partition);
            }
            Path dir = node.logDirectory().resolve(topic + "-" + partition);
            if (!Files.isDirectory(dir)) {
                return false;
            }
            delete(dir);
            LOG.info("sandbox broker {}: wiped {}-{}", brokerId, topic, partition);
            return true;
        }
    }

    /** {@code {"bootstrap.servers": bootstrapServers()}}, to build clients from. */
    public Map<String, Object> adminConfig() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /**
     * {@code {"bootstrap.servers": ...}} of the brokers' internal plain-text listener, which bypasses the
     * client listener's TLS or SASL and the fault proxies: the operator's door, for creating SCRAM users
     * and ACLs on a secured sandbox. With an authorizer, make its principal ({@code User:ANONYMOUS}) a
     * super user, as the brokers replicate through this listener too.
     */
    public Map<String, Object> internalAdminConfig() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, brokers.values().stream()
                .map(BrokerNode::internalAddress).collect(Collectors.joining(",")));
    }

    /**
     * Stops every broker and the controller and deletes the sandbox's directory. Brokers are stopped
     * without controlled shutdown: the whole cluster is going away, so there is nowhere to move leaders
     * to. Idempotent.
     *
     * @throws SandboxException if a node failed to stop or the directory could not be deleted; everything
     *     else is still stopped and deleted
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            removeShutdownHook();
            List<RuntimeException> failures = new ArrayList<>();
            for (BrokerNode node : brokers.descendingMap().values()) {
                runCollecting(() -> node.stop(StopMode.ABRUPT), failures);
                runCollecting(node::closeProxy, failures);
            }
            runCollecting(controller::stop, failures);
            runCollecting(() -> delete(baseDir), failures);
            if (!failures.isEmpty()) {
                SandboxException failure = new SandboxException("sandbox cluster " + clusterId
                        + " did not close cleanly: " + failures.get(0).getMessage(), failures.get(0));
                failures.stream().skip(1).forEach(failure::addSuppressed);
                throw failure;
            }
            LOG.info("sandbox cluster {} closed", clusterId);
        }
    }

    private BrokerNode newBroker(int id) {
        BrokerNode node = new BrokerNode(id, clusterId, baseDir.resolve("broker-" + id), ports, controller.port(),
                internalReplicationFactor, extraConfig, clientListener);
        brokers.put(id, node);
        return node;
    }

    private void awaitRegistered(int brokerId) {
        RegisteredBrokers.await(runningBootstrapServers(), ids -> ids.contains(brokerId), NodeConfigs.STARTUP_TIMEOUT,
                "sandbox broker " + brokerId + " did not register");
    }

    /** Internal listeners, so the sandbox's own registration checks work whatever faults clients see. */
    private String runningBootstrapServers() {
        return brokers.values().stream().filter(BrokerNode::isRunning).map(BrokerNode::internalAddress)
                .collect(Collectors.joining(","));
    }

    private BrokerNode broker(int brokerId) {
        BrokerNode node = brokers.get(brokerId);
        if (node == null) {
            throw new IllegalArgumentException("no sandbox broker " + brokerId + "; brokers are " + brokerIds());
        }
        return node;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("sandbox cluster " + clusterId + " is closed");
        }
    }

    private void closeAfterFailure(RuntimeException cause) {
        try {
            close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private void removeShutdownHook() {
        if (Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook may run and will find the cluster closed.
        }
    }

    private static void runCollecting(Runnable action, List<RuntimeException> failures) {
        try {
            action.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    private static Path createBaseDir() {
        try {
            return Files.createTempDirectory("vigil-sandbox-").toAbsolutePath();
        } catch (IOException e) {
            throw new SandboxException("could not create the sandbox directory under "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            throw new SandboxException("could not delete the sandbox directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            LOG.warn("could not delete the sandbox directory {}: {}", dir, e.getMessage());
        }
    }
}
