package dev.vigil.services;

import dev.vigil.core.metrics.MetricHistogram;
import dev.vigil.core.metrics.MetricSource;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.stats.ScopeMetrics;
import dev.vigil.core.stats.ScopeSource;
import dev.vigil.services.probe.ForgedRecords;
import dev.vigil.services.state.ClusterStateMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The metric source of one cluster's scope: the probes' totals and the cluster's own numbers, the
 * cluster state's and topic management's, and each optional probe's.
 */
final class ClusterScopeSource implements MetricSource {

    private final Supplier<ClusterView> view;
    private final ClusterStats stats;
    private final ClusterStateObserver observer;
    /** Null until the monitor connects. */
    private final Supplier<ProbeSession> session;
    private final ForgedRecords forged;
    private final List<OptionalProbe> optionalProbes;

    ClusterScopeSource(Supplier<ClusterView> view, ClusterStats stats, ClusterStateObserver observer,
                       Supplier<ProbeSession> session, ForgedRecords forged, List<OptionalProbe> optionalProbes) {
        this.view = view;
        this.stats = stats;
        this.observer = observer;
        this.session = session;
        this.forged = forged;
        this.optionalProbes = optionalProbes;
    }

    @Override
    public List<MetricValue> values(long now) {
        ClusterView view = this.view.get();
        List<MetricValue> values = new ArrayList<>(ScopeMetrics.of(view.snapshot().total(),
                view.produceAvailability(), view.consumeAvailability()));
        values.add(MonitorMetrics.PARTITIONS.value(view.partitions()));
        values.add(MonitorMetrics.WORST_PARTITION_PRODUCE_AVAILABILITY.value(
                view.snapshot().worstPartitionProduceAvailability()));
        values.add(MonitorMetrics.WORST_BROKER_PRODUCE_AVAILABILITY.value(view.snapshot().worstBrokerProduceAvailability()));
        values.add(MonitorMetrics.REACHABLE.value(view.status() == ClusterMonitor.Status.UNREACHABLE
                || !observer.reachable() ? 0 : 1));
        values.add(MonitorMetrics.FOREIGN_RECORDS.value(view.foreignRecords()));
        values.add(MonitorMetrics.OTHER_SESSION_RECORDS.value(view.otherSessionRecords()));
        values.add(MonitorMetrics.TRUNCATIONS.value(view.truncations()));
        ProbeSession probes = session.get();
        values.add(MonitorMetrics.FORGED_RECORDS.value(forged.total()));
        values.add(MonitorMetrics.PROBES_BEHIND_SCHEDULE.value(probes == null ? 0 : probes.produce().behindSchedule()));
        values.addAll(ClusterStateMetrics.values(observer.state().orElse(null), observer.reachable()));
        for (OptionalProbe probe : optionalProbes) {
            values.addAll(probe.clusterValues(now));
        }
        if (probes != null) {
            values.addAll(probes.topicManager().values());
        }
        return values;
    }

    @Override
    public List<MetricHistogram> histograms(long nowMicros) {
        List<MetricHistogram> out = new ArrayList<>(ScopeSource.histogramsOf(stats.total(), nowMicros));
        for (OptionalProbe probe : optionalProbes) {
            out.addAll(probe.histograms(nowMicros));
        }
        return out;
    }
}
