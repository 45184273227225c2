package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.MetricSource;
import dev.vigil.core.service.Service;
import dev.vigil.core.stats.ConnectionCheckMetrics;
import dev.vigil.core.stats.ConnectionCheckStats;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.kafka.FreshConnections;
import dev.vigil.services.kafka.KafkaClients;
import dev.vigil.services.probe.ConnectionCheck;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@link ConnectionCheck} as a monitor's optional probe: it lists the brokers with the monitor's admin client. */
record OptionalConnectionCheck(ClusterConfig config, ConnectionCheckStats stats, MicroClock clock)
        implements OptionalProbe {

    private static final List<String> PHASES = List.of(ConnectionCheckMetrics.PHASE_CONNECT,
            ConnectionCheckMetrics.PHASE_API_VERSIONS);

    @Override
    public String kind() {
        return "connection-check";
    }

    @Override
    public Service start(Start start) {
        ConnectionCheck check = new ConnectionCheck(config.name(), config.connectionCheck(), start.admin(),
                new FreshConnections(config.name(), KafkaClients.connectionCheckConfig(config), clock), stats, clock);
        check.start();
        return check;
    }

    @Override
    public ConnectionCheckStats stats() {
        return stats;
    }

    /** A round every interval, each done within its timeout. */
    @Override
    public void trackFreshness(VerdictFreshness freshness) {
        freshness.trackEvery("connection_check", stats::lastRoundMicros, config.connectionCheck().interval(),
                config.connectionCheck().timeout());
    }

    /** A scope per checked broker and phase: the phase is a label ({@code vigil_broker_connection_seconds{phase}}). */
    @Override
    public Map<MetricScope, MetricSource> scopes(String cluster) {
        Map<MetricScope, MetricSource> scopes = new LinkedHashMap<>();
        for (int broker : stats.brokerIds()) {
            for (String phase : PHASES) {
                scopes.put(MetricScope.brokerConnection(cluster, broker, phase),
                        at -> stats.phaseValues(broker, phase));
            }
        }
        return scopes;
    }
}
