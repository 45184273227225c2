package dev.vigil.services.probe;

import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.ledger.SequenceLedger;
import dev.vigil.core.stats.ClusterStats;

import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The shared truth between one cluster's produce and consume probes: the producer session id and
 * one {@link SequenceLedger} per partition, created on the first probe sent to it.
 *
 * <p>The session id is fresh for every start, so records of an earlier run (or of another Vigil)
 * on the same topic are recognised as another session's and never counted against this one.
 */
public final class ProbeLedgers {

    private final long sessionHigh;
    private final long sessionLow;
    private final ProbeConfig config;
    private final ClusterStats stats;
    private final ConcurrentMap<Integer, SequenceLedger> ledgers = new ConcurrentHashMap<>();

    public ProbeLedgers(ProbeConfig config, ClusterStats stats) {
        SecureRandom random = new SecureRandom();
        this.sessionHigh = random.nextLong();
        this.sessionLow = random.nextLong();
        this.config = config;
        this.stats = stats;
    }

    public long sessionHigh() {
        return sessionHigh;
    }

    public long sessionLow() {
        return sessionLow;
    }

    public SequenceLedger forPartition(int partition) {
        return ledgers.computeIfAbsent(partition, p -> new SequenceLedger(
                micros(config.produceAckSla().toMillis()), micros(config.e2eSla().toMillis()),
                micros(config.lossGrace().toMillis()),
                SequenceLedger.capacityFor(micros(config.interval().toMillis()), micros(config.lossGrace().toMillis())),
                stats.listenerFor(p)));
    }

    /** The ledger of a partition this session has sent to, or null. */
    public SequenceLedger existing(int partition) {
        return ledgers.get(partition);
    }

    public Set<Integer> partitions() {
        return ledgers.keySet();
    }

    /** See {@link SequenceLedger#finalizeExpired(long, long)}. */
    public void finalizeExpired(long nowMicros, long consumedUpToMicros) {
        ledgers.values().forEach(l -> l.finalizeExpired(nowMicros, consumedUpToMicros));
    }

    private static long micros(long millis) {
        return millis * 1_000L;
    }
}
