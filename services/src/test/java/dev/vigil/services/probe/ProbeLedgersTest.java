package dev.vigil.services.probe;

import dev.vigil.core.config.MirrorConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.ledger.SendFailure;
import dev.vigil.core.ledger.SequenceLedger;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.stats.MirrorStats;
import dev.vigil.core.stats.ScopeSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The mirror ledgers follow every send of the local ledgers, sequence for sequence, on a fake timeline. */
class ProbeLedgersTest {

    private static final long S = 1_000_000;
    static final ProbeConfig PROBE = new ProbeConfig(Duration.ofMillis(1_000), 100, Duration.ofSeconds(3),
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60), 6, Duration.ofSeconds(10));
    static final MirrorConfig MIRROR = new MirrorConfig("dr", "a.t", Duration.ofSeconds(10),
            Duration.ofSeconds(60));

    private final ClusterStats stats = new ClusterStats("a", 60 * S, 6);
    private final MirrorStats mirrorStats = new MirrorStats(60 * S, 6);

    @Test
    void unmirroredClusterHasNoMirrorLedgers() {
        ProbeLedgers ledgers = new ProbeLedgers(PROBE, stats);

        PartitionLedgers send = ledgers.forSend(0);

        assertThat(send.mirror()).isNull();
        assertThat(send.begin(1 * S, 1)).isZero();
        assertThat(ledgers.existingMirror(0)).isNull();
    }

    @Test
    void everySendOutcomeReachesBothLedgersUnderOneSequence() {
        ProbeLedgers ledgers = new ProbeLedgers(PROBE, stats, MIRROR, mirrorStats);
        ledgers.forPartition(3); // the consume probe creates a partition's ledgers before the first send

        PartitionLedgers send = ledgers.forSend(3);
        send.notAttempted(1 * S, 1);          // sequence 0
        long acked = send.begin(2 * S, 1);    // 1
        long failed = send.begin(2 * S, 1);   // 2
        send.acked(acked, 2 * S + 1_000, -1);
        send.failed(failed, 2 * S + 1_000, SendFailure.DEFINITE);

        assertThat(acked).isEqualTo(1);
        assertThat(failed).isEqualTo(2);
        assertThat(ledgers.existingMirror(3)).isSameAs(send.mirror());
        for (SequenceLedger ledger : List.of(send.local(), send.mirror())) {
            assertThat(ledger.trackedSequences()).isEqualTo(3);
            assertThat(List.of(ledger.wasAcked(0), ledger.wasAcked(1), ledger.wasAcked(2))).containsExactly(false, true, false);
        }
        // Past both graces, the acked probe (never received) is lost in each, the two failed ones in neither.
        ledgers.finalizeExpired(200 * S, p -> 200 * S);
        ledgers.finalizeMirrors(200 * S, p -> 200 * S);
        ScopeSnapshot local = stats.partition(3).countsSnapshot(200 * S);
        assertThat(local.notAttempted()).isEqualTo(1);
        assertThat(local.produceFailures()).isEqualTo(2);
        assertThat(local.lostAcked()).isEqualTo(1);
        assertThat(local.lostUnacked()).isZero();
        assertThat(mirrorStats.checked()).as("acked: only acked probes get a mirror verdict").isEqualTo(1);
        assertThat(mirrorStats.lostAcked()).isEqualTo(1);
        assertThat(mirrorStats.lostUnacked()).isZero();
    }

    @Test
    void mirrorVerdictsFollowTheMirrorSlaAndGraceNotTheLocalOnes() {
        ProbeLedgers ledgers = new ProbeLedgers(PROBE, stats, MIRROR, mirrorStats);
        PartitionLedgers send = ledgers.forSend(0);
        long seq = ackedAndReadLocally(send);
        send.mirror().received(seq, 108 * S); // 8 s: beyond the local e2e SLA (5 s), within the mirror's (10 s)

        ledgers.finalizeExpired(200 * S, p -> 200 * S);
        ledgers.finalizeMirrors(200 * S, p -> 200 * S);

        assertThat(mirrorStats.availability(110 * S).value()).isEqualTo(1.0); // the verdict, at 108 s, is in the window then
        assertThat(mirrorStats.lostAcked()).isZero();
        assertThat(stats.partition(0).countsSnapshot(200 * S).lostAcked()).isZero();
    }

    @Test
    void mirrorLossWaitsForTheMirrorConsumersProgressOnly() {
        ProbeLedgers ledgers = new ProbeLedgers(PROBE, stats, MIRROR, mirrorStats);
        PartitionLedgers send = ledgers.forSend(0);
        long seq = ackedAndReadLocally(send);

        ledgers.finalizeMirrors(200 * S, p -> 150 * S); // the mirror consumer had read everything up to 150 s
        assertThat(mirrorStats.lostAcked()).isZero();

        ledgers.finalizeMirrors(200 * S, p -> 161 * S);
        assertThat(mirrorStats.lostAcked()).isEqualTo(1);
        assertThat(stats.partition(0).countsSnapshot(200 * S).lostAcked()).isZero();
    }

    @Test
    void eachPartitionsMirrorLossWaitsForItsOwnProgress() {
        ProbeLedgers ledgers = new ProbeLedgers(PROBE, stats, MIRROR, mirrorStats);
        for (int p = 0; p < 2; p++) {
            PartitionLedgers send = ledgers.forSend(p);
            send.acked(send.begin(100 * S, 1), 100 * S + 1_000, -1);
        }

        // Partition 1's copies cannot be read (its target partition has no leader): only partition 0 is judged.
        ledgers.finalizeMirrors(200 * S, p -> p == 0 ? 200 * S : 150 * S);

        assertThat(mirrorStats.lostAcked()).as("partition 0's probe only").isEqualTo(1);
        assertThat(ledgers.existingMirror(0).trackedSequences()).isZero();
        assertThat(ledgers.existingMirror(1).trackedSequences()).isEqualTo(1);
    }

    @Test
    void backlogOfATargetOutageCopiedWithinAGraceOfItsReturnIsNotLostButAProbeNeverCopiedIs() {
        ProbeLedgers ledgers = new ProbeLedgers(PROBE, stats, MIRROR, mirrorStats); // mirror grace 60 s
        MirrorProgress progress = new MirrorProgress(0, 60 * S);
        PartitionLedgers send = ledgers.forSend(0);
        long[] seqs = new long[100];
        for (int i = 0; i < 100; i++) { // a probe a second from 100 s to 199 s
            seqs[i] = send.begin((100 + i) * S, 1);
            send.acked(seqs[i], (100 + i) * S + 1_000, -1);
        }
        progress.arrived(0, 0);
        for (int i = 0; i <= 10; i++) {
            send.mirror().received(seqs[i], (100 + i) * S + 500_000);
        }
        progress.readUpTo(0, 110 * S);

        // The target is down from 111 s to 190 s: the replicator copies nothing meanwhile.
        progress.lookupFailed(0);
        ledgers.finalizeMirrors(189 * S, progress::forSource);
        progress.lookupSucceeded(0, 190 * S);
        progress.readUpTo(0, 190 * S + 500_000); // its log end, read before the replicator copied the backlog
        ledgers.finalizeMirrors(191 * S, progress::forSource);
        assertThat(mirrorStats.lostAcked()).isZero();

        // The replicator copies the backlog at 200 s, all but the probe sent at 150 s.
        for (int i = 11; i < 100; i++) {
            if (i != 50) {
                send.mirror().received(seqs[i], 200 * S);
            }
        }
        progress.readUpTo(0, 250 * S); // a grace after the target returned: that probe is lost
        ledgers.finalizeMirrors(250 * S, progress::forSource);
        assertThat(mirrorStats.lostAcked()).isEqualTo(1);
    }

    /** A probe sent at 100 s, acked 1 ms and read from the monitored cluster 2 ms after it was sent; its sequence. */
    private static long ackedAndReadLocally(PartitionLedgers send) {
        long seq = send.begin(100 * S, 1);
        send.acked(seq, 100 * S + 1_000, -1);
        send.local().received(seq, 100 * S + 2_000);
        return seq;
    }
}
