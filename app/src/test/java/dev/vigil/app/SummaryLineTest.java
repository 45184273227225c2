package dev.vigil.app;

import dev.vigil.core.episodes.EpisodesSnapshot;
import dev.vigil.core.ledger.SequenceLedger;
import dev.vigil.core.stats.ClusterSnapshot;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.stats.MirrorStats;
import dev.vigil.services.ClusterMonitor;
import dev.vigil.services.ClusterReading;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryLineTest {

    private static final long MS = 1_000;

    @Test
    void lineHasTheDocumentedShapeAndValues() {
        ClusterStats stats = new ClusterStats("sandbox", 60_000 * MS, 6);
        SequenceLedger ledger = new SequenceLedger(3_000 * MS, 5_000 * MS, 30_000 * MS, 128, stats.listenerFor(0));
        long t = 1_000_000 * MS;
        for (int i = 0; i < 4; i++, t += 1_000 * MS) {
            long seq = ledger.begin(t, 1);
            ledger.acked(seq, t + MS);
            ledger.received(seq, t + 2 * MS);
        }
        ledger.begin(t, 1); // sent, never acked or received: produce fails, then lost-unacked
        ledger.finalizeExpired(t + 31_000 * MS);
        ClusterReading reading = reading(ClusterMonitor.Status.RUNNING, 1, stats.snapshot(t + 31_000 * MS),
                Optional.empty());

        assertThat(SummaryLine.of(reading, Optional.empty())).isEqualTo("vigil cluster=sandbox partitions=1 produce_availability=0.8000 "
                + "consume_availability=1.0000 lost_acked=0 lost_unacked=1 duplicates=0 late=0 "
                + "e2e_p50_ms=2.0 e2e_p99_ms=2.0 e2e_max_ms=2.0");
    }

    @Test
    void clusterWithNoDataYetReadsNaN() {
        ClusterStats stats = new ClusterStats("new", 60_000 * MS, 6);
        ClusterReading reading = reading(ClusterMonitor.Status.RUNNING, 0, stats.snapshot(0), Optional.empty());

        assertThat(SummaryLine.of(reading, Optional.empty())).startsWith("vigil cluster=new partitions=0 "
                + "produce_availability=NaN consume_availability=NaN lost_acked=0");
    }

    @Test
    void mirroredClusterAddsItsMirrorNumbers() {
        MirrorStats mirror = new MirrorStats(60_000 * MS, 6);
        SequenceLedger ledger = new SequenceLedger(3_000 * MS, 5_000 * MS, 30_000 * MS, 128, mirror);
        long t = 1_000_000 * MS;
        long seen = ledger.begin(t, 1);
        ledger.acked(seen, t + MS);
        ledger.received(seen, t + 800 * MS);
        ledger.received(seen, t + 900 * MS); // copied twice
        long missing = ledger.begin(t, 1);
        ledger.acked(missing, t + MS);
        ledger.finalizeExpired(t + 31_000 * MS);
        mirror.harvest(t + 31_000 * MS);

        // p99 is the 800 ms copy as HdrHistogram holds it (3 significant digits)
        ClusterReading reading = reading(ClusterMonitor.Status.RUNNING, 0, new ClusterStats("sb", 60_000 * MS, 6)
                .snapshot(t + 31_000 * MS), Optional.of(mirror.snapshot(t + 31_000 * MS)));
        assertThat(SummaryLine.of(reading, Optional.of("dr"))).endsWith(" mirror_to=dr "
                + "mirror_availability=0.5000 mirror_lost_acked=1 mirror_duplicates=1 mirror_p99_ms=800.3");
        assertThat(SummaryLine.of(reading, Optional.empty())).doesNotContain("mirror");
    }

    /** A reading as {@code ClusterReadings} makes one of a running monitor's numbers (unit-tested in services). */
    private static ClusterReading reading(ClusterMonitor.Status status, int partitions, ClusterSnapshot snapshot,
                                          Optional<MirrorStats.Snapshot> mirror) {
        return new ClusterReading(snapshot.cluster(), 0, status, "probing", partitions,
                new ClusterReading.Availability(snapshot.produceAvailability(), snapshot.worstPartitionProduceAvailability(),
                        snapshot.worstBrokerProduceAvailability()),
                new ClusterReading.Availability(snapshot.consumeAvailability(), snapshot.worstPartitionConsumeAvailability(),
                        snapshot.worstBrokerConsumeAvailability()),
                snapshot.total(), ClusterReading.Counters.NONE, true, Optional.empty(), true, Optional.empty(),
                Optional.empty(), Optional.empty(), mirror, EpisodesSnapshot.EMPTY);
    }
}
