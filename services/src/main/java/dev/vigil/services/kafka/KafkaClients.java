package dev.vigil.services.kafka;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ProbeConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.HashMap;
import java.util.Map;

/**
 * Builds every Kafka client Vigil uses for one cluster, in one place, so the cluster's
 * {@code client} properties (TLS, SASL, timeouts) reach the producer, the consumer and the admin
 * client alike.
 *
 * <p>Order of precedence: Vigil's defaults, then the operator's {@code client} properties, then the
 * few settings the probes cannot work without (serializers, no auto-commit, no auto-reset), which
 * the config loader already refuses in {@code client}.
 */
public final class KafkaClients {

    /**
     * Records one poll may hand out. Every poll walks every assigned partition in the client to prepare
     * the next fetches, whether it sends one or not; at Kafka's default of 500 a consumer of 10,000
     * partitions at one probe a second polled every 44 ms, and that walk took the largest share of its
     * thread. With this, a fetch response is handed out in one poll: polls every ~180 ms, a fifth less
     * CPU on the consume thread. Bounded, so a consumer far behind still returns to its loop (and its
     * stall check) every few milliseconds.
     */
    static final int MAX_POLL_RECORDS = 10_000;

    private final String bootstrapServers;
    private final Map<String, String> client;
    private final ProbeConfig probe;
    private final String clientIdPrefix;

    public KafkaClients(ClusterConfig cluster, String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.client = cluster.client();
        this.probe = cluster.probe();
        this.clientIdPrefix = "vigil-" + cluster.name();
    }

    public Admin admin() {
        Map<String, Object> props = base("admin");
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        props.putAll(client);
        return Admin.create(props);
    }

    public KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(producerConfig());
    }

    /** The producer's properties; visible for tests. */
    Map<String, Object> producerConfig() {
        Map<String, Object> props = base("producer");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // The ledger judges the ack SLA itself. The client's timeouts only bound how long a send
        // may stay unresolved: retrying for the default two minutes would deliver stale probes, and
        // a request timeout as short as the SLA would drop a slow broker's connection with every
        // other partition's requests on it. The delivery timeout (twice the SLA) resolves every send
        // before the loss grace decides whether it was lost.
        long deliveryMs = probe.deliveryTimeout().toMillis();
        // send() blocks the schedule while metadata or buffer space is missing; such a send counts
        // as failed, so it must give up well within one interval, and quickly on shutdown.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG,
                Math.max(50, Math.min(Math.min(probe.interval().toMillis() / 2, probe.produceAckSla().toMillis()), 2_000)));
        // The probe sends to a partition added to the topic only once the producer's own metadata has
        // it (a send that had to fetch it would block the schedule and fail a probe that proves nothing);
        // refreshing as often as the cluster state is observed bounds that wait, for one small request.
        props.put(ProducerConfig.METADATA_MAX_AGE_CONFIG, probe.clusterStateInterval().toMillis());
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, batchSize(probe));
        props.putAll(client);
        // Kafka refuses a delivery timeout below linger + request timeout: fit whichever of the two
        // the operator did not set around the one they did.
        long linger = millis(props.get(ProducerConfig.LINGER_MS_CONFIG));
        if (client.containsKey(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)) {
            long delivery = millis(props.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
            props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, clampInt(Math.min(deliveryMs, Math.max(1, delivery - linger))));
        } else {
            props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, clampInt(deliveryMs));
            long request = millis(props.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG));
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, clampInt(Math.max(deliveryMs, linger + request)));
        }
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /**
     * A batch sized for one probe record. A batch holds one probe (one per partition per round, no
     * linger), but the producer gives every partition with a send in flight a whole {@code batch.size}
     * buffer and keeps freed ones pooled: at the default 16 KB, 1,000 partitions held 16 MB of
     * buffers for 100 KB of probes. A backlog (a slow leader) only takes more batches.
     */
    static int batchSize(ProbeConfig probe) {
        return probe.batchBytes();
    }

    public KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(consumerConfig());
    }

    /**
     * The mirror probe's consumer, reading the mirrored topic in this (target) cluster. It never
     * creates topics: a broker's auto-creation would make the mirrored topic, with the broker's
     * default partition count, before the replicator does.
     */
    public KafkaConsumer<byte[], byte[]> mirrorConsumer(String sourceCluster) {
        Map<String, Object> props = consumerConfig("mirror-of-" + sourceCluster); // a client id of its own
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new KafkaConsumer<>(props);
    }

    /** The consumer's properties; visible for tests. */
    Map<String, Object> consumerConfig() {
        return consumerConfig("consumer");
    }

    private Map<String, Object> consumerConfig(String role) {
        Map<String, Object> props = base(role);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchMaxWaitMs(probe));
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        // Bounded from the probe's size: Kafka's 50 MiB a fetch, filled by large foreign records on every
        // broker at once, would exhaust a small heap (see ProbeConfig#fetchMaxBytes).
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, probe.maxPartitionFetchBytes());
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, probe.fetchMaxBytes());
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        // Kafka's 30 s default equals the default loss grace: a fetch that hangs would hold its broker's
        // partitions for a whole grace before the consumer gave up on the connection.
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, clampInt(probe.consumerRequestTimeout().toMillis()));
        props.putAll(client);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A position that fell off the log means data the probe had read is gone: see it, never reset silently.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        return props;
    }

    /**
     * How long a fetch waits at the broker for data: longer than a probe interval (at least Kafka's own
     * 500 ms default, at most 10 s). A consumer has one fetch in flight per broker; one that expires
     * empty must travel back and be sent again before the broker can hand over the next probe, and a
     * probe arriving in that gap waits up to a further round trip. With a wait shorter than the interval
     * that gap recurs all the time: behind a 200 ms round trip, a 100 ms wait made the median e2e
     * latency rise by 310 ms instead of 200. A wait beyond the interval lets each fetch return with a
     * probe and the next one be parked before the next probe arrives (while the round trip is shorter
     * than the interval), so e2e latency rises by what the network added, not twice that. The consume
     * loop's own progress does not depend on it: {@code poll} returns on its own timeout.
     */
    static int fetchMaxWaitMs(ProbeConfig probe) {
        return (int) probe.fetchMaxWait().toMillis();
    }

    /**
     * The offset-commit probe's consumer: a member of no group (it never subscribes), it only
     * commits as {@code groupId}. Its requests time out with the commit SLA, so a coordinator that
     * hangs rather than refuses is given up on, and looked up again, within one commit.
     */
    public KafkaConsumer<byte[], byte[]> commitConsumer(String groupId, java.time.Duration sla) {
        Map<String, Object> props = base("commit");
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, clampInt(sla.toMillis()));
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, clampInt(sla.toMillis()));
        props.putAll(client);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        return new KafkaConsumer<>(props);
    }

    /**
     * The settings of the connection check's connections (see {@code FreshConnections}): its client id and the
     * cluster's {@code client} section (TLS, SASL); no bootstrap servers, as it picks the brokers itself.
     */
    public static Map<String, Object> connectionCheckConfig(ClusterConfig cluster) {
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "vigil-" + cluster.name() + "-connection-check");
        props.putAll(cluster.client());
        return props;
    }

    /**
     * The consumer that reads the record at a group's committed offset for its lag in seconds: a member of
     * no group (it assigns and seeks), reading one small fetch per partition. A committed offset that
     * retention already deleted resets to the earliest record, the oldest the group has not consumed.
     */
    public KafkaConsumer<byte[], byte[]> lagConsumer() {
        Map<String, Object> props = base("lag");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1024 * 1024);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        props.putAll(client);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new KafkaConsumer<>(props);
    }

    private static long millis(Object value) {
        return Long.parseLong(value.toString().trim());
    }

    private static int clampInt(long value) {
        return (int) Math.min(value, Integer.MAX_VALUE);
    }

    private Map<String, Object> base(String role) {
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-" + role);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5_000);
        return props;
    }
}
