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
        MetricSource source = now -> List.of(Metric.gauge("x", "x").value(1));
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
        registry.register(MetricScope.cluster("a"), now -> List.of(Metric.counter("t", "t").value(now)));
        assertThat(registry.collect(42)).singleElement()
                .satisfies(s -> assertThat(s.values().get(0).value()).isEqualTo(42.0));
    }

    @Test
    void valueReadsOneMetricOfOneScopeByName() {
        Metric lost = Metric.counter("lostAcked", "lost");
        Metric p99 = Metric.gauge("e2eLatencyP99", Unit.MICROSECONDS, "p99");
        registry.register(MetricScope.cluster("a"), now -> List.of(lost.value(3), p99.value(now)));
        registry.register(MetricScope.cluster("b"), now -> List.of(lost.value(5)));

        assertThat(registry.value(MetricScope.cluster("a"), p99, 42)).isEqualTo(42.0);
        assertThat(registry.value(MetricScope.cluster("b"), Metric.counter("lostAcked", "other help"), 0)).isEqualTo(5.0);
        assertThat(registry.value(MetricScope.cluster("b"), p99, 0)).isNaN();
        assertThat(registry.value(MetricScope.cluster("c"), lost, 0)).isNaN();
    }
}
