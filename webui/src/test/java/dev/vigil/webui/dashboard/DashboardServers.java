package dev.vigil.webui.dashboard;

import dev.vigil.core.config.HttpConfig;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.time.MicroClock;
import dev.vigil.reporters.prometheus.LatencyBuckets;
import dev.vigil.reporters.prometheus.PrometheusExporter;
import dev.vigil.webui.WebServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The web servers of the dashboard's API tests: plain HTTP on 127.0.0.1 at a free port, no metric, no component.
 * After all tests each server stops before the dashboard it serves is closed, so no request reaches a closed one.
 * Register it as {@code @RegisterExtension static final DashboardServers servers = new DashboardServers();}.
 */
final class DashboardServers implements AfterAllCallback {

    private final List<Runnable> stops = new ArrayList<>();

    /** Started, serving {@code dashboard}; both are stopped after all tests. */
    WebServer started(Dashboard dashboard, MicroClock clock) {
        WebServer server = new WebServer(new HttpConfig("127.0.0.1", 0, List.of()),
                new PrometheusExporter(new MetricRegistry(), clock, new LatencyBuckets(), false), List::of, dashboard);
        stops.add(() -> {
            server.stop();
            dashboard.close();
        });
        server.start();
        return server;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stops.forEach(Runnable::run);
        stops.clear();
    }
}
