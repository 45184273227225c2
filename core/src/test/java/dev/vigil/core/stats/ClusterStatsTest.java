package dev.vigil.core.stats;

import dev.vigil.core.window.LatencySummary;

import dev.vigil.core.ledger.SequenceLedger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterStatsTest {

    private static final long MS = 1_000;
    private final ClusterStats stats = new ClusterStats("c1", 60_000 * MS, 6);

    private SequenceLedger ledger(int partition) {
        return new SequenceLedger(3_000 * MS, 5_000 * MS, 30_000 * MS, 128, stats.listenerFor(partition));
    }

    @Test
    void clusterAvailabilityIsTheMeanOverPartitionsAndBrokersGetTheirLeadersProbes() {
        SequenceLedger[] ledgers = new SequenceLedger[10];
        for (int p = 0; p < 10; p++) {
            ledgers[p] = ledger(p);
        }
        long t = 1_000_000 * MS;
        for (int round = 0; round < 5; round++, t += 1_000 * MS) {
            for (int p = 0; p < 10; p++) {
                int leader = p % 2 == 0 ? 1 : 2;
                long seq = ledgers[p].begin(t, leader);
                if (p != 3) {  // partition 3 (led by broker 2) is dead
                    ledgers[p].acked(seq, t + MS);
                    ledgers[p].received(seq, t + 2 * MS);
                }
            }
        }
        for (SequenceLedger l : ledgers) {
            l.finalizeExpired(t + 4_000 * MS);
        }
        ClusterSnapshot snap = stats.snapshot(t + 4_000 * MS);

        assertThat(snap.produceAvailability()).isEqualTo(0.9);
        assertThat(snap.worstPartitionProduceAvailability()).isEqualTo(0.0);
        assertThat(snap.partitions().get(3).lastProduceOk()).isFalse();
        assertThat(snap.partitions().get(3).consecutiveProduceFailures()).isEqualTo(5);
        assertThat(snap.brokers().get(1).produceAvailability()).isEqualTo(1.0);
        assertThat(snap.brokers().get(2).produceAvailability()).isEqualTo(20.0 / 25.0);
        assertThat(snap.worstBrokerProduceAvailability()).isEqualTo(0.8);
        assertThat(snap.total().received()).isEqualTo(45);
        assertThat(snap.total().e2eLatency().count()).isEqualTo(45);
        assertThat(snap.brokers().get(2).received()).isEqualTo(20);
        // latency per broker is read from its scope; the cluster snapshot leaves it out, as documented
        assertThat(stats.broker(2).snapshot(1).e2eLatency().count()).isEqualTo(20);
        assertThat(snap.brokers().get(2).e2eLatency()).isEqualTo(LatencySummary.EMPTY);
    }

    @Test
    void anAckASecondOrMoreAfterItsSendIsAStallOfItsPartitionItsLeaderAndTheCluster() {
        SequenceLedger ledger = ledger(0);
        long t = 1_000_000 * MS;
        ledger.acked(ledger.begin(t, 1), t + 999 * MS);
        ledger.acked(ledger.begin(t, 1), t + 1_000 * MS); // stalled, within the 3 s ack SLA: not a failure
        ledger.acked(ledger.begin(t, 2), t + 2_500 * MS);
        ledger.begin(t, 2); // never acked: a failure, no stall
        ledger.finalizeExpired(t + 4_000 * MS);

        assertThat(stats.broker(1).produceOutcomes()).extracting(o -> o.attempts(), o -> o.failures(), o -> o.stalled())
                .containsExactly(2L, 0L, 1L);
        assertThat(stats.broker(2).produceOutcomes()).extracting(o -> o.attempts(), o -> o.failures(), o -> o.stalled())
                .containsExactly(2L, 1L, 1L);
        assertThat(stats.partition(0).produceOutcomes().stalled()).isEqualTo(2);
        assertThat(stats.total().produceOutcomes().stalled()).isEqualTo(2);
    }

    @Test
    void partitionScopesKeepNoLatencySinceStartUnlessAskedWhileBrokersAndTheClusterDo() {
        ClusterStats lean = new ClusterStats("c1", 60_000 * MS, 6, false);
        SequenceLedger ledger = new SequenceLedger(3_000 * MS, 5_000 * MS, 30_000 * MS, 128, lean.listenerFor(0));
        long t = 1_000_000 * MS;
        for (int i = 0; i < 30; i++, t += 1_000 * MS) {
            long seq = ledger.begin(t, 7);
            ledger.acked(seq, t + 2 * MS);
            ledger.received(seq, t + 9 * MS);
            lean.harvest(t + 10 * MS);
        }
        long now = t + 100_000 * MS; // every slice of those 30 s has left the window since

        assertThat(ScopeSource.histogramsOf(lean.partition(0), now)).isEmpty();
        assertThat(lean.partition(0).e2eLatencyWindow().window(t).getTotalCount()).isEqualTo(30);
        assertThat(lean.partition(0).e2eLatencyWindow().window(now).getTotalCount()).isZero();
        assertThat(ScopeSource.histogramsOf(lean.broker(7), now))
                .extracting(h -> h.micros().totalCount()).containsExactly(30L, 30L);
        assertThat(ScopeSource.histogramsOf(lean.total(), now))
                .extracting(h -> h.micros().totalCount()).containsExactly(30L, 30L);
        assertThat(stats.partition(0).keepsSinceStart()).isTrue();
    }

    @Test
    void lossDuplicateAndLateArrivalAreRecentEventsWithPartitionLeaderAndTime() {
        SequenceLedger ledger = ledger(4);
        long t = 1_000_000 * MS;
        long lost = ledger.begin(t, 2);
        ledger.acked(lost, t + MS);
        long first = ledger.begin(t + 1_000 * MS, 3);
        ledger.acked(first, t + 1_001 * MS);
        long second = ledger.begin(t + 2_000 * MS, 3);
        ledger.acked(second, t + 2_001 * MS);
        ledger.received(second, t + 2_002 * MS);
        ledger.received(first, t + 2_003 * MS);   // after a higher sequence: late
        ledger.received(first, t + 2_004 * MS);   // again: duplicate
        ledger.finalizeExpired(t + 40_000 * MS);  // past the 30 s grace: the first probe is lost

        assertThat(stats.events().newest(10)).containsExactly(
                new ProbeEvent(ProbeEvent.Kind.LOST_ACKED, 4, 2, lost, t),
                new ProbeEvent(ProbeEvent.Kind.DUPLICATE, 4, 3, first, t + 2_004 * MS),
                new ProbeEvent(ProbeEvent.Kind.LATE, 4, 3, first, t + 2_003 * MS));
        assertThat(stats.events().newest(1)).hasSize(1);
        assertThat(stats.events().total()).isEqualTo(3);
    }

    @Test
    void recentEventsKeepOnlyTheNewestWhenFull() {
        ProbeEvents events = new ProbeEvents(3);
        for (int i = 0; i < 5; i++) {
            events.add(new ProbeEvent(ProbeEvent.Kind.LOST_UNACKED, i, 1, i, i));
        }
        assertThat(events.newest(10)).extracting(ProbeEvent::partition).containsExactly(4, 3, 2);
        assertThat(events.total()).isEqualTo(5);
    }

    @Test
    void noDataYetIsNaNNotZero() {
        ledger(0).begin(0, 1);
        ClusterSnapshot snap = stats.snapshot(1);

        assertThat(snap.produceAvailability()).isNaN();
        assertThat(snap.consumeAvailability()).isNaN();
        assertThat(snap.partitions().get(0).lastProduceOk()).isNull();
    }

    @Test
    void forEachPartitionVisitsEveryPartitionOnceAscendingWithItsScope() {
        ScopeStats seven = stats.partition(7);
        stats.partition(2);
        stats.listenerFor(11);
        java.util.List<Integer> seen = new java.util.ArrayList<>();
        stats.forEachPartition((p, scope) -> {
            seen.add(p);
            assertThat(scope).isSameAs(stats.partition(p));
        });
        assertThat(seen).containsExactly(2, 7, 11);
        assertThat(stats.partition(7)).isSameAs(seven);
    }

    @Test
    void harvestDueFilesEveryValueInTheSliceAHarvestAtEveryCallWould() {
        // calls every second, a third of a second into it, as ClusterMonitor's timer would
        assertHarvestDueFilesAsEveryCall(1_000 * MS, 1_000 * MS);
    }

    @Test
    void harvestDueForACallerSlowerThanItsPeriodStillFilesEveryValueInItsSlice() {
        // declared 1 s, called every 4 s: without measuring the gap, no call would ever look due
        assertHarvestDueFilesAsEveryCall(1_000 * MS, 4_000 * MS);
    }

    @Test
    void harvestDueHarvestsOnTheLastTwoCallsOfASliceOnly() {
        long t = 1_000_000_000 * MS; // a slice boundary (10 s slices)
        ClusterStats lazy = new ClusterStats("c1", 60_000 * MS, 6);
        lazy.partition(0).e2eLatency(700);
        lazy.harvestDue(t + 7_300 * MS, 1_000 * MS); // two calls to go in this slice: left in the recorder
        lazy.partition(1).e2eLatency(700);
        lazy.harvestDue(t + 8_300 * MS, 1_000 * MS); // second-to-last call: both filed under this slice
        // 60 s later this slice has left the window: the values went in at 8.3 s, not at the read
        assertThat(lazy.partition(0).e2eLatencyWindow().window(t + 65_000 * MS).getTotalCount()).isZero();
        assertThat(lazy.partition(1).e2eLatencyWindow().window(t + 65_000 * MS).getTotalCount()).isZero();
        assertThat(lazy.partition(0).e2eLatencyWindow().cumulative(t + 65_000 * MS).totalCount()).isEqualTo(1);

        ClusterStats early = new ClusterStats("c1", 60_000 * MS, 6);
        early.partition(0).e2eLatency(700);
        early.harvestDue(t + 7_300 * MS, 1_000 * MS);
        // not harvested at 7.3 s: the read files it under its own slice, still in the window
        assertThat(early.partition(0).e2eLatencyWindow().window(t + 65_000 * MS).getTotalCount()).isEqualTo(1);
    }

    /**
     * Two clusters fed the same values, one harvested at every call, the other by {@link ClusterStats#harvestDue}:
     * every scope's window, read at each slice of the minute after, and its cumulative distribution are equal.
     */
    private static void assertHarvestDueFilesAsEveryCall(long declaredPeriod, long callEvery) {
        ClusterStats eager = new ClusterStats("c1", 60_000 * MS, 6);
        ClusterStats lazy = new ClusterStats("c1", 60_000 * MS, 6);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        long t = 1_000_000_000 * MS + 300 * MS;
        long end = t + 95_000 * MS;
        long recorded = 0;
        for (; t < end; t += callEvery) {
            for (int i = 0; i < 5; i++, recorded++) {
                int partition = random.nextInt(4);
                int broker = random.nextInt(2);
                long latency = 1 + random.nextLong(50_000);
                for (ClusterStats s : new ClusterStats[] {eager, lazy}) {
                    s.partition(partition).e2eLatency(latency);
                    s.broker(broker).produceLatency(latency);
                    s.total().e2eLatency(latency);
                }
            }
            eager.harvest(t);
            lazy.harvestDue(t, declaredPeriod);
        }
        long last = t - callEvery;
        assertThat(eager.total().e2eLatencyWindow().window(last).getTotalCount()).isPositive();
        for (int slice = 0; slice <= 6; slice++) {
            long at = last + slice * 10_000 * MS;
            for (int p = 0; p < 4; p++) {
                assertThat(lazy.partition(p).e2eLatencyWindow().window(at))
                        .as("partition %d at +%d slices", p, slice)
                        .isEqualTo(eager.partition(p).e2eLatencyWindow().window(at));
            }
            for (int b = 0; b < 2; b++) {
                assertThat(lazy.broker(b).produceLatencyWindow().window(at))
                        .isEqualTo(eager.broker(b).produceLatencyWindow().window(at));
            }
            assertThat(lazy.total().e2eLatencyWindow().window(at)).isEqualTo(eager.total().e2eLatencyWindow().window(at));
        }
        assertThat(lazy.total().e2eLatencyWindow().cumulative(end).totalCount()).isEqualTo(recorded);
    }

    @Test
    void anAckedProbeAwaitsItsConsumeVerdictAndANewestProduceVerdictIsKept() {
        SequenceLedger ledger = ledger(0);
        long t = 1_000_000 * MS;
        assertThat(stats.consumeVerdict().sinceMicros()).isZero();
        assertThat(stats.lastProduceVerdictMicros()).isZero();

        long unacked = ledger.begin(t, 1);
        ledger.finalizeExpired(t + 3_500 * MS); // past the ack SLA: a failed produce verdict, nothing to await
        assertThat(stats.lastProduceVerdictMicros()).isEqualTo(t + 3_500 * MS);
        assertThat(stats.consumeVerdict().sinceMicros()).isZero();

        long first = ledger.begin(t + 4_000 * MS, 1);
        ledger.acked(first, t + 4_010 * MS);
        long second = ledger.begin(t + 5_000 * MS, 1);
        ledger.acked(second, t + 5_010 * MS);
        // awaited since the first ack, not the latest
        assertThat(stats.consumeVerdict().sinceMicros()).isEqualTo(t + 4_010 * MS);

        ledger.received(first, t + 4_020 * MS);
        ledger.received(second, t + 5_020 * MS);
        ledger.finalizeExpired(t + 60_000 * MS);
        assertThat(stats.consumeVerdict().sinceMicros()).isZero();
        assertThat(unacked).isLessThan(first);
    }

    @Test
    void ledgerOnlyOutcomesReachThePartitionItsLeaderAndTheCluster() {
        SequenceLedger p0 = ledger(0);
        SequenceLedger p1 = new SequenceLedger(3_000 * MS, 5_000 * MS, 30_000 * MS, 64, stats.listenerFor(1));
        p0.notAttempted(0, 4);                        // failed produce attempt, on broker 4
        long lost = p0.begin(1_000 * MS, 4);
        p0.acked(lost, 1_001 * MS);
        p0.finalizeExpired(40_000 * MS);              // judged lost
        p0.received(lost, 40_001 * MS);               // lost, then received
        p0.received(lost, 40_002 * MS);               // and again: only received after grace
        for (int i = 0; i < 65; i++) {                // the consumer never moved: the 65th send drops the first
            p1.begin(i * MS, 5);
        }

        ScopeSnapshot partition0 = stats.partition(0).countsSnapshot(0);
        ScopeSnapshot broker4 = stats.broker(4).countsSnapshot(0);
        ScopeSnapshot total = stats.total().countsSnapshot(0);
        for (ScopeSnapshot s : java.util.List.of(partition0, broker4)) {
            assertThat(s.notAttempted()).isEqualTo(1);
            assertThat(s.lostThenReceived()).isEqualTo(1);
            assertThat(s.receivedAfterGrace()).isEqualTo(1);
            assertThat(s.unjudged()).isZero();
        }
        assertThat(stats.partition(1).countsSnapshot(0).unjudged()).isEqualTo(1);
        assertThat(stats.broker(5).countsSnapshot(0).unjudged()).isEqualTo(1);
        assertThat(total.notAttempted()).isEqualTo(1);
        assertThat(total.lostThenReceived()).isEqualTo(1);
        assertThat(total.receivedAfterGrace()).isEqualTo(1);
        assertThat(total.unjudged()).isEqualTo(1);
    }

    @Test
    void receiptAfterGraceWhoseLeaderTheLedgerForgotCountsInNoBroker() {
        SequenceLedger small = new SequenceLedger(3_000 * MS, 5_000 * MS, 30_000 * MS, 4, stats.listenerFor(0));
        for (int i = 0; i < 5; i++) {                 // sequence 0's slot is reused by sequence 4
            long seq = small.begin(i * 1_000 * MS, 7);
            small.acked(seq, i * 1_000 * MS + MS);
            small.received(seq, i * 1_000 * MS + 2 * MS);
            small.finalizeExpired(i * 1_000 * MS + 40_000 * MS);
        }
        small.received(0, 100_000 * MS);

        assertThat(stats.partition(0).countsSnapshot(0).receivedAfterGrace()).isEqualTo(1);
        assertThat(stats.total().countsSnapshot(0).receivedAfterGrace()).isEqualTo(1);
        assertThat(stats.broker(7).countsSnapshot(0).receivedAfterGrace()).isZero();
        assertThat(stats.brokerIds()).containsExactly(7);
    }
}
