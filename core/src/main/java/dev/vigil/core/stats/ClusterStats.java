package dev.vigil.core.stats;

import dev.vigil.core.ledger.LedgerListener;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The probe numbers of one cluster, by partition, by broker (the partition's leader when each
 * probe was sent) and in total.
 *
 * <p>Cluster availability is the mean of the partitions' availabilities, so one dead partition
 * of ten reads 0.9 whatever the traffic split; partitions with no final outcome in the window are
 * left out of the mean, and with none at all the cluster reads NaN ("no data yet").
 */
public final class ClusterStats {

    /** The broker id used when a partition had no leader at send time. */
    public static final int NO_LEADER = -1;

    private final String cluster;
    private final long windowMicros;
    private final int slices;
    private final ScopeStats total;
    private final Map<Integer, ScopeStats> partitions = new ConcurrentSkipListMap<>();
    private final Map<Integer, ScopeStats> brokers = new ConcurrentHashMap<>();
    private final ProbeEvents events = new ProbeEvents(ProbeEvents.DEFAULT_CAPACITY);

    public ClusterStats(String cluster, long windowMicros, int slices) {
        this.cluster = cluster;
        this.windowMicros = windowMicros;
        this.slices = slices;
        this.total = new ScopeStats(windowMicros, slices);
    }

    public String cluster() {
        return cluster;
    }

    /** The listener to give the ledger of {@code partition}; creates the partition's scope. */
    public LedgerListener listenerFor(int partition) {
        return new StatsFanout(partition, partition(partition), this);
    }

    // Looked up before computeIfAbsent: its capturing lambda was allocated on every call, several per
    // probe (10,000 partitions: hundreds of MB a minute).
    public ScopeStats partition(int partition) {
        ScopeStats s = partitions.get(partition);
        return s != null ? s : partitions.computeIfAbsent(partition, p -> new ScopeStats(windowMicros, slices));
    }

    public ScopeStats broker(int broker) {
        ScopeStats s = brokers.get(broker);
        return s != null ? s : brokers.computeIfAbsent(broker, b -> new ScopeStats(windowMicros, slices));
    }

    /** Partitions seen so far, ascending. */
    public java.util.Set<Integer> partitionIds() {
        return java.util.Collections.unmodifiableSet(partitions.keySet());
    }

    /** Brokers that led a probed partition at some send so far. */
    public java.util.Set<Integer> brokerIds() {
        return java.util.Collections.unmodifiableSet(brokers.keySet());
    }

    public ScopeStats total() {
        return total;
    }

    /** The latest losses, duplicates and late arrivals, for people to read (the counters are the totals). */
    public ProbeEvents events() {
        return events;
    }

    public void harvest(long nowMicros) {
        total.harvest(nowMicros);
        partitions.values().forEach(s -> s.harvest(nowMicros));
        brokers.values().forEach(s -> s.harvest(nowMicros));
    }

    /**
     * The cluster's numbers; partition and broker entries carry availability and counters only
     * (their latency summaries are empty: read them from {@link #partition} and {@link #broker}),
     * since summarizing every partition's latency windows on each read is what would cost.
     */
    public ClusterSnapshot snapshot(long nowMicros) {
        SortedMap<Integer, ScopeSnapshot> byPartition = new TreeMap<>();
        partitions.forEach((p, s) -> byPartition.put(p, s.countsSnapshot(nowMicros)));
        SortedMap<Integer, ScopeSnapshot> byBroker = new TreeMap<>();
        brokers.forEach((b, s) -> byBroker.put(b, s.countsSnapshot(nowMicros)));
        return new ClusterSnapshot(cluster, total.snapshot(nowMicros), byPartition, byBroker);
    }
}
