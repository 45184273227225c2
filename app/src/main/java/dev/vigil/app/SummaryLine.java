package dev.vigil.app;

import dev.vigil.core.config.MirrorConfig;
import dev.vigil.core.stats.MirrorStats;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.services.ClusterMonitor;
import dev.vigil.services.ClusterReading;

import java.util.Locale;
import java.util.Optional;

/**
 * The one-line summary Vigil logs per cluster every {@code summary.interval.ms}, e.g.
 * {@code vigil cluster=sandbox partitions=6 produce_availability=1.0000 consume_availability=1.0000
 * lost_acked=0 lost_unacked=0 duplicates=0 late=0 e2e_p50_ms=2.1 e2e_p99_ms=7.9 e2e_max_ms=12.3}.
 * A mirrored cluster's line goes on with {@code mirror_to=dr mirror_availability=1.0000
 * mirror_lost_acked=0 mirror_duplicates=0 mirror_p99_ms=812.4}. Availabilities are windowed (the
 * {@link ClusterReading}'s means over partitions, as in {@code /metrics} and on the dashboard's card),
 * counters cumulative; NaN means no data yet.
 */
final class SummaryLine {

    private SummaryLine() {
    }

    static String of(ClusterMonitor monitor) {
        return of(monitor.reading(), monitor.mirror().map(MirrorConfig::to));
    }

    /** @param mirrorTo the cluster the topic is mirrored to, if it is */
    static String of(ClusterReading reading, Optional<String> mirrorTo) {
        ScopeSnapshot total = reading.total();
        String line = String.format(Locale.ROOT,
                "vigil cluster=%s partitions=%d produce_availability=%.4f consume_availability=%.4f "
                        + "lost_acked=%d lost_unacked=%d duplicates=%d late=%d e2e_p50_ms=%.1f e2e_p99_ms=%.1f e2e_max_ms=%.1f",
                reading.cluster(), reading.partitions(), reading.produce().mean(), reading.consume().mean(),
                total.lostAcked(), total.lostUnacked(), total.duplicates(), total.late(),
                total.e2eLatency().p50() / 1_000.0, total.e2eLatency().p99() / 1_000.0,
                total.e2eLatency().max() / 1_000.0);
        if (reading.mirror().isPresent() && mirrorTo.isPresent()) {
            line += mirror(mirrorTo.get(), reading.mirror().get());
        }
        return line;
    }

    static String mirror(String to, MirrorStats.Snapshot mirror) {
        return String.format(Locale.ROOT, " mirror_to=%s mirror_availability=%.4f mirror_lost_acked=%d "
                        + "mirror_duplicates=%d mirror_p99_ms=%.1f", to, mirror.availability(),
                mirror.lostAcked(), mirror.duplicates(), mirror.latency().p99() / 1_000.0);
    }
}
