package dev.vigil.core.config;

import dev.vigil.core.probe.ProbeCodec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one cluster is probed and judged. Its keys sit directly in the cluster object.
 *
 * @param interval       {@code probe.interval.ms}: one probe per partition this often; default 1000, 100..3600000
 * @param recordSizeBytes {@code record.size.bytes}: size of each probe record; default 100,
 *                       48..1000000 (48 bytes is the probe header)
 * @param produceAckSla  {@code produce.ack.sla.ms}: a send not acked within this is unavailable;
 *                       default 3000, 100..600000
 * @param e2eSla         {@code e2e.sla.ms}: an acked probe not consumed within this is unavailable;
 *                       default 5000, 100..600000, at least {@code produce.ack.sla.ms}
 * @param lossGrace      {@code loss.grace.ms}: an acked probe not consumed within this is lost;
 *                       default 30000, 1000..3600000, more than {@code e2e.sla.ms}, at least
 *                       twice {@code produce.ack.sla.ms}, and at least twice the fetch wait plus a second
 *                       ({@link #minLossGrace}), so the consumer's request timeout stays well below it
 * @param window         {@code window.ms}: span of the sliding windows; default 60000, 1000..3600000
 * @param windowSlices   {@code window.slices}: the window moves in this many steps; default 6,
 *                       1..120, and must divide {@code window.ms}
 * @param clusterStateInterval {@code cluster.state.interval.ms}: how often the cluster-state probe
 *                       describes the cluster and the monitor topic; default 10000, 1000..3600000
 */
public record ProbeConfig(Duration interval, int recordSizeBytes, Duration produceAckSla, Duration e2eSla,
                          Duration lossGrace, Duration window, int windowSlices, Duration clusterStateInterval) {

    /** The probe keys of a cluster object. */
    public static final class Keys {
        public static final String PROBE_INTERVAL_MS = "probe.interval.ms";
        public static final String RECORD_SIZE_BYTES = "record.size.bytes";
        public static final String PRODUCE_ACK_SLA_MS = "produce.ack.sla.ms";
        public static final String E2E_SLA_MS = "e2e.sla.ms";
        public static final String LOSS_GRACE_MS = "loss.grace.ms";
        public static final String WINDOW_MS = "window.ms";
        public static final String WINDOW_SLICES = "window.slices";
        public static final String CLUSTER_STATE_INTERVAL_MS = "cluster.state.interval.ms";
        static final List<String> ALL = List.of(PROBE_INTERVAL_MS, RECORD_SIZE_BYTES, PRODUCE_ACK_SLA_MS,
                E2E_SLA_MS, LOSS_GRACE_MS, WINDOW_MS, WINDOW_SLICES, CLUSTER_STATE_INTERVAL_MS);

        private Keys() {
        }
    }

    /** The probe header (magic, version, session, partition, sequence, send time, MAC) fills this much of a record. */
    public static final int MIN_RECORD_SIZE_BYTES = ProbeCodec.HEADER_BYTES;
    private static final int DEFAULT_CLUSTER_STATE_INTERVAL_MS = 10_000;

    public ProbeConfig {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(produceAckSla, "produceAckSla");
        Objects.requireNonNull(e2eSla, "e2eSla");
        Objects.requireNonNull(lossGrace, "lossGrace");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(clusterStateInterval, "clusterStateInterval");
    }

    /** With the default cluster-state interval. */
    public ProbeConfig(Duration interval, int recordSizeBytes, Duration produceAckSla, Duration e2eSla,
                       Duration lossGrace, Duration window, int windowSlices) {
        this(interval, recordSizeBytes, produceAckSla, e2eSla, lossGrace, window, windowSlices,
                Duration.ofMillis(DEFAULT_CLUSTER_STATE_INTERVAL_MS));
    }

    /** This config with another cluster-state interval. */
    public ProbeConfig withClusterStateInterval(Duration clusterState) {
        return new ProbeConfig(interval, recordSizeBytes, produceAckSla, e2eSla, lossGrace, window, windowSlices,
                clusterState);
    }

    /** Every key at its default. */
    public static ProbeConfig defaults() {
        return read(ConfigObject.empty(""));
    }

    /**
     * The producer's {@code delivery.timeout.ms}: twice the ack SLA, so a send stuck in retries is
     * resolved (acked or failed) well before {@link #lossGrace} decides whether it was lost.
     */
    public Duration deliveryTimeout() {
        return produceAckSla.multipliedBy(2);
    }

    /**
     * The probe consumer's {@code fetch.max.wait.ms}: twice the interval, at least Kafka's own 500 ms
     * default, at most 10 s (why: {@code KafkaClients.fetchMaxWaitMs}).
     */
    public Duration fetchMaxWait() {
        return Duration.ofMillis(fetchMaxWaitMillis(interval));
    }

    /**
     * The probe consumer's {@code request.timeout.ms}: a quarter of the loss grace, at most Kafka's 30 s
     * default, and never below the fetch wait plus a second (a fetch legitimately waits that long at the
     * broker). With {@link #minLossGrace} that is at most half the grace: a fetch that hangs is given up
     * on, and its connection opened again, well before a loss verdict could fall on what it kept back.
     */
    public Duration consumerRequestTimeout() {
        long floor = fetchMaxWaitMillis(interval) + 1_000;
        return Duration.ofMillis(Math.max(floor, Math.min(30_000, lossGrace.toMillis() / 4)));
    }

    /** The shortest loss grace for {@code interval}: twice the fetch wait plus a second. */
    static long minLossGrace(Duration interval) {
        return 2 * (fetchMaxWaitMillis(interval) + 1_000);
    }

    private static long fetchMaxWaitMillis(Duration interval) {
        return Math.min(10_000, Math.max(500, 2 * interval.toMillis()));
    }

    /** A record batch's header (61 bytes) and one record's framing, with room to spare. */
    public static final int BATCH_OVERHEAD_BYTES = 256;
    private static final int KIB = 1024, MIB = 1024 * KIB;

    /** The bytes of a batch holding one probe: the producer's {@code batch.size}. */
    public int batchBytes() {
        return recordSizeBytes + BATCH_OVERHEAD_BYTES;
    }

    /**
     * The consumers' {@code max.partition.fetch.bytes}: 16 probe batches, at least 64 KiB, at most Kafka's
     * default of 1 MiB (which still holds one batch of the largest probe, 1,000,000 bytes). A partition
     * gets one probe an interval, so this is a backlog of 16 intervals per fetch; anything larger on the
     * topic is foreign. Kafka returns a batch larger than the bound anyway when it is the first of the
     * fetch, so a large foreign record is read (and counted) one per fetch, never wedges the consumer.
     */
    public int maxPartitionFetchBytes() {
        return Math.min(MIB, Math.max(64 * KIB, 16 * batchBytes()));
    }

    /**
     * The consumers' {@code fetch.max.bytes}, per fetch and so per broker: four partitions' worth, at least
     * 1 MiB (10,000 partitions on one broker at one probe a second fetch about 0.6 MB a time), instead of
     * Kafka's 50 MiB, which a flood of large foreign records would fill on every broker at once.
     */
    public int fetchMaxBytes() {
        return Math.max(MIB, 4 * maxPartitionFetchBytes());
    }

    /** The step by which the sliding windows move. */
    public Duration slice() {
        return window.dividedBy(windowSlices);
    }

    static ProbeConfig read(ConfigObject cluster) {
        Duration interval = cluster.millis(Keys.PROBE_INTERVAL_MS, 1000, 100, 3_600_000);
        // Capped below 1 MiB so a probe plus its batch overhead fits the producer's default
        // max.request.size and the brokers' default message.max.bytes.
        int recordSize = cluster.integer(Keys.RECORD_SIZE_BYTES, 100, MIN_RECORD_SIZE_BYTES, 1_000_000, "bytes");
        Duration ackSla = cluster.millis(Keys.PRODUCE_ACK_SLA_MS, 3000, 100, 600_000);
        Duration e2eSla = cluster.millis(Keys.E2E_SLA_MS, 5000, 100, 600_000);
        Duration lossGrace = cluster.millis(Keys.LOSS_GRACE_MS, 30_000, 1000, 3_600_000);
        Duration window = cluster.millis(Keys.WINDOW_MS, 60_000, 1000, 3_600_000);
        int slices = cluster.integer(Keys.WINDOW_SLICES, 6, 1, 120, "");
        Duration clusterState = cluster.millis(Keys.CLUSTER_STATE_INTERVAL_MS, DEFAULT_CLUSTER_STATE_INTERVAL_MS,
                1000, 3_600_000);

        // A probe's end-to-end time includes its produce; a shorter e2e SLA would fail probes
        // the produce SLA still counts as healthy.
        if (e2eSla.compareTo(ackSla) < 0) {
            throw cluster.error(Keys.E2E_SLA_MS, e2eSla.toMillis() + " is less than " + Keys.PRODUCE_ACK_SLA_MS
                    + " (" + ackSla.toMillis() + "); raise " + Keys.E2E_SLA_MS
                    + " or lower " + Keys.PRODUCE_ACK_SLA_MS);
        }
        if (lossGrace.compareTo(e2eSla) <= 0) {
            throw cluster.error(Keys.LOSS_GRACE_MS, lossGrace.toMillis() + " must be more than " + Keys.E2E_SLA_MS
                    + " (" + e2eSla.toMillis() + "), or a probe that is merely late counts as lost; raise "
                    + Keys.LOSS_GRACE_MS + " or lower " + Keys.E2E_SLA_MS);
        }
        Duration deliveryTimeout = ackSla.multipliedBy(2);
        if (lossGrace.compareTo(deliveryTimeout) < 0) {
            throw cluster.error(Keys.LOSS_GRACE_MS, lossGrace.toMillis() + " must be at least twice "
                    + Keys.PRODUCE_ACK_SLA_MS + " (" + deliveryTimeout.toMillis() + "), because the producer's"
                    + " delivery timeout is twice the ack SLA and an unacked send must be resolved before loss"
                    + " is decided; raise " + Keys.LOSS_GRACE_MS + " or lower " + Keys.PRODUCE_ACK_SLA_MS);
        }
        if (lossGrace.toMillis() < minLossGrace(interval)) {
            throw cluster.error(Keys.LOSS_GRACE_MS, lossGrace.toMillis() + " must be at least " + minLossGrace(interval)
                    + " with " + Keys.PROBE_INTERVAL_MS + " " + interval.toMillis() + ": twice the consumer's fetch wait"
                    + " (" + fetchMaxWaitMillis(interval) + " ms) plus a second, so that a fetch that hangs times out well"
                    + " within the grace; raise " + Keys.LOSS_GRACE_MS + " or lower " + Keys.PROBE_INTERVAL_MS);
        }
        if (window.toMillis() % slices != 0) {
            throw cluster.error(Keys.WINDOW_MS, window.toMillis() + " is not divisible by " + Keys.WINDOW_SLICES
                    + " (" + slices + "); choose values that split the window into whole milliseconds,"
                    + " e.g. " + Keys.WINDOW_MS + " 60000 with " + Keys.WINDOW_SLICES + " 6");
        }
        return new ProbeConfig(interval, recordSize, ackSla, e2eSla, lossGrace, window, slices, clusterState);
    }
}
