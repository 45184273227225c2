package dev.vigil.core.memory;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.VigilConfig;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the clusters of one process, at their sizes, fit the JVM's heap ({@link HeapEstimate}); the
 * refusal is one line that starts with the key to lower. Used by {@code --check-config} and at start,
 * with each cluster's size assumed from its config ({@link #assumedSize}), and by topic management
 * before it creates or grows a monitor topic, with the brokers it found.
 *
 * <p>The estimate may use {@link #USABLE_NUMERATOR}/{@link #USABLE_DENOMINATOR} of the max heap: the
 * collector needs the rest to work in, and a live set at the max heap is an OutOfMemoryError.
 *
 * <p>Thread-safe: each cluster's topic management reports its sizes from its own thread.
 */
public final class HeapBudget {

    static final long USABLE_NUMERATOR = 3, USABLE_DENOMINATOR = 4;
    /**
     * Brokers assumed for a cluster Vigil has not seen yet ({@code --check-config}, start): at least three,
     * or as many as {@code bootstrap.servers} lists. A floor, so a config refused here is surely too large;
     * topic management checks again with the brokers it finds.
     */
    public static final int ASSUMED_MIN_BROKERS = 3;

    private final Map<String, Indexed> clusters = new LinkedHashMap<>();
    private final boolean partitionHistograms;
    private final long maxHeapBytes;
    /** Guarded by {@code this}. */
    private final Map<String, HeapEstimate.Size> sizes = new HashMap<>();

    private record Indexed(int index, ClusterConfig config) {
    }

    /** The clusters of {@code config}, each at its {@linkplain #assumedSize assumed size}. */
    public HeapBudget(VigilConfig config, long maxHeapBytes) {
        this(config.clusters(), config.partitionHistograms(), maxHeapBytes);
    }

    public HeapBudget(List<ClusterConfig> clusters, boolean partitionHistograms, long maxHeapBytes) {
        for (int i = 0; i < clusters.size(); i++) {
            this.clusters.put(clusters.get(i).name(), new Indexed(i, clusters.get(i)));
            sizes.put(clusters.get(i).name(), assumedSize(clusters.get(i)));
        }
        this.partitionHistograms = partitionHistograms;
        this.maxHeapBytes = maxHeapBytes;
    }

    /** One cluster alone in this JVM (tests, and a monitor built without a process-wide budget). */
    public static HeapBudget forCluster(ClusterConfig cluster, boolean partitionHistograms) {
        return new HeapBudget(List.of(cluster), partitionHistograms, Runtime.getRuntime().maxMemory());
    }

    /**
     * A cluster's size before Vigil has seen it: a sandbox's brokers, or for a real cluster the larger of
     * {@link #ASSUMED_MIN_BROKERS} and the servers {@code bootstrap.servers} lists; times
     * {@code partitions.per.broker}.
     */
    public static HeapEstimate.Size assumedSize(ClusterConfig cluster) {
        int brokers = cluster.sandbox().map(s -> s.brokers()).orElseGet(() -> Math.max(ASSUMED_MIN_BROKERS,
                cluster.bootstrapServers().orElse("").split(",").length));
        return new HeapEstimate.Size(brokers, brokers * cluster.topic().partitionsPerBroker());
    }

    /** The refusal line for the sizes known so far, if they do not fit. */
    public synchronized Optional<String> check() {
        return refusal(sizes, null);
    }

    /**
     * Whether {@code cluster} may take {@code size} (create or grow its topic to it): empty and recorded if it
     * fits with the other clusters at their sizes, else the refusal line, and the size is not recorded.
     */
    public synchronized Optional<String> admit(String cluster, HeapEstimate.Size size) {
        Map<String, HeapEstimate.Size> proposed = new HashMap<>(sizes);
        proposed.put(cluster, size);
        Optional<String> refusal = refusal(proposed, cluster);
        if (refusal.isEmpty()) {
            sizes.put(cluster, size);
        }
        return refusal;
    }

    /** Records the size a cluster has, fitting or not (an existing topic is probed whatever its size). */
    public synchronized void observed(String cluster, HeapEstimate.Size size) {
        sizes.put(cluster, size);
    }

    /** The estimate at the sizes known so far, in bytes. */
    public synchronized long estimateBytes() {
        return HeapEstimate.total(estimates(sizes));
    }

    private Map<String, HeapEstimate.Cluster> estimates(Map<String, HeapEstimate.Size> at) {
        Map<String, HeapEstimate.Cluster> out = new LinkedHashMap<>();
        clusters.forEach((name, c) -> out.put(name, HeapEstimate.of(c.config(), at.get(name), partitionHistograms)));
        return out;
    }

    /** @param growing the cluster whose growth is asked for, which the line names; null: the largest */
    private Optional<String> refusal(Map<String, HeapEstimate.Size> at, String growing) {
        Map<String, HeapEstimate.Cluster> estimates = estimates(at);
        long total = HeapEstimate.total(estimates);
        long usable = maxHeapBytes / USABLE_DENOMINATOR * USABLE_NUMERATOR;
        if (total <= usable) {
            return Optional.empty();
        }
        HeapEstimate.Cluster named = growing != null ? estimates.get(growing) : estimates.values().stream()
                .max(java.util.Comparator.comparingLong(HeapEstimate.Cluster::bytes)).orElseThrow();
        HeapEstimate.Part part = named.largestLowerable();
        int index = clusters.get(named.cluster()).index();
        ClusterConfig config = clusters.get(named.cluster()).config();
        String need = "Vigil's state needs an estimated " + size(total) + " of heap, more than the " + size(usable)
                + " it may use (3/4 of the JVM's max heap, " + size(maxHeapBytes) + "); the largest part is "
                + part.name() + " of cluster " + named.cluster() + " (" + size(part.bytes()) + " for "
                + named.size().partitions() + " partitions on " + named.size().brokers() + " brokers, partitions.per.broker "
                + config.topic().partitionsPerBroker() + ")";
        if (estimates.size() > 1 && total - named.bytes() > usable) {
            // Many clusters of modest size: even without the largest the others do not fit, so no key of
            // one cluster is the cause, and naming one would mislead.
            return Optional.of("clusters: " + need + ", and even without cluster " + named.cluster() + " the other "
                    + (estimates.size() - 1) + " would not fit; give Vigil more heap (-Xmx in VIGIL_JAVA_OPTS), or"
                    + " split the clusters between Vigil processes");
        }
        return Optional.of("clusters[" + index + "]." + part.key() + ": " + need + "; lower " + part.why()
                + ", or give Vigil more heap (-Xmx in VIGIL_JAVA_OPTS)");
    }

    static String size(long bytes) {
        double mib = bytes / (1024.0 * 1024.0);
        return mib >= 1024 ? String.format(Locale.ROOT, "%.1f GiB", mib / 1024) : String.format(Locale.ROOT, "%.0f MiB", mib);
    }
}
