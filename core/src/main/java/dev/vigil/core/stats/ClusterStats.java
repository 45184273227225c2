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
    private final long sliceMicros;
    private final boolean partitionsSinceStart;
    /** When {@link #harvestDue} was last called; guarded by {@code this}. */
    private long lastDueCallMicros = Long.MIN_VALUE;
    private final ScopeStats total;
    private final Map<Integer, ScopeStats> partitions = new ConcurrentSkipListMap<>();
    private final Map<Integer, ScopeStats> brokers = new ConcurrentHashMap<>();
    private final ProbeEvents events = new ProbeEvents(ProbeEvents.DEFAULT_CAPACITY);
    /** When the newest produce verdict of any partition was given; 0 before the first. */
    private volatile long lastProduceVerdictMicros;
    private final AwaitedVerdict consumeVerdict = new AwaitedVerdict();

    /** Stats whose partition scopes, like the others, keep their latency distributions since start. */
    public ClusterStats(String cluster, long windowMicros, int slices) {
        this(cluster, windowMicros, slices, true);
    }

    /**
     * @param partitionsSinceStart whether partition scopes keep their latency distributions since start
     *                             (broker and cluster scopes always do): only per-partition histograms read them
     */
    public ClusterStats(String cluster, long windowMicros, int slices, boolean partitionsSinceStart) {
        this.cluster = cluster;
        this.partitionsSinceStart = partitionsSinceStart;
        this.windowMicros = windowMicros;
        this.slices = slices;
        this.sliceMicros = windowMicros / slices;
        this.total = new ScopeStats(windowMicros, slices);
    }

    public String cluster() {
        return cluster;
    }

    /** When the newest produce verdict (acked in time or not) of any partition was given; 0 before the first. */
    public long lastProduceVerdictMicros() {
        return lastProduceVerdictMicros;
    }

    /** Since when an acked probe of any partition has been waiting for the next consume verdict. */
    public AwaitedVerdict consumeVerdict() {
        return consumeVerdict;
    }

    void produceVerdict(boolean ok, long atMicros) {
        lastProduceVerdictMicros = atMicros;
        if (ok) {
            consumeVerdict.acked(atMicros);
        }
    }

    /** The listener to give the ledger of {@code partition}; creates the partition's scope. */
    public LedgerListener listenerFor(int partition) {
        return new StatsFanout(partition, partition(partition), this);
    }

    // Looked up before computeIfAbsent, whose capturing lambda would be allocated on every call, several
    // per probe.
    public ScopeStats partition(int partition) {
        ScopeStats s = partitions.get(partition);
        return s != null ? s : partitions.computeIfAbsent(partition,
                p -> new ScopeStats(windowMicros, slices, partitionsSinceStart));
    }

    public ScopeStats broker(int broker) {
        ScopeStats s = brokers.get(broker);
        return s != null ? s : brokers.computeIfAbsent(broker, b -> new ScopeStats(windowMicros, slices));
    }

    /** Partitions seen so far, ascending. */
    public java.util.Set<Integer> partitionIds() {
        return java.util.Collections.unmodifiableSet(partitions.keySet());
    }

    /**
     * Calls {@code action} with each partition seen so far and its scope, ascending: one walk of the
     * map, where {@link #partitionIds} and a {@link #partition} lookup per id cost a skip-list search and
     * a boxed id each (10,000 a second on the monitor's timer at 10,000 partitions).
     */
    public void forEachPartition(java.util.function.BiConsumer<Integer, ScopeStats> action) {
        partitions.forEach(action);
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

    /** Files every scope's recently recorded latencies under the slice of {@code nowMicros}. */
    public void harvest(long nowMicros) {
        total.harvest(nowMicros);
        partitions.values().forEach(s -> s.harvest(nowMicros));
        brokers.values().forEach(s -> s.harvest(nowMicros));
    }

    /**
     * For a caller that comes back every {@code periodMicros}: harvests only on its last two calls in
     * each slice, and otherwise leaves the values in the windows' recorders.
     *
     * <p>A window files what it holds under the slice of the harvest, so with a harvest at every call a
     * value lands in the slice of the first call after it was recorded. Skipping calls that are not among
     * the last two of their slice changes no value's slice: a later call of the same slice files it there
     * all the same. The second-to-last call keeps this true when the last one comes up to a period late;
     * a gap longer than {@code periodMicros} since the previous call counts as the period, so a slower
     * caller still harvests in time. Reads harvest first, so they see every value whatever was skipped.
     * At 10,000 partitions and 10 s slices this turns 20,000 recorder swaps a second into 4,000.
     */
    public synchronized void harvestDue(long nowMicros, long periodMicros) {
        long period = periodMicros;
        if (lastDueCallMicros != Long.MIN_VALUE && nowMicros - lastDueCallMicros > period) {
            period = nowMicros - lastDueCallMicros;
        }
        lastDueCallMicros = nowMicros;
        if (Math.floorDiv(nowMicros + 2 * period, sliceMicros) != Math.floorDiv(nowMicros, sliceMicros)) {
            harvest(nowMicros);
        }
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
