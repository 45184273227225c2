package dev.vigil.services;

import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.MetricSource;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.stats.ConnectionCheckMetrics;
import dev.vigil.core.stats.ConnectionCheckStats;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.probe.ProbeErrors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MonitorScopesTest {

    private static final String CLUSTER = "c";

    private final MetricRegistry registry = new MetricRegistry();
    private final List<MetricScope> added = new ArrayList<>();
    private final MonitorScopes scopes = new MonitorScopes(registry, CLUSTER, "t");
    private final ClusterStats stats = new ClusterStats(CLUSTER, 60_000_000L, 6);
    private final ConnectionCheckStats checks = new ConnectionCheckStats();
    private final List<OptionalProbe> probes = List.of(new OptionalConnectionCheck(null, checks, MicroClock.system()));
    private final ProbeErrors errors = new ProbeErrors();

    MonitorScopesTest() {
        registry.addListener(new MetricRegistry.Listener() {
            @Override
            public void added(MetricScope scope, MetricSource source) {
                added.add(scope);
            }

            @Override
            public void removed(MetricScope scope) {
            }
        });
    }

    @Test
    void brokersTheirConnectionPhasesAndErrorClassesSeenLaterGetTheirScopesEachRegisteredOnce() {
        stats.broker(1);
        checks.round(List.of(check(1)), 1);
        harvest();
        harvest();
        assertThat(added).containsExactly(MetricScope.brokerConnection(CLUSTER, 1, ConnectionCheckMetrics.PHASE_CONNECT),
                MetricScope.brokerConnection(CLUSTER, 1, ConnectionCheckMetrics.PHASE_API_VERSIONS),
                MetricScope.broker(CLUSTER, 1));

        added.clear();
        stats.broker(2); // led a probed partition: the probes' broker
        checks.round(List.of(check(1), check(3)), 2); // checked only: the connection check's broker
        errors.record(2, "TimeoutException", 3);
        harvest();
        harvest();
        assertThat(added).containsExactlyInAnyOrder(
                MetricScope.brokerConnection(CLUSTER, 3, ConnectionCheckMetrics.PHASE_CONNECT),
                MetricScope.brokerConnection(CLUSTER, 3, ConnectionCheckMetrics.PHASE_API_VERSIONS),
                MetricScope.broker(CLUSTER, 2), MetricScope.broker(CLUSTER, 3),
                MetricScope.brokerError(CLUSTER, 2, "TimeoutException"));

        added.clear();
        errors.record(2, "NotLeaderOrFollowerException", 4);
        errors.record(2, "TimeoutException", 5); // a class already counted: its scope is there
        harvest();
        assertThat(added).containsExactly(MetricScope.brokerError(CLUSTER, 2, "NotLeaderOrFollowerException"));
        assertThat(registry.sources(MetricScope.Type.BROKER)).hasSize(3);
        assertThat(registry.sources(MetricScope.Type.BROKER_CONNECTION)).hasSize(4);
        assertThat(registry.sources(MetricScope.Type.BROKER_ERROR)).hasSize(2);
    }

    private void harvest() {
        scopes.brokers(stats, probes);
        scopes.brokerErrors(errors);
    }

    private static ConnectionCheckStats.BrokerCheck check(int broker) {
        return new ConnectionCheckStats.BrokerCheck(broker, "localhost:" + (9000 + broker), false, 100, 200, null);
    }
}
