package dev.vigil.core.stats;

import dev.vigil.core.ledger.LedgerListener;

/**
 * Feeds one partition's ledger outcomes to its partition, its leader's broker and its cluster scope,
 * and its losses (also those cut after they were read), duplicates and late arrivals to the cluster's recent events.
 */
final class StatsFanout implements LedgerListener {

    private final int partitionId;
    private final ScopeStats partition;
    private final ClusterStats cluster;

    StatsFanout(int partitionId, ScopeStats partition, ClusterStats cluster) {
        this.partitionId = partitionId;
        this.partition = partition;
        this.cluster = cluster;
    }

    @Override
    public void produceFinalized(int leader, boolean ok, long atMicros) {
        partition.produceFinalized(ok, atMicros);
        cluster.broker(leader).produceFinalized(ok, atMicros);
        cluster.total().produceFinalized(ok, atMicros);
        cluster.produceVerdict(ok, atMicros);
    }

    @Override
    public void produceLatency(int leader, long micros) {
        partition.produceLatency(micros);
        cluster.broker(leader).produceLatency(micros);
        cluster.total().produceLatency(micros);
    }

    @Override
    public void consumeFinalized(int leader, boolean ok, long atMicros) {
        partition.consumeFinalized(ok, atMicros);
        cluster.broker(leader).consumeFinalized(ok, atMicros);
        cluster.total().consumeFinalized(ok, atMicros);
        cluster.consumeVerdict().judged();
    }

    @Override
    public void e2eLatency(int leader, long micros) {
        partition.e2eLatency(micros);
        cluster.broker(leader).e2eLatency(micros);
        cluster.total().e2eLatency(micros);
    }

    @Override
    public void lost(int leader, boolean acked, long sequence, long sendTimeMicros) {
        partition.lost(acked);
        cluster.broker(leader).lost(acked);
        cluster.total().lost(acked);
        cluster.events().add(new ProbeEvent(acked ? ProbeEvent.Kind.LOST_ACKED : ProbeEvent.Kind.LOST_UNACKED,
                partitionId, leader, sequence, sendTimeMicros));
    }

    @Override
    public void duplicate(int leader, long sequence, long atMicros) {
        partition.duplicate();
        cluster.broker(leader).duplicate();
        cluster.total().duplicate();
        cluster.events().add(new ProbeEvent(ProbeEvent.Kind.DUPLICATE, partitionId, leader, sequence, atMicros));
    }

    @Override
    public void late(int leader, long sequence, long atMicros) {
        partition.late();
        cluster.broker(leader).late();
        cluster.total().late();
        cluster.events().add(new ProbeEvent(ProbeEvent.Kind.LATE, partitionId, leader, sequence, atMicros));
    }

    @Override
    public void notAttempted(int leader) {
        partition.notAttempted();
        cluster.broker(leader).notAttempted();
        cluster.total().notAttempted();
    }

    /** A leader the ledger forgot is not guessed: such a receipt counts in the partition and the cluster only. */
    @Override
    public void receivedAfterGrace(int leader, boolean leaderKnown) {
        partition.receivedAfterGrace();
        if (leaderKnown) {
            cluster.broker(leader).receivedAfterGrace();
        }
        cluster.total().receivedAfterGrace();
    }

    @Override
    public void unjudged(int leader) {
        partition.unjudged();
        cluster.broker(leader).unjudged();
        cluster.total().unjudged();
    }

    @Override
    public void lostThenReceived(int leader) {
        partition.lostThenReceived();
        cluster.broker(leader).lostThenReceived();
        cluster.total().lostThenReceived();
    }

    @Override
    public void lostAckedAfterRead(int leader, long sequence, long sendTimeMicros) {
        partition.lostAckedAfterRead();
        cluster.broker(leader).lostAckedAfterRead();
        cluster.total().lostAckedAfterRead();
        cluster.events().add(new ProbeEvent(ProbeEvent.Kind.LOST_ACKED_AFTER_READ, partitionId, leader, sequence,
                sendTimeMicros));
    }
}
