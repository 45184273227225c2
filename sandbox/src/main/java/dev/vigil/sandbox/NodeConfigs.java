package dev.vigil.sandbox;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kafka server properties of the sandbox's nodes: one dedicated KRaft controller and N brokers, all
 * on 127.0.0.1; plain text but for the brokers' client listener, which may use TLS or SASL
 * ({@link ClientListener}).
 *
 * <p>Everything that differs from Kafka's defaults is here, with the reason. The keys are Kafka's public
 * config names; {@code NodeConfigsTest} checks each one against Kafka's own config definitions so a typo
 * or a key removed in a Kafka upgrade fails a test instead of being silently ignored.
 */
final class NodeConfigs {

    static final int CONTROLLER_ID = 1000;
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** Clients' listener; the sandbox advertises it at the broker's {@code FaultProxy}, not where it listens. */
    static final String CLIENT_LISTENER = "CLIENT";
    /**
     * Replication between brokers, advertised directly: network faults injected for one broker's clients
     * must not slow the replication of partitions other brokers lead.
     */
    static final String INTERNAL_LISTENER = "INTERNAL";

    /**
     * How long the controller keeps a silent broker's session. Kafka's 9 s default would make an
     * {@link StopMode#ABRUPT} stop, and a restart right after any stop, wait 9 s; 3 s keeps fault tests
     * short while staying well above the heartbeat interval.
     */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(3);
    static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(500);

    /**
     * Bound on a node's start-up, including registration with the controller; Kafka's own bound
     * ({@code server.max.startup.time.ms}) is infinite by default. Also the bound the sandbox uses when it
     * waits for brokers to show up in the cluster metadata.
     */
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private NodeConfigs() {
    }

    static String quorumVoters(int controllerPort) {
        return CONTROLLER_ID + "@" + PortAllocator.HOST + ":" + controllerPort;
    }

    static InetSocketAddress controllerAddress(int controllerPort) {
        return new InetSocketAddress(PortAllocator.HOST, controllerPort);
    }

    static Map<String, String> controller(int port, Path dir) {
        Map<String, String> props = common(CONTROLLER_ID, dir, port);
        props.put("process.roles", "controller");
        props.put("listeners", CONTROLLER_LISTENER + "://" + PortAllocator.HOST + ":" + port);
        props.put("listener.security.protocol.map", CONTROLLER_LISTENER + ":PLAINTEXT");
        // The controller applies these when a CreateTopics request leaves them to the cluster.
        props.put("num.partitions", "1");
        return props;
    }

    /**
     * @param internalReplicationFactor replication factor of Kafka's internal topics (consumer offsets,
     *     transaction state, share state): min(3, brokers at start), since Kafka's default of 3 cannot be
     *     met by a smaller sandbox and the topics would never be created
     */
    static Map<String, String> broker(int nodeId, BrokerPorts ports, Path dir, int controllerPort,
                                      int internalReplicationFactor, ClientListener client) {
        Map<String, String> props = common(nodeId, dir, controllerPort);
        String internal = INTERNAL_LISTENER + "://" + PortAllocator.HOST + ":" + ports.internal();
        props.put("process.roles", "broker");
        props.put("listeners", CLIENT_LISTENER + "://" + PortAllocator.HOST + ":" + ports.client() + "," + internal);
        props.put("advertised.listeners",
                CLIENT_LISTENER + "://" + PortAllocator.HOST + ":" + ports.advertisedClient() + "," + internal);
        props.put("listener.security.protocol.map", CLIENT_LISTENER + ":" + client.protocol() + ","
                + INTERNAL_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        String prefix = "listener.name." + CLIENT_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
        client.config().forEach((key, value) -> props.put(prefix + key, value));
        props.put("inter.broker.listener.name", INTERNAL_LISTENER);

        // Off on purpose: BrokerNode runs the controlled shutdown itself when StopMode.GRACEFUL asks for
        // it. Kafka reads this flag once, when the broker's config is built, so it cannot choose per stop.
        props.put("controlled.shutdown.enable", "false");

        // num.partitions is not set here: Kafka 4.4 applies it in the controller (see controller()).
        props.put("auto.create.topics.enable", "false");
        props.put("group.initial.rebalance.delay.ms", "0");
        int minIsr = Math.min(2, internalReplicationFactor);
        props.put("offsets.topic.replication.factor", Integer.toString(internalReplicationFactor));
        props.put("transaction.state.log.replication.factor", Integer.toString(internalReplicationFactor));
        props.put("transaction.state.log.min.isr", Integer.toString(minIsr));
        props.put("share.coordinator.state.topic.replication.factor", Integer.toString(internalReplicationFactor));
        props.put("share.coordinator.state.topic.min.isr", Integer.toString(minIsr));
        // 50 partitions each by default: slow to create and load for a handful of test groups.
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "5");

        // Sized for a laptop or a 2-core CI runner hosting several brokers, not for throughput.
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        props.put("num.recovery.threads.per.data.dir", "1");
        // The log cleaner allocates this buffer on the heap at start-up: 128 MB per broker by default.
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        return props;
    }

    /** {@code props} with {@code extra} added; a key in both is an error, so a test cannot silently undo a sandbox setting. */
    static Map<String, String> withExtra(Map<String, String> props, Map<String, String> extra) {
        Map<String, String> out = new LinkedHashMap<>(props);
        extra.forEach((k, v) -> {
            if (out.putIfAbsent(k, v) != null) {
                throw new IllegalArgumentException("sandbox node config " + k + " is set by the sandbox itself");
            }
        });
        return out;
    }

    private static Map<String, String> common(int nodeId, Path dir, int controllerPort) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("node.id", Integer.toString(nodeId));
        props.put("controller.quorum.voters", quorumVoters(controllerPort));
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("log.dirs", dir.toString());
        props.put("metadata.log.dir", dir.toString());
        // Read by the controller (session) and by the broker (heartbeats, registration retry backoff).
        props.put("broker.session.timeout.ms", Long.toString(SESSION_TIMEOUT.toMillis()));
        props.put("broker.heartbeat.interval.ms", Long.toString(HEARTBEAT_INTERVAL.toMillis()));
        props.put("server.max.startup.time.ms", Long.toString(STARTUP_TIMEOUT.toMillis()));
        return props;
    }

    /**
     * A broker's ports: {@code client} where its client listener binds, {@code advertisedClient} where
     * clients are told to connect (its proxy), {@code internal} for replication.
     */
    record BrokerPorts(int client, int internal, int advertisedClient) {
    }
}
