package dev.vigil.services.probe;

import dev.vigil.core.config.MirrorConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.ledger.LedgerListener;
import dev.vigil.core.ledger.SequenceLedger;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.stats.MirrorStats;

import dev.vigil.core.probe.ProbeKey;

import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.IntToLongFunction;

/**
 * The shared truth between one cluster's produce and consume probes: the producer session id and
 * one {@link SequenceLedger} per partition, created on the first probe sent to it.
 *
 * <p>The session id is fresh for every start, so records of an earlier run (or of another Vigil)
 * on the same topic are recognised as another session's and never counted against this one.
 *
 * <p>When the cluster is mirrored, each partition also has a mirror ledger (created with its ledger)
 * with the mirror's SLA and grace, fed by the same sends and by the mirror consumer's receipts.
 */
public final class ProbeLedgers {

    private final long sessionHigh;
    private final long sessionLow;
    private final ProbeKey key;
    private final ProbeConfig config;
    private final ClusterStats stats;
    private final ConcurrentHashMap<Integer, SequenceLedger> ledgers = new ConcurrentHashMap<>();
    /** Null when the cluster is not mirrored. */
    private final MirrorConfig mirror;
    private final MirrorStats mirrorStats;
    private final ConcurrentMap<Integer, SequenceLedger> mirrors = new ConcurrentHashMap<>();

    public ProbeLedgers(ProbeConfig config, ClusterStats stats) {
        this(config, stats, null, null);
    }

    /** With a mirror ledger per partition when {@code mirror} is not null. */
    public ProbeLedgers(ProbeConfig config, ClusterStats stats, MirrorConfig mirror, MirrorStats mirrorStats) {
        SecureRandom random = new SecureRandom();
        this.sessionHigh = random.nextLong();
        this.sessionLow = random.nextLong();
        this.key = ProbeKey.random(random);
        this.config = config;
        this.stats = stats;
        this.mirror = mirror;
        this.mirrorStats = mirrorStats;
    }

    public long sessionHigh() {
        return sessionHigh;
    }

    public long sessionLow() {
        return sessionLow;
    }

    /**
     * The key this session's probes are signed with, drawn with the session id: the produce probe signs
     * with it, the consume and mirror probes verify with it, each with a {@link ProbeKey#newMac} of its own.
     */
    public ProbeKey key() {
        return key;
    }

    public SequenceLedger forPartition(int partition) {
        return ledgers.computeIfAbsent(partition, p -> {
            if (mirror != null) { // before the first begin, so both see every sequence
                mirrors.computeIfAbsent(p, m -> newLedger(mirror.sla().toMillis(), mirror.lossGrace().toMillis(),
                        mirrorStats, false));
            }
            return newLedger(config.e2eSla().toMillis(), config.lossGrace().toMillis(), stats.listenerFor(p), true);
        });
    }

    /** Where the produce probe records a send to {@code partition}: its ledger and mirror ledger. */
    public PartitionLedgers forSend(int partition) {
        SequenceLedger local = forPartition(partition);
        return new PartitionLedgers(local, mirrors.get(partition));
    }

    /** The mirror ledger of a partition this session has sent to, or null (none yet, or not mirrored). */
    public SequenceLedger existingMirror(int partition) {
        return mirrors.get(partition);
    }

    /**
     * See {@link SequenceLedger#finalizeExpired(long, long)}; {@code seenUpToMicros} gives the mirror
     * consumer's progress for each partition's probes (a partition of this cluster).
     */
    public void finalizeMirrors(long nowMicros, IntToLongFunction seenUpToMicros) {
        mirrors.forEach((partition, l) -> l.finalizeExpired(nowMicros, seenUpToMicros.applyAsLong(partition)));
    }

    private SequenceLedger newLedger(long e2eSlaMillis, long graceMillis, LedgerListener listener, boolean tracksOffsets) {
        return new SequenceLedger(micros(config.produceAckSla().toMillis()), micros(e2eSlaMillis), micros(graceMillis),
                SequenceLedger.capacityFor(micros(config.interval().toMillis()), micros(graceMillis)), listener, tracksOffsets);
    }

    /** The ledger of a partition this session has sent to, or null. */
    public SequenceLedger existing(int partition) {
        return ledgers.get(partition);
    }

    public Set<Integer> partitions() {
        return ledgers.keySet();
    }

    /**
     * See {@link SequenceLedger#finalizeExpired(long, long)}; {@code consumedUpToMicros} gives the consume
     * probe's progress in each partition. Returns the earliest {@link SequenceLedger#verdictDueMicros} of them
     * afterwards ({@code Long.MAX_VALUE}: no verdict open), when a timer needs to call again.
     */
    public long finalizeExpired(long nowMicros, IntToLongFunction consumedUpToMicros) {
        // Long.MAX_VALUE as the parallelism threshold: on this thread, never the common pool.
        return ledgers.reduceToLong(Long.MAX_VALUE,
                (partition, l) -> l.finalizeExpired(nowMicros, consumedUpToMicros.applyAsLong(partition)),
                Long.MAX_VALUE, Math::min);
    }

    private static long micros(long millis) {
        return millis * 1_000L;
    }
}
