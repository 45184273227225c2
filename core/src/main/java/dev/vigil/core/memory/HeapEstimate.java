package dev.vigil.core.memory;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ConsumerLagConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.ledger.SequenceLedger;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * An upper estimate of the heap one cluster's monitoring needs, by part, for a given number of brokers and
 * monitor partitions. Pure arithmetic: what the configured rings, windows and histograms hold, plus
 * per-partition and per-cluster constants measured on running monitors (bench/RESULTS.md: 14.1 MiB of live
 * heap at 6 partitions, 37–41 MiB at 1,000, 201–221 MiB at 10,000, each after a full GC).
 *
 * <p>Each part is sized at its bound, not at what a healthy cluster fills: a ledger ring is allocated
 * whole when its partition is first probed, a window's slices fill as probes arrive, and the consumer's
 * fetched data and the producer's batches reach their bounds only when foreign records flood the topic
 * or a broker stops acking. A monitor running at the estimate has all of them full at once.
 */
public final class HeapEstimate {

    private static final long KIB = 1024, MIB = 1024 * KIB;
    /**
     * Jetty, Jolokia, Jackson, the Prometheus registry and the classes' static state: with one cluster of 6
     * partitions the whole live heap was 14.1 MiB; the rest of that is the cluster's own base below.
     */
    static final long PROCESS_BASE_BYTES = 16 * MIB;
    /**
     * One cluster's four Kafka clients (producer, consumer, admin, offset-commit consumer) with their
     * metadata and metrics, its cluster scope, dashboard history (15 minutes of samples), events and SLO
     * histories.
     */
    static final long CLUSTER_BASE_BYTES = 8 * MIB;
    /**
     * What a partition costs besides its ring and windows: the clients' per-partition state (metadata,
     * fetch positions, the producer's deque), its scope and counters, its JMX bean and name, the
     * dashboard's grid entry. 10,000 partitions at the defaults measured at most 20.7 KB each in all
     * (221 MiB less the 14 MiB of a small monitor), a 2 KiB ring and about 2 KiB of windows included.
     */
    static final long PARTITION_BASE_BYTES = 20 * KIB;
    /** A broker scope's counters, bean and table row, besides its windows. */
    static final long BROKER_BASE_BYTES = 16 * KIB;
    /**
     * A latency window keeps one entry (a packed {@code long}) per distinct latency index seen in a slice;
     * its arrays grow by doubling, so up to 16 bytes per entry.
     */
    static final long WINDOW_ENTRY_BYTES = 16;
    /**
     * Distinct latency indexes a slice can hold in practice: three significant digits make 1,024 indexes per
     * doubling, and probe latencies spread over about eight doublings (say 1 ms to 250 ms).
     */
    static final long DISTINCT_INDEXES = 8 * 1024;
    /**
     * A window whose writers record more than its log's 16 slots between two drains (about one a slice)
     * counts the rest in chunked arrays, one per phase of its log: an index of the chunks (about 370
     * references) and 64 ints per chunk touched. Measured at 300 partitions × 10/s: about 50 chunks for a
     * slice's 100 values; counted here as up to 64.
     */
    static final long OVERFLOW_INDEX_BYTES = 1_536;
    static final long OVERFLOW_CHUNK_BYTES = 64 * Integer.BYTES + 16;
    static final long OVERFLOW_CHUNKS = 64;
    static final int LOG_SLOTS = 16;
    /** A slot of a partition's {@link SequenceLedger} ring: three longs (the third, the record's offset, tells replays apart). */
    static final long LEDGER_SLOT_BYTES = SequenceLedger.longsPerSlot(true) * Long.BYTES;
    /** A slot of a mirror ledger's ring: two longs (a mirrored record's offset is another cluster's). */
    static final long MIRROR_LEDGER_SLOT_BYTES = SequenceLedger.longsPerSlot(false) * Long.BYTES;
    /**
     * The consumer's fetched data per broker, bounded by {@code fetch.max.bytes} (or one batch larger than it,
     * up to the broker's {@code message.max.bytes}, 1 MiB by default): a response in flight, a completed one
     * waiting to be drained, and the values copied out of it for the poll.
     */
    static final int FETCHED_COPIES = 3;
    static final long BROKER_MESSAGE_MAX_BYTES = MIB;
    /** The producer's default {@code buffer.memory}: the bound of its batches, pooled or in flight. */
    static final long PRODUCER_BUFFER_BYTES = 32 * MIB;
    /**
     * An in-process sandbox: its controller and the brokers' own state (KAFKA-NOTES measured 40 MB of heap
     * in use for one combined node, 60–70 MB for three brokers), and each partition replica.
     */
    static final long SANDBOX_BASE_BYTES = 24 * MIB;
    static final long SANDBOX_BROKER_BYTES = 14 * MIB;
    static final long SANDBOX_REPLICA_BYTES = 8 * KIB;
    /**
     * A leader's fetch purgatory keeps each completed delayed fetch, with an entry for every partition the
     * fetch asked for, until it purges (every 1,000 operations by default): at 300 partitions × 10/s on
     * three in-process brokers that was about 30 MB (100 KB a partition) of the live heap.
     */
    static final long SANDBOX_PARTITION_BYTES = 256 * KIB;

    /**
     * What one evaluated group partition keeps besides its commits: its window's object, end offsets and deque,
     * its map entries, its record stamp and its entry in the latest evaluation. bench/RESULTS.md
     * ("Consumer-group lag") measured 53.7–65.5 MiB for 100,000 group partitions at {@code lag.window} 10
     * after six rounds, at most 687 bytes each; its windows were not full (at most six commits, one for a
     * stopped group), so the commits are counted on their own below, a whole window of them.
     */
    static final long GROUP_PARTITION_BASE_BYTES = 560;
    /**
     * One commit of a window: its {@code CommitSample} (a header and three longs), its reference in the window
     * and in the latest evaluation, and the end offset kept beside it. At {@code lag.window} 10 a group
     * partition counts 1,120 bytes, above the 687 measured and the at most 1,083 of those windows once full.
     */
    static final long GROUP_PARTITION_COMMIT_BYTES = 56;
    /** The dashboard's lag history: at most 200 groups of 451 points of 24 bytes (README, "Consumer-group lag"). */
    static final long GROUP_HISTORY_BYTES = 3 * MIB;

    private HeapEstimate() {
    }

    /** What a cluster's monitoring is sized for: its brokers and the monitor topic's partitions. */
    public record Size(int brokers, int partitions) {
        public Size {
            if (brokers < 1 || partitions < 0) {
                throw new IllegalArgumentException("need at least one broker and no negative partitions: " + brokers
                        + " brokers, " + partitions + " partitions");
            }
        }
    }

    /**
     * One part of an estimate, with the key that lowers it (null where only more heap helps) and why it
     * is large, for the refusal line.
     */
    public record Part(String name, long bytes, String key, String why) {
    }

    /** One cluster's estimate, by part. */
    public record Cluster(String cluster, Size size, List<Part> parts) {

        public long bytes() {
            return parts.stream().mapToLong(Part::bytes).sum();
        }

        /** The largest part that a key of the config lowers. */
        public Part largestLowerable() {
            return parts.stream().filter(p -> p.key() != null).max(Comparator.comparingLong(Part::bytes)).orElseThrow();
        }
    }

    /** The bytes every Vigil needs whatever it monitors. */
    public static long processBaseBytes() {
        return PROCESS_BASE_BYTES;
    }

    /**
     * @param partitionHistograms {@code prometheus.partition.histograms}: partition scopes keep their latency
     *                            distributions since start
     */
    public static Cluster of(ClusterConfig config, Size size, boolean partitionHistograms) {
        ProbeConfig probe = config.probe();
        long partitions = size.partitions();
        long interval = probe.interval().toMillis();
        long ring = ringSlots(probe.interval().toMillis(), probe.lossGrace().toMillis());
        List<Part> parts = new java.util.ArrayList<>();
        parts.add(new Part("each partition's ledger ring of " + ring + " probes", partitions * ring * LEDGER_SLOT_BYTES,
                ProbeConfig.Keys.LOSS_GRACE_MS, ProbeConfig.Keys.LOSS_GRACE_MS + " " + probe.lossGrace().toMillis()
                + " at " + ProbeConfig.Keys.PROBE_INTERVAL_MS + " " + interval + "; or raise "
                + ProbeConfig.Keys.PROBE_INTERVAL_MS));
        config.mirror().ifPresent(mirror -> {
            long slots = ringSlots(interval, mirror.lossGrace().toMillis());
            parts.add(new Part("each partition's mirror ledger ring of " + slots + " probes",
                    partitions * slots * MIRROR_LEDGER_SLOT_BYTES, "mirror.loss.grace.ms", "mirror.loss.grace.ms "
                    + mirror.lossGrace().toMillis() + " at " + ProbeConfig.Keys.PROBE_INTERVAL_MS + " " + interval));
        });
        long sliceMs = probe.slice().toMillis();
        long perSlice = Math.min(DISTINCT_INDEXES, ceilDiv(sliceMs, interval));
        long perWindow = Math.min(DISTINCT_INDEXES, ceilDiv(probe.window().toMillis(), interval));
        // Two windows (produce, e2e): their slices, their running sum, and the counts since start if kept.
        long partitionWindow = 2 * (probe.windowSlices() * perSlice + perWindow
                + (partitionHistograms ? DISTINCT_INDEXES : 0)) * WINDOW_ENTRY_BYTES
                + 2 * overflowBytes(ceilDiv(sliceMs, interval))
                + 2 * probe.windowSlices() * 4 * Long.BYTES; // the availability ratios' slots
        parts.add(new Part("each partition's latency windows", partitions * partitionWindow, ProbeConfig.Keys.WINDOW_MS,
                ProbeConfig.Keys.WINDOW_MS + " " + probe.window().toMillis() + " at "
                + ProbeConfig.Keys.PROBE_INTERVAL_MS + " " + interval + "; or raise " + ProbeConfig.Keys.PROBE_INTERVAL_MS));
        parts.add(new Part("each partition's scope and client state", partitions * PARTITION_BASE_BYTES,
                "partitions.per.broker", "partitions.per.broker " + config.topic().partitionsPerBroker()));
        // Broker and cluster scopes see their partitions' values, and always keep their distributions since start.
        long perBroker = ceilDiv(partitions, size.brokers());
        long scopes = size.brokers() * (BROKER_BASE_BYTES + scopeWindows(probe, perBroker))
                + BROKER_BASE_BYTES + scopeWindows(probe, partitions);
        parts.add(new Part("broker and cluster scopes", scopes, null, null));
        long fetchMax = clientBytes(config, "fetch.max.bytes", probe.fetchMaxBytes());
        long fetchedPerBroker = FETCHED_COPIES * Math.max(fetchMax, BROKER_MESSAGE_MAX_BYTES);
        int consumers = config.mirror().isPresent() ? 2 : 1;
        parts.add(new Part("the consumers' fetched records", consumers * size.brokers() * fetchedPerBroker,
                config.client().containsKey("fetch.max.bytes") ? "client.fetch.max.bytes" : null,
                "client.fetch.max.bytes " + fetchMax));
        long batches = (ceilDiv(probe.deliveryTimeout().toMillis(), interval) + 1) * probe.batchBytes();
        parts.add(new Part("the producer's batches", Math.min(clientBytes(config, "buffer.memory", PRODUCER_BUFFER_BYTES),
                partitions * batches), ProbeConfig.Keys.RECORD_SIZE_BYTES,
                ProbeConfig.Keys.RECORD_SIZE_BYTES + " " + probe.recordSizeBytes()));
        parts.add(new Part("the cluster's clients and history", CLUSTER_BASE_BYTES, null, null));
        ConsumerLagConfig lag = config.lag();
        if (lag.enabled()) {
            parts.add(new Part("the consumer-group lag windows of at most " + lag.maxGroupPartitions()
                    + " group partitions", groupLagBytes(lag), ConsumerLagConfig.Keys.MAX_GROUP_PARTITIONS,
                    ConsumerLagConfig.Keys.MAX_GROUP_PARTITIONS + " " + lag.maxGroupPartitions() + " at "
                    + ConsumerLagConfig.Keys.WINDOW + " " + lag.window() + "; or narrow "
                    + ConsumerLagConfig.Keys.INCLUDE));
        }
        config.sandbox().ifPresent(sandbox -> {
            int rf = config.topic().replicationFactor().orElse(Math.min(3, size.brokers()));
            parts.add(new Part("the in-process sandbox brokers", SANDBOX_BASE_BYTES + size.brokers() * SANDBOX_BROKER_BYTES
                    + partitions * (SANDBOX_PARTITION_BYTES + rf * SANDBOX_REPLICA_BYTES), "sandbox.brokers",
                    "sandbox.brokers " + sandbox.brokers()));
        });
        return new Cluster(config.name(), size, List.copyOf(parts));
    }

    /** Lag evaluation at its bound: every group partition it may keep, each with a whole window of commits. */
    static long groupLagBytes(ConsumerLagConfig lag) {
        return GROUP_HISTORY_BYTES + (long) lag.maxGroupPartitions()
                * (GROUP_PARTITION_BASE_BYTES + lag.window() * GROUP_PARTITION_COMMIT_BYTES);
    }

    /** A scope's two latency windows fed by {@code partitions} partitions, with their distributions since start. */
    private static long scopeWindows(ProbeConfig probe, long partitions) {
        long interval = probe.interval().toMillis();
        long perSlice = Math.min(DISTINCT_INDEXES, partitions * ceilDiv(probe.slice().toMillis(), interval));
        long perWindow = Math.min(DISTINCT_INDEXES, partitions * ceilDiv(probe.window().toMillis(), interval));
        return 2 * (probe.windowSlices() * perSlice + perWindow + DISTINCT_INDEXES) * WINDOW_ENTRY_BYTES
                + 2 * overflowBytes(partitions * ceilDiv(probe.slice().toMillis(), interval));
    }

    /** A window's chunked overflow counts, in both phases of its log, for {@code values} between drains. */
    private static long overflowBytes(long values) {
        return values <= LOG_SLOTS ? 0 : 2 * (OVERFLOW_INDEX_BYTES + Math.min(values, OVERFLOW_CHUNKS) * OVERFLOW_CHUNK_BYTES);
    }

    /** The slots of a ledger ring, as {@link SequenceLedger#capacityFor} sizes it. */
    static long ringSlots(long intervalMillis, long graceMillis) {
        return SequenceLedger.capacityFor(intervalMillis * 1_000L, graceMillis * 1_000L);
    }

    /** A size the operator's {@code client} properties set, else Vigil's. */
    private static long clientBytes(ClusterConfig config, String key, long vigils) {
        String value = config.client().get(key);
        if (value == null) {
            return vigils;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return vigils; // Kafka refuses it when the client is made, with its own message
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** Sums the clusters' estimates and the process base. */
    public static long total(Map<String, Cluster> clusters) {
        return PROCESS_BASE_BYTES + clusters.values().stream().mapToLong(Cluster::bytes).sum();
    }
}
