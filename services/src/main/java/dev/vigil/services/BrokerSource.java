package dev.vigil.services;

import dev.vigil.core.metrics.MetricHistogram;
import dev.vigil.core.metrics.MetricSource;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.stats.ScopeSource;

import java.util.ArrayList;
import java.util.List;

/**
 * The metric source of one broker scope: the probes of the partitions it led, and what the
 * optional probes attribute to it (the offset commits it coordinated, the controller probe rounds
 * it failed). A broker may be one and not the other (a group coordinator leading no monitor
 * partition), so the probe part is read only once the broker has some.
 */
final class BrokerSource implements MetricSource {

    private final int broker;
    private final ClusterStats probes;
    private final List<OptionalProbe> optionalProbes;

    BrokerSource(int broker, ClusterStats probes, List<OptionalProbe> optionalProbes) {
        this.broker = broker;
        this.probes = probes;
        this.optionalProbes = optionalProbes;
    }

    @Override
    public List<MetricValue> values(long nowMicros) {
        List<MetricValue> out = new ArrayList<>(48);
        if (probes.brokerIds().contains(broker)) {
            out.addAll(new ScopeSource(probes.broker(broker)).values(nowMicros));
        }
        for (OptionalProbe probe : optionalProbes) {
            out.addAll(probe.stats().brokerValues(broker, nowMicros));
        }
        return out;
    }

    @Override
    public List<MetricHistogram> histograms(long nowMicros) {
        return probes.brokerIds().contains(broker)
                ? ScopeSource.histogramsOf(probes.broker(broker), nowMicros)
                : List.of();
    }
}
