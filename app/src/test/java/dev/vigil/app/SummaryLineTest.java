package dev.vigil.app;

import dev.vigil.core.ledger.SequenceLedger;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.stats.MirrorStats;
import dev.vigil.services.ClusterMonitor;
import dev.vigil.services.ClusterView;
import org.junit.jupiter.api.Test;

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
        ClusterView view = new ClusterView("sandbox", ClusterMonitor.Status.RUNNING, "probing", 1,
                stats.snapshot(t + 31_000 * MS), 0, 0, 0);

        assertThat(SummaryLine.of(view)).isEqualTo("vigil cluster=sandbox partitions=1 produce_availability=0.8000 "
                + "consume_availability=1.0000 lost_acked=0 lost_unacked=1 duplicates=0 late=0 "
                + "e2e_p50_ms=2.0 e2e_p99_ms=2.0 e2e_max_ms=2.0");
    }

    @Test
    void unreachableClusterReadsZeroNotNoData() {
        ClusterStats stats = new ClusterStats("down", 60_000 * MS, 6);
        ClusterView view = new ClusterView("down", ClusterMonitor.Status.UNREACHABLE, "TimeoutException", 0,
                stats.snapshot(0), 0, 0, 0);

        assertThat(SummaryLine.of(view)).startsWith("vigil cluster=down partitions=0 produce_availability=0.0000 "
                + "consume_availability=0.0000 lost_acked=0");
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
        assertThat(SummaryLine.mirror("dr", mirror, t + 31_000 * MS)).isEqualTo(" mirror_to=dr "
                + "mirror_availability=0.5000 mirror_lost_acked=1 mirror_duplicates=1 mirror_p99_ms=800.3");
    }
}
