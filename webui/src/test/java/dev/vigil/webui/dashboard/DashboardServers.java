package dev.vigil.webui.dashboard;

import dev.vigil.core.config.HttpConfig;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.time.MicroClock;
import dev.vigil.reporters.prometheus.LatencyBuckets;
import dev.vigil.reporters.prometheus.PrometheusExporter;
import dev.vigil.webui.WebServer;

import java.util.List;

/** The web server of the dashboard's API tests: plain HTTP on 127.0.0.1 at a free port, no metric, no component. */
final class DashboardServers {

    private DashboardServers() {
    }

    /** Started; the caller stops it. */
    static WebServer started(Dashboard dashboard, MicroClock clock) {
        WebServer server = new WebServer(new HttpConfig("127.0.0.1", 0, List.of()),
                new PrometheusExporter(new MetricRegistry(), clock, new LatencyBuckets(), false), List::of, dashboard);
        server.start();
        return server;
    }
}
