package dev.vigil.app;

import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.time.MicroClock;

import java.util.HashMap;
import java.util.Map;

/** A running Vigil's cluster-scope values by name, as its registry has them now. */
final class ClusterValues {

    private static final MicroClock CLOCK = MicroClock.system();

    private ClusterValues() {
    }

    static Map<String, Double> of(Vigil vigil, String cluster) {
        Map<String, Double> out = new HashMap<>();
        vigil.registry().collect(CLOCK.nowMicros()).stream()
                .filter(s -> s.scope().equals(MetricScope.cluster(cluster)))
                .flatMap(s -> s.values().stream())
                .forEach(v -> out.put(v.name(), v.value()));
        return out;
    }
}
