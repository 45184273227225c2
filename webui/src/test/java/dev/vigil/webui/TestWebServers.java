package dev.vigil.webui;

import dev.vigil.core.config.HttpConfig;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.time.ManualClock;
import dev.vigil.reporters.prometheus.LatencyBuckets;
import dev.vigil.reporters.prometheus.PrometheusExporter;
import dev.vigil.webui.dashboard.Dashboard;
import dev.vigil.webui.dashboard.FixedClusters;

import java.util.List;
import java.util.function.Supplier;

/**
 * Web servers for the tests of the server itself (its limits, security, hostile requests): no metric
 * registered, clocks that stand still, the dashboard over fixed clusters. Not started.
 */
final class TestWebServers {

    /** One component, "prod", running and probing. */
    static final Supplier<List<ComponentHealth>> PROBING =
            () -> List.of(new ComponentHealth("prod", true, true, "RUNNING", "probing"));

    private TestWebServers() {
    }

    static WebServer server(HttpConfig config, Supplier<List<ComponentHealth>> health, FixedClusters clusters) {
        return new WebServer(config, new PrometheusExporter(new MetricRegistry(), new ManualClock(0), new LatencyBuckets(),
                false), health, new Dashboard(clusters, new ManualClock(0)));
    }

    /** On 127.0.0.1 at a free port, plain HTTP, no component, no cluster. */
    static WebServer loopback() {
        return server(new HttpConfig("127.0.0.1", 0, List.of()), List::of, new FixedClusters());
    }
}
