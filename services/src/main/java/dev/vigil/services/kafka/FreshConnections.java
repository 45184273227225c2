package dev.vigil.services.kafka;

import dev.vigil.core.stats.ConnectionCheckStats.BrokerCheck;
import dev.vigil.core.time.MicroClock;
import org.apache.kafka.clients.ApiVersions;
import org.apache.kafka.clients.BootstrapConfiguration;
import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.clients.ManualMetadataUpdater;
import org.apache.kafka.clients.MetadataRecoveryStrategy;
import org.apache.kafka.clients.NetworkClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.network.Selectable;
import org.apache.kafka.common.network.Selector;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.LogContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Opens a fresh connection to each of a list of brokers at once and times two points of each: the TCP
 * connect, and the first ApiVersions answer (after the TLS handshake and SASL authentication the cluster's
 * {@code client} section asks for). Each round has its own Kafka {@link NetworkClient} over one selector, closed
 * at its end, so every round's connections are new and no connection of the probes is reused.
 *
 * <p>Why the network client and not an {@code Admin}: an Admin client bootstrapped from one broker sends its
 * first request there, but then routes calls to any broker the metadata names, over new connections, so its
 * "first answer" would mix brokers. The network client connects only where it is told, marks a connection
 * ready exactly when the ApiVersions answer came ({@code discoverBrokerVersions}), and its selector reports the
 * TCP connect of each connection. These are Kafka's internal client classes: their constructors change between
 * Kafka versions, which the compiler reports on an upgrade. The TLS handshake and the SASL exchange are not
 * timed apart: the client exposes no point between them and the ApiVersions request.
 *
 * <p>Times are stamped when a poll returns, so each is late by at most the time the thread takes to get back
 * from a poll, not by the poll's bound. Used by one thread at a time.
 */
public final class FreshConnections {

    private static final long POLL_MS = 100;

    private final String cluster;
    private final AdminClientConfig config;
    private final MicroClock clock;

    /**
     * @param clientConfig the settings of every connection: the cluster's TLS and SASL
     *                     ({@link KafkaClients#connectionCheckConfig})
     */
    public FreshConnections(String cluster, Map<String, Object> clientConfig, MicroClock clock) {
        this.cluster = cluster;
        // Not logged: one line per round of every value would bury the log (secrets would show as [hidden]).
        this.config = new AdminClientConfig(clientConfig, false) {
        };
        this.clock = clock;
    }

    /**
     * Connects to every node, waits until each answered ApiVersions, failed, or {@code timeout} passed, and closes
     * every connection.
     *
     * @param fenced    the ids of the nodes the controller has fenced, noted in their results
     * @param running   false stops the wait early: the results of nodes not done by then say so
     * @return one result per node, in the nodes' order
     */
    public List<BrokerCheck> check(List<Node> nodes, Set<Integer> fenced, Duration timeout,
                                   BooleanSupplier running) {
        Time time = Time.SYSTEM;
        LogContext logContext = new LogContext("[vigil connection check cluster=" + cluster + "] ");
        int timeoutMs = (int) timeout.toMillis();
        try (Metrics metrics = new Metrics(time)) {
            Selector selector = new Selector(Math.max(60_000L, 2L * timeoutMs), metrics, time, "vigil-connection-check",
                    ClientUtils.createChannelBuilder(config, time, logContext), logContext);
            // The client's own timeouts sit beyond the round's deadline, so the deadline decides and says so;
            // no reconnect within a round: a failed connection is the result.
            NetworkClient client = new NetworkClient(selector, new ManualMetadataUpdater(nodes),
                    config.getString(AdminClientConfig.CLIENT_ID_CONFIG), 1, 2L * timeoutMs, 2L * timeoutMs,
                    Selectable.USE_DEFAULT_BUFFER_SIZE, Selectable.USE_DEFAULT_BUFFER_SIZE, 2 * timeoutMs,
                    2L * timeoutMs, 2L * timeoutMs, time, true, new ApiVersions(), logContext,
                    MetadataRecoveryStrategy.NONE, BootstrapConfiguration.DISABLED, false);
            try {
                return await(client, selector, nodes, fenced, timeout, running, time);
            } finally {
                client.close();
            }
        }
    }

    private List<BrokerCheck> await(NetworkClient client, Selector selector, List<Node> nodes,
                                    Set<Integer> fenced, Duration timeout, BooleanSupplier running,
                                    Time time) {
        Map<String, Long> startedAt = new HashMap<>();
        Map<String, Long> connectedAt = new HashMap<>();
        Map<String, Long> answeredAt = new HashMap<>();
        Map<String, String> failures = new HashMap<>();
        long start = clock.nowMicros();
        long deadline = start + timeout.toMillis() * 1_000L;
        for (Node node : nodes) {
            startedAt.put(node.idString(), clock.nowMicros());
            client.ready(node, time.milliseconds());
        }
        while (answeredAt.size() + failures.size() < nodes.size() && running.getAsBoolean()) {
            long now = clock.nowMicros();
            if (now >= deadline) {
                break;
            }
            client.poll(Math.min(POLL_MS, Math.max(1, (deadline - now) / 1_000L)), time.milliseconds());
            long polled = clock.nowMicros();
            for (String id : selector.connected()) {
                connectedAt.putIfAbsent(id, polled);
            }
            for (Node node : nodes) {
                String id = node.idString();
                if (answeredAt.containsKey(id) || failures.containsKey(id)) {
                    continue;
                }
                if (client.isReady(node, time.milliseconds())) {
                    answeredAt.put(id, polled);
                    connectedAt.putIfAbsent(id, polled);
                } else if (client.connectionFailed(node)) {
                    failures.put(id, failure(client.authenticationException(node), connectedAt.containsKey(id)));
                }
            }
        }
        String unfinished = running.getAsBoolean()
                ? "no ApiVersions answer within " + timeout.toMillis() + " ms" : "stopped before an answer";
        List<BrokerCheck> checks = new ArrayList<>(nodes.size());
        for (Node node : nodes) {
            String id = node.idString();
            long started = startedAt.get(id);
            Long connected = connectedAt.get(id);
            Long answered = answeredAt.get(id);
            String failure = answered != null ? null
                    : failures.getOrDefault(id, connected == null ? "not connected within " + timeout.toMillis() + " ms"
                    : unfinished);
            checks.add(new BrokerCheck(node.id(), node.host() + ":" + node.port(), fenced.contains(node.id()),
                    connected == null ? -1 : connected - started, answered == null ? -1 : answered - started, failure));
        }
        return checks;
    }

    /** Why a connection failed; the exception's message only, never the client's settings. */
    private static String failure(AuthenticationException authentication, boolean connected) {
        if (authentication != null) {
            return "authentication failed: " + authentication.getMessage();
        }
        return connected ? "disconnected before the ApiVersions answer" : "connection refused or failed";
    }
}
