package dev.vigil.webui.dashboard;

import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.core.window.LatencySummary;
import dev.vigil.webui.dashboard.ClusterReport.BrokerRow;
import dev.vigil.webui.dashboard.ClusterReport.ClusterStateRow;
import dev.vigil.webui.dashboard.ClusterReport.Latency;
import dev.vigil.webui.dashboard.ClusterReport.PartitionRow;
import dev.vigil.webui.dashboard.ClusterReport.Totals;

import java.util.ArrayList;
import java.util.List;

/** Builds the reports and totals the dashboard tests feed it: three brokers, six partitions, two led by each. */
final class Reports {

    static final Latency NO_LATENCY = new Latency(0, null, null, null, null);

    private Reports() {
    }

    static ClusterReport running(String name, List<BrokerRow> brokers, List<PartitionRow> partitions,
                                 ClusterStateRow state) {
        return new ClusterReport(name, "__vigil_probe", new ClusterReport.Monitor("RUNNING", "probing"),
                new Totals(1.0, 1.0, 60, 0, 60, 0, 60, 0, 0, 0, 0, 0, 0, 0, NO_LATENCY, NO_LATENCY),
                state, brokers, partitions, List.of(), List.of());
    }

    static ClusterReport withStatus(String name, String status, String reason) {
        return new ClusterReport(name, "__vigil_probe", new ClusterReport.Monitor(status, reason),
                new Totals(null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NO_LATENCY, NO_LATENCY),
                null, List.of(), List.of(), List.of(), List.of());
    }

    static BrokerRow broker(int id, boolean online, int consecutiveFailures, String lastError) {
        return new BrokerRow(id, null, true, online, 2, 1.0, 1.0, 3.0, 2.0, consecutiveFailures, lastError,
                lastError == null ? null : 1_000L);
    }

    static List<BrokerRow> healthyBrokers() {
        return List.of(broker(1, true, 0, null), broker(2, true, 0, null), broker(3, true, 0, null));
    }

    /** Partitions 0..5, partition p led by broker p % 3 + 1; those listed in {@code failing} have 3 failures in a row. */
    static List<PartitionRow> partitions(int... failing) {
        List<PartitionRow> rows = new ArrayList<>();
        for (int p = 0; p < 6; p++) {
            int id = p;
            boolean fails = java.util.Arrays.stream(failing).anyMatch(f -> f == id);
            rows.add(new PartitionRow(p, p % 3 + 1, List.of(1, 2, 3), List.of(1, 2, 3), fails ? 0.5 : 1.0, 1.0,
                    fails ? 3 : 0));
        }
        return rows;
    }

    static ClusterStateRow state(int online, int underReplicated) {
        return new ClusterStateRow(1_000, true, online, 3, 1000, underReplicated, 0, 0);
    }

    /** Totals after {@code attempts} final produce and consume outcomes with the given failures and losses. */
    static ScopeSnapshot totals(long attempts, long produceFailures, long consumeFailures, long lostAcked, long lostUnacked) {
        return totals(attempts, produceFailures, consumeFailures, lostAcked, lostUnacked, 0);
    }

    /** Like the other, with {@code lostAckedAfterRead} acked probes read and then truncated away. */
    static ScopeSnapshot totals(long attempts, long produceFailures, long consumeFailures, long lostAcked, long lostUnacked,
                                long lostAckedAfterRead) {
        return new ScopeSnapshot(1.0, 1.0, attempts, produceFailures, attempts, consumeFailures, attempts,
                lostAcked, lostUnacked, 0, 0, 0, 0, 0, 0, lostAckedAfterRead, 0, LatencySummary.EMPTY,
                new LatencySummary(attempts, 2_000, 1_500, 1_800, 2_000, 4_000, 9_000, 9_000, 12_000));
    }
}
