package dev.vigil.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One monitored cluster: either a real one reached through {@code bootstrap.servers}, or a
 * sandbox Vigil starts itself; exactly one of the two is set.
 *
 * @param name             {@code name}: required, 1-64 of {@code A-Z a-z 0-9 . _ -}, unique; it
 *                         labels every metric of the cluster
 * @param bootstrapServers {@code bootstrap.servers}: comma-separated {@code host:port} list
 * @param sandbox          {@code sandbox}: an in-process cluster instead of a real one
 * @param client           {@code client}: Kafka client properties (TLS, SASL, timeouts) passed to
 *                         every client of this cluster; may hold secrets, see {@link #redactedClient()}
 * @param topic            the monitor topic
 * @param probe            the probe schedule, SLAs and windows
 * @param offsetCommit     the offset-commit probe
 * @param controller       the controller probe
 * @param mirror           {@code mirror}: the mirror probe, when this cluster's monitor topic is
 *                         replicated to another configured cluster
 * @param lag              the consumer-group lag evaluation
 * @param connectionCheck  the connection check of every broker
 */
public record ClusterConfig(String name, Optional<String> bootstrapServers, Optional<SandboxConfig> sandbox,
                            Map<String, String> client, TopicConfig topic, ProbeConfig probe,
                            OffsetCommitConfig offsetCommit, ControllerProbeConfig controller,
                            Optional<MirrorConfig> mirror, ConsumerLagConfig lag,
                            ConnectionCheckConfig connectionCheck) {

    /** The keys of a cluster object that are not the topic's or the probe's. */
    public static final class Keys {
        public static final String NAME = "name";
        public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
        public static final String SANDBOX = "sandbox";
        public static final String CLIENT = "client";
        /** Every key a cluster object may have, in the order the documentation lists them. */
        static final List<String> ALL = concat(List.of(NAME, BOOTSTRAP_SERVERS, SANDBOX, CLIENT),
                TopicConfig.Keys.ALL, ProbeConfig.Keys.ALL, OffsetCommitConfig.Keys.ALL,
                ControllerProbeConfig.Keys.ALL, ConnectionCheckConfig.Keys.ALL, List.of(MirrorConfig.Keys.MIRROR),
                ConsumerLagConfig.Keys.ALL);

        private Keys() {
        }
    }

    /**
     * Client properties Vigil sets itself, because the probes depend on their values: the
     * serializers match the probe wire format, offsets are never auto-committed or auto-reset
     * (a reset would hide a truncation), the group is Vigil's own, and probes are
     * sent with {@code acks=all} and idempotence, which the loss and duplicate numbers assume.
     */
    static final List<String> RESERVED_CLIENT_KEYS = List.of("bootstrap.servers", "key.serializer",
            "value.serializer", "key.deserializer", "value.deserializer", "enable.auto.commit", "group.id",
            "auto.offset.reset", "acks", "enable.idempotence");

    private static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    // A host name or IPv4 address, or an IPv6 literal in brackets as Kafka expects ("[::1]:9092").
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[[0-9A-Za-z:.%]+]");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    public ClusterConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(offsetCommit, "offsetCommit");
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(mirror, "mirror");
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(connectionCheck, "connectionCheck");
        // Kept in file order so logs and the dashboard show the properties as the operator wrote them.
        client = Collections.unmodifiableMap(new LinkedHashMap<>(client));
    }

    /** With the default connection check. */
    public ClusterConfig(String name, Optional<String> bootstrapServers, Optional<SandboxConfig> sandbox,
                         Map<String, String> client, TopicConfig topic, ProbeConfig probe,
                         OffsetCommitConfig offsetCommit, ControllerProbeConfig controller,
                         Optional<MirrorConfig> mirror, ConsumerLagConfig lag) {
        this(name, bootstrapServers, sandbox, client, topic, probe, offsetCommit, controller, mirror, lag,
                ConnectionCheckConfig.defaults());
    }

    /** With no lag evaluation. */
    public ClusterConfig(String name, Optional<String> bootstrapServers, Optional<SandboxConfig> sandbox,
                         Map<String, String> client, TopicConfig topic, ProbeConfig probe,
                         OffsetCommitConfig offsetCommit, ControllerProbeConfig controller,
                         Optional<MirrorConfig> mirror) {
        this(name, bootstrapServers, sandbox, client, topic, probe, offsetCommit, controller, mirror,
                ConsumerLagConfig.defaults());
    }

    /** With no mirror probe. */
    public ClusterConfig(String name, Optional<String> bootstrapServers, Optional<SandboxConfig> sandbox,
                         Map<String, String> client, TopicConfig topic, ProbeConfig probe,
                         OffsetCommitConfig offsetCommit, ControllerProbeConfig controller) {
        this(name, bootstrapServers, sandbox, client, topic, probe, offsetCommit, controller, Optional.empty());
    }

    /** With the offset-commit and controller probes at their defaults. */
    public ClusterConfig(String name, Optional<String> bootstrapServers, Optional<SandboxConfig> sandbox,
                         Map<String, String> client, TopicConfig topic, ProbeConfig probe) {
        this(name, bootstrapServers, sandbox, client, topic, probe,
                OffsetCommitConfig.defaults(name, topic.name(), probe), ControllerProbeConfig.defaults());
    }

    /** This cluster with another offset-commit probe. */
    public ClusterConfig withOffsetCommit(OffsetCommitConfig commit) {
        return new ClusterConfig(name, bootstrapServers, sandbox, client, topic, probe, commit, controller, mirror, lag,
                connectionCheck);
    }

    /** This cluster with another controller probe. */
    public ClusterConfig withController(ControllerProbeConfig probe) {
        return new ClusterConfig(name, bootstrapServers, sandbox, client, topic, this.probe, offsetCommit, probe,
                mirror, lag, connectionCheck);
    }

    /** This cluster with a mirror probe. */
    public ClusterConfig withMirror(MirrorConfig probe) {
        return new ClusterConfig(name, bootstrapServers, sandbox, client, topic, this.probe, offsetCommit, controller,
                Optional.of(probe), lag, connectionCheck);
    }

    /** This cluster with another lag evaluation. */
    public ClusterConfig withLag(ConsumerLagConfig evaluation) {
        return new ClusterConfig(name, bootstrapServers, sandbox, client, topic, probe, offsetCommit, controller,
                mirror, evaluation, connectionCheck);
    }

    /** This cluster with another connection check. */
    public ClusterConfig withConnectionCheck(ConnectionCheckConfig check) {
        return new ClusterConfig(name, bootstrapServers, sandbox, client, topic, probe, offsetCommit, controller,
                mirror, lag, check);
    }

    public boolean isSandbox() {
        return sandbox.isPresent();
    }

    /** {@link #client()} with the values of secret properties replaced, safe to log or display. */
    public Map<String, String> redactedClient() {
        return Secrets.redact(client);
    }

    /** Like the generated {@code toString()}, but with secrets of {@link #client()} redacted. */
    @Override
    public String toString() {
        return "ClusterConfig[name=" + name + ", bootstrapServers=" + bootstrapServers + ", sandbox=" + sandbox
                + ", client=" + redactedClient() + ", topic=" + topic + ", probe=" + probe
                + ", offsetCommit=" + offsetCommit + ", controller=" + controller + ", mirror=" + mirror + ", lag=" + lag
                + ", connectionCheck=" + connectionCheck + "]";
    }

    static ClusterConfig read(ConfigObject cluster) {
        cluster.rejectUnknownKeys(Keys.ALL, "Kafka client properties go in \"" + Keys.CLIENT + "\"");
        String name = cluster.optionalString(Keys.NAME).orElseThrow(() -> cluster.error(Keys.NAME,
                "required; give the cluster a unique name, e.g. \"prod-eu\""));
        if (!ConfigNames.valid(name, ConfigNames.LABEL_MAX)) {
            throw cluster.error(Keys.NAME, ConfigObject.quote(name) + " is not a valid name; use "
                    + ConfigNames.rule(ConfigNames.LABEL_MAX));
        }
        Optional<String> bootstrap = cluster.optionalString(Keys.BOOTSTRAP_SERVERS)
                .map(servers -> validBootstrapServers(cluster, servers));
        Optional<SandboxConfig> sandbox = cluster.optionalObject(Keys.SANDBOX, "{\"brokers\": 3}")
                .map(SandboxConfig::read);
        if (bootstrap.isPresent() == sandbox.isPresent()) {
            throw cluster.error("set exactly one of \"" + Keys.BOOTSTRAP_SERVERS + "\" (a running cluster) or \""
                    + Keys.SANDBOX + "\" (an in-process cluster Vigil starts)"
                    + (bootstrap.isPresent() ? "; both are set" : "; neither is set"));
        }
        Map<String, String> client = readClient(cluster);
        TopicConfig topic = TopicConfig.read(cluster);
        sandbox.ifPresent(s -> checkReplicasFit(cluster, topic, s));
        ProbeConfig probe = ProbeConfig.read(cluster);
        checkRequestTimeout(cluster, client, probe);
        Optional<MirrorConfig> mirror = cluster.optionalObject(MirrorConfig.Keys.MIRROR, "{\"to\": \"dr\"}")
                .map(m -> MirrorConfig.read(m, name, topic, probe));
        return new ClusterConfig(name, bootstrap, sandbox, client, topic, probe,
                OffsetCommitConfig.read(cluster, name, topic, probe), ControllerProbeConfig.read(cluster, topic), mirror,
                ConsumerLagConfig.read(cluster), ConnectionCheckConfig.read(cluster));
    }

    /** The servers, trimmed and rejoined, after checking every entry is {@code host:port}. */
    private static String validBootstrapServers(ConfigObject cluster, String servers) {
        if (servers.isBlank()) {
            throw cluster.error(Keys.BOOTSTRAP_SERVERS,
                    "is empty; give a comma-separated host:port list, e.g. \"kafka1:9092,kafka2:9092\"");
        }
        List<String> addresses = new ArrayList<>();
        for (String entry : servers.split(",", -1)) {
            String address = entry.trim();
            if (!isHostPort(address)) {
                throw cluster.error(Keys.BOOTSTRAP_SERVERS,
                        ConfigObject.quote(address) + " is not host:port with a port in 1..65535");
            }
            addresses.add(address);
        }
        return String.join(",", addresses);
    }

    private static boolean isHostPort(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        String host = address.substring(0, colon);
        String port = address.substring(colon + 1);
        return HOST.matcher(host).matches()
                && PORT.matcher(port).matches()
                && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535;
    }

    private static Map<String, String> readClient(ConfigObject cluster) {
        Map<String, String> client = new LinkedHashMap<>();
        Optional<ConfigObject> section = cluster.optionalObject(Keys.CLIENT,
                "{\"security.protocol\": \"SASL_SSL\"}");
        if (section.isEmpty()) {
            return client;
        }
        ConfigObject properties = section.get();
        for (Map.Entry<String, JsonNode> property : properties.entries()) {
            String key = property.getKey();
            JsonNode value = property.getValue();
            if (RESERVED_CLIENT_KEYS.contains(key)) {
                throw properties.error(key, key.equals(Keys.BOOTSTRAP_SERVERS)
                        ? "Vigil sets this itself; use the cluster's \"" + Keys.BOOTSTRAP_SERVERS + "\" instead"
                        : "Vigil sets this itself for its probes; remove it");
            }
            if (value.isTextual() || value.isBoolean() || value.isIntegralNumber()) {
                client.put(key, value.asText());
            } else if (value.isNumber()) {
                client.put(key, value.decimalValue().toPlainString());
            } else {
                throw properties.error(key, "expected a string, number or boolean, got " + ConfigObject.describe(value)
                        + "; Kafka client properties are flat, e.g. \"ssl.truststore.location\": \"/etc/kafka/ts.p12\"");
            }
        }
        return client;
    }

    /**
     * The probe consumer takes the {@code client} section's {@code request.timeout.ms} too: above half the
     * loss grace, a fetch that hangs would keep its partitions' verdicts waiting most of a grace before
     * the consumer gave up on it (Kafka's 30 s default equals the default grace).
     */
    private static void checkRequestTimeout(ConfigObject cluster, Map<String, String> client, ProbeConfig probe) {
        String value = client.get(REQUEST_TIMEOUT_MS);
        if (value == null) {
            return;
        }
        String key = Keys.CLIENT + "." + REQUEST_TIMEOUT_MS;
        long limit = probe.lossGrace().toMillis() / 2;
        long ms;
        try {
            ms = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw cluster.error(key, ConfigObject.quote(value) + " is not a whole number of milliseconds");
        }
        if (ms < 1 || ms > limit) {
            throw cluster.error(key, ms + " must be 1.." + limit + ", at most half of " + ProbeConfig.Keys.LOSS_GRACE_MS
                    + " (" + probe.lossGrace().toMillis() + "), so that a fetch that hangs is given up on well within the"
                    + " grace; lower it, raise " + ProbeConfig.Keys.LOSS_GRACE_MS + ", or remove it (Vigil then uses "
                    + probe.consumerRequestTimeout().toMillis() + ")");
        }
    }

    // A sandbox's broker count is known now, so a topic it cannot host fails at start-up; for a
    // real cluster the topic manager checks this against the live brokers.
    private static void checkReplicasFit(ConfigObject cluster, TopicConfig topic, SandboxConfig sandbox) {
        int brokers = sandbox.brokers();
        if (topic.replicationFactor().isPresent()) {
            int replicationFactor = topic.replicationFactor().getAsInt();
            if (replicationFactor > brokers) {
                throw cluster.error(TopicConfig.Keys.REPLICATION_FACTOR, replicationFactor + " is more than the "
                        + brokers + " sandbox brokers; lower it or raise sandbox." + SandboxConfig.Keys.BROKERS);
            }
            return; // min.insync.replicas <= replication.factor was checked with the topic
        }
        int defaultReplicas = Math.min(3, brokers);
        if (topic.minInsyncReplicas().isPresent() && topic.minInsyncReplicas().getAsInt() > defaultReplicas) {
            throw cluster.error(TopicConfig.Keys.MIN_INSYNC_REPLICAS, topic.minInsyncReplicas().getAsInt()
                    + " is more than the " + defaultReplicas + " replicas the topic gets without "
                    + TopicConfig.Keys.REPLICATION_FACTOR + " (min(3, sandbox brokers)); lower it or raise sandbox."
                    + SandboxConfig.Keys.BROKERS);
        }
    }

    @SafeVarargs
    static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return List.copyOf(all);
    }
}
