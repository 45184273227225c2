package dev.vigil.core.stats;

import dev.vigil.core.ledger.SendFailure;
import dev.vigil.core.ledger.SequenceLedger;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.window.SlidingRatio;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A mirror ledger (ack SLA 3 s, mirror SLA 10 s, grace 60 s) reporting to MirrorStats, on a fake timeline. */
class MirrorStatsTest {

    private static final long S = 1_000_000;
    private final MirrorStats stats = new MirrorStats(60 * S, 6);
    private final SequenceLedger ledger = new SequenceLedger(3 * S, 10 * S, 60 * S, 256, stats);

    @Test
    void mirrorLedgerOutcomesBeyondTheGraceAreCountedApart() {
        long lost = ledger.begin(100 * S, 1);
        ledger.acked(lost, 100 * S + 5_000);
        ledger.finalizeExpired(161 * S);                 // not seen within the grace: lost by the mirror
        ledger.received(lost, 162 * S);                  // then seen: a false mirror loss
        ledger.received(lost, 163 * S);                  // and again: only seen after the grace
        SequenceLedger small = new SequenceLedger(3 * S, 10 * S, 60 * S, 64, stats);
        for (int i = 0; i < 65; i++) {                   // the mirror consumer never moved: the 65th drops the first
            small.begin(200 * S + i * S, 1);
        }

        assertThat(values(300 * S)).containsEntry(MirrorMetrics.LOST_ACKED, 1.0)
                .containsEntry(MirrorMetrics.LOST_THEN_RECEIVED, 1.0)
                .containsEntry(MirrorMetrics.RECEIVED_AFTER_GRACE, 1.0)
                .containsEntry(MirrorMetrics.UNJUDGED, 1.0);
    }

    @Test
    void nothingSeenYetReadsNaNNotZero() {
        Map<Metric, Double> v = values(1 * S);
        assertThat(v.get(MirrorMetrics.AVAILABILITY)).isNaN();
        assertThat(v.get(MirrorMetrics.LATENCY.p99())).isNaN();
        assertThat(v).containsEntry(MirrorMetrics.LOST_ACKED, 0.0).containsEntry(MirrorMetrics.RECEIVED, 0.0);
    }

    @Test
    void probeSeenInTheMirrorWithinItsSlaIsAvailableWithItsReplicationLatency() {
        long seq = ledger.begin(100 * S, 1);
        ledger.acked(seq, 100 * S + 5_000);
        ledger.received(seq, 102 * S); // 2 s after the send

        assertThat(stats.availability(103 * S)).isEqualTo(new SlidingRatio.Ratio(1, 1));
        assertThat(values(103 * S).get(MirrorMetrics.LATENCY.max())).isBetween(1_990_000.0, 2_010_000.0);
        assertThat(stats.received()).isEqualTo(1);
        assertThat(values(103 * S)).containsEntry(MirrorMetrics.CHECKED, 1.0).containsEntry(MirrorMetrics.FAILURES, 0.0);
    }

    @Test
    void ackedProbeNotMirroredWithinTheSlaIsUnavailableAndAfterTheGraceLost() {
        long seq = ledger.begin(100 * S, 1);
        ledger.acked(seq, 100 * S + 5_000);

        ledger.finalizeExpired(111 * S, 111 * S);
        assertThat(stats.availability(111 * S)).isEqualTo(new SlidingRatio.Ratio(0, 1));
        assertThat(stats.lostAcked()).isZero();
        assertThat(values(111 * S)).containsEntry(MirrorMetrics.CHECKED, 1.0).containsEntry(MirrorMetrics.FAILURES, 1.0);

        ledger.finalizeExpired(161 * S, 161 * S);
        assertThat(stats.lostAcked()).isEqualTo(1);
        assertThat(stats.lostUnacked()).isZero();
    }

    @Test
    void probeMirroredLateButWithinTheGraceIsNeverLost() {
        long seq = ledger.begin(100 * S, 1);
        ledger.acked(seq, 100 * S + 5_000);
        ledger.finalizeExpired(130 * S, 130 * S);
        ledger.received(seq, 140 * S); // the replicator was down for 40 s and caught up
        ledger.finalizeExpired(200 * S, 200 * S);

        assertThat(stats.lostAcked()).isZero();
        assertThat(stats.availability(140 * S)).isEqualTo(new SlidingRatio.Ratio(0, 1));
        assertThat(values(140 * S).get(MirrorMetrics.LATENCY.max())).isBetween(39_900_000.0, 40_100_000.0);
    }

    @Test
    void verdictsWaitForTheMirrorConsumersProgress() {
        long seq = ledger.begin(100 * S, 1);
        ledger.acked(seq, 100 * S + 5_000);

        ledger.finalizeExpired(200 * S, 105 * S); // the mirror consumer last caught up at 105 s

        assertThat(stats.availability(200 * S).total()).isZero();
        assertThat(stats.lostAcked()).isZero();
    }

    @Test
    void secondCopyIsADuplicateAndCertainFailuresAreNeverLost() {
        long a = ledger.begin(100 * S, 1);
        long b = ledger.begin(100 * S, 1);
        ledger.acked(a, 100 * S + 5_000);
        ledger.failed(b, 100 * S + 5_000, SendFailure.DEFINITE);
        ledger.received(a, 101 * S);
        ledger.received(a, 105 * S); // the replicator re-sent it after a restart

        ledger.finalizeExpired(200 * S, 200 * S);

        assertThat(stats.duplicates()).isEqualTo(1);
        assertThat(stats.lostAcked()).isZero();
        assertThat(stats.lostUnacked()).isZero();
        assertThat(values(200 * S)).containsEntry(MirrorMetrics.DUPLICATES, 1.0).containsEntry(MirrorMetrics.RECEIVED, 1.0);
    }

    private Map<Metric, Double> values(long now) {
        stats.harvest(now);
        return stats.snapshot(now).clusterValues().stream().collect(Collectors.toMap(MetricValue::metric, MetricValue::value));
    }
}
