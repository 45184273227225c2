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
        values.add(MetricValue.gauge("partitions", "partitions probed", view.partitions()));
        values.add(MetricValue.gauge("worstPartitionProduceAvailability", "lowest produce availability of any partition",
                view.snapshot().worstPartitionProduceAvailability()));
        values.add(MetricValue.gauge("worstBrokerProduceAvailability", "lowest produce availability of any broker",
                view.snapshot().worstBrokerProduceAvailability()));
        values.add(MetricValue.gauge("reachable", "1 while the cluster answers, 0 when unreachable",
                view.status() == ClusterMonitor.Status.UNREACHABLE || !observer.reachable() ? 0 : 1));
        values.add(MetricValue.counter("foreignRecords", "records on the monitor topic that are not Vigil probes",
                view.foreignRecords()));
        values.add(MetricValue.counter("otherSessionRecords", "probes of another producer session",
                view.otherSessionRecords()));
        values.add(MetricValue.counter("truncations", "times the consume probe's position fell off the log",
                view.truncations()));
        ProbeSession probes = session.get();
        values.add(MetricValue.counter("lostThenReceived", "probes received after they were judged lost (false loss"
                + " verdicts; they stay counted as lost)", probes == null ? 0 : probes.consume().lostThenReceived()));
        values.add(MetricValue.counter("forgedRecords", "records with this session's id that it did not write"
                + " (bad or no MAC, or a copy at another offset): never counted as receipts", forged.total()));
        values.add(MetricValue.counter("probesBehindSchedule", "probes sent more than one interval after their round"
                + " was due, or not sent because the round was missed (Vigil's schedule adherence)",
                probes == null ? 0 : probes.produce().behindSchedule()));
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
