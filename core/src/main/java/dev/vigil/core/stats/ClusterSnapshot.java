package dev.vigil.core.stats;

import java.util.SortedMap;
import java.util.function.ToDoubleFunction;

/**
 * One cluster's numbers at one moment: in total, by partition and by broker. The partition and
 * broker entries have availability and counters but empty latency summaries (see
 * {@link ClusterStats#snapshot}).
 */
public record ClusterSnapshot(String cluster, ScopeSnapshot total,
                              SortedMap<Integer, ScopeSnapshot> partitions,
                              SortedMap<Integer, ScopeSnapshot> brokers) {

    /** Mean produce availability over partitions with data; NaN when none has any. */
    public double produceAvailability() {
        return mean(ScopeSnapshot::produceAvailability);
    }

    /** Mean consume availability over partitions with data; NaN when none has any. */
    public double consumeAvailability() {
        return mean(ScopeSnapshot::consumeAvailability);
    }

    public double worstPartitionProduceAvailability() {
        return min(partitions, ScopeSnapshot::produceAvailability);
    }

    public double worstBrokerProduceAvailability() {
        return min(brokers, ScopeSnapshot::produceAvailability);
    }

    public double worstPartitionConsumeAvailability() {
        return min(partitions, ScopeSnapshot::consumeAvailability);
    }

    public double worstBrokerConsumeAvailability() {
        return min(brokers, ScopeSnapshot::consumeAvailability);
    }

    private double mean(ToDoubleFunction<ScopeSnapshot> value) {
        double sum = 0;
        int n = 0;
        for (ScopeSnapshot s : partitions.values()) {
            double v = value.applyAsDouble(s);
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double min(SortedMap<Integer, ScopeSnapshot> scopes, ToDoubleFunction<ScopeSnapshot> value) {
        double min = Double.NaN;
        for (ScopeSnapshot s : scopes.values()) {
            double v = value.applyAsDouble(s);
            if (!Double.isNaN(v) && (Double.isNaN(min) || v < min)) {
                min = v;
            }
        }
        return min;
    }
}
