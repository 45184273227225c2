package dev.vigil.core.metrics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MetricRegistryTest {

    private final MetricRegistry registry = new MetricRegistry();
    private final List<String> events = new ArrayList<>();
    private final MetricRegistry.Listener listener = new MetricRegistry.Listener() {
        @Override
        public void added(MetricScope scope, MetricSource source) {
            events.add("+" + scope.labels());
        }

        @Override
        public void removed(MetricScope scope) {
            events.add("-" + scope.labels());
        }
    };

    @Test
    void listenerHearsExistingScopesThenEveryChangeOnce() {
        MetricSource source = now -> List.of(MetricValue.gauge("x", "x", 1));
        registry.register(MetricScope.cluster("a"), source);
        registry.addListener(listener);
        registry.register(MetricScope.broker("a", 1), source);
        registry.register(MetricScope.broker("a", 1), source); // same source again: no event
        registry.unregister(MetricScope.broker("a", 1));
        registry.unregister(MetricScope.broker("a", 1)); // already gone: no event
        registry.removeListener(listener);
        registry.unregister(MetricScope.cluster("a"));

        assertThat(events).containsExactly("+{cluster=a}", "+{cluster=a, broker=1}", "-{cluster=a, broker=1}");
        assertThat(registry.size()).isZero();
    }

    @Test
    void collectReadsEverySourceAtTheGivenTime() {
        registry.register(MetricScope.cluster("a"), now -> List.of(MetricValue.counter("t", "t", now)));
        assertThat(registry.collect(42)).singleElement()
                .satisfies(s -> assertThat(s.values().get(0).value()).isEqualTo(42.0));
    }
}
