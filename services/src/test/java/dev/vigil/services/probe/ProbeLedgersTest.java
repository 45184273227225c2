package dev.vigil.services.probe;

import dev.vigil.core.config.MirrorConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.ledger.SendFailure;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.stats.MirrorStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The mirror ledgers follow every send of the local ledgers, sequence for sequence, on a fake timeline. */
class ProbeLedgersTest {

    private static final long S = 1_000_000;
    private static final ProbeConfig PROBE = new ProbeConfig(Duration.ofMillis(1_000), 100, Duration.ofSeconds(3),
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60), 6, Duration.ofSeconds(10));
    private static final MirrorConfig MIRROR = new MirrorConfig("dr", "a.t", Duration.ofSeconds(10),
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
        send.acked(acked, 2 * S + 1_000);
        send.failed(failed, 2 * S + 1_000, SendFailure.DEFINITE);

        assertThat(acked).isEqualTo(1);
        assertThat(failed).isEqualTo(2);
        assertThat(ledgers.existingMirror(3)).isSameAs(send.mirror());
        assertThat(send.mirror().counts()).isEqualTo(send.local().counts());
        assertThat(send.mirror().counts().acked()).isEqualTo(1);
        assertThat(send.mirror().counts().failed()).isEqualTo(2);
    }

    @Test
    void mirrorVerdictsFollowTheMirrorSlaAndGraceNotTheLocalOnes() {
        ProbeLedgers ledgers = new ProbeLedgers(PROBE, stats, MIRROR, mirrorStats);
        PartitionLedgers send = ledgers.forSend(0);
        long seq = send.begin(100 * S, 1);
        send.acked(seq, 100 * S + 1_000);
        send.local().received(seq, 100 * S + 2_000);
        send.mirror().received(seq, 108 * S); // 8 s: beyond the local e2e SLA (5 s), within the mirror's (10 s)

        ledgers.finalizeExpired(200 * S, 200 * S);
        ledgers.finalizeMirrors(200 * S, 200 * S);

        assertThat(mirrorStats.availability(110 * S).value()).isEqualTo(1.0); // the verdict, at 108 s, is in the window then
        assertThat(mirrorStats.lostAcked()).isZero();
        assertThat(send.local().counts().lostAcked()).isZero();
    }

    @Test
    void mirrorLossWaitsForTheMirrorConsumersProgressOnly() {
        ProbeLedgers ledgers = new ProbeLedgers(PROBE, stats, MIRROR, mirrorStats);
        PartitionLedgers send = ledgers.forSend(0);
        long seq = send.begin(100 * S, 1);
        send.acked(seq, 100 * S + 1_000);
        send.local().received(seq, 100 * S + 2_000);

        ledgers.finalizeMirrors(200 * S, 150 * S); // the mirror consumer had read everything up to 150 s
        assertThat(mirrorStats.lostAcked()).isZero();

        ledgers.finalizeMirrors(200 * S, 161 * S);
        assertThat(mirrorStats.lostAcked()).isEqualTo(1);
        assertThat(send.local().counts().lostAcked()).isZero();
    }
}
