package dev.vigil.app;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.time.MicroClock;

import java.util.HashMap;
import java.util.Map;

/** A running Vigil's cluster-scope values by metric, as its registry has them now. */
final class ClusterValues {

    private static final MicroClock CLOCK = MicroClock.system();

    private ClusterValues() {
    }

    static Map<Metric, Double> of(Vigil vigil, String cluster) {
        Map<Metric, Double> out = new HashMap<>();
        vigil.registry().collect(CLOCK.nowMicros()).stream()
                .filter(s -> s.scope().equals(MetricScope.cluster(cluster)))
                .flatMap(s -> s.values().stream())
                .forEach(v -> out.put(v.metric(), v.value()));
        return out;
    }
}
