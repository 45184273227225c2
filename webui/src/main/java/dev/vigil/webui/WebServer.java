package dev.vigil.webui;

import dev.vigil.core.config.HttpConfig;
import dev.vigil.core.service.Service;
import dev.vigil.reporters.prometheus.PrometheusExporter;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jolokia.server.core.http.AgentServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Vigil's HTTP server (Jetty 12): /metrics for Prometheus, a read-only /jolokia, /health and
 * /ready. It binds {@code http.host} (127.0.0.1 unless configured), so nothing is reachable from
 * other hosts by default.
 */
public final class WebServer implements Service {

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);

    private final HttpConfig config;
    private final Server server;
    private final ServerConnector connector;

    public WebServer(HttpConfig config, PrometheusExporter exporter, Supplier<List<ComponentHealth>> health) {
        this.config = config;
        QueuedThreadPool threads = new QueuedThreadPool(16, 2, 60_000);
        threads.setName("vigil-http");
        threads.setDaemon(true);
        this.server = new Server(threads);
        this.connector = new ServerConnector(server, 1, 1);
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder("metrics", new MetricsServlet(exporter)), "/metrics");
        context.addServlet(new ServletHolder("health", new HealthServlet(health, ComponentHealth::live)), "/health");
        context.addServlet(new ServletHolder("ready", new HealthServlet(health, ComponentHealth::ready)), "/ready");
        ServletHolder jolokia = new ServletHolder("jolokia", new AgentServlet(new ReadOnlyRestrictor(config.corsOrigins())));
        jolokia.setInitParameter("includeStackTrace", "false");
        jolokia.setInitParameter("discoveryEnabled", "false");
        context.addServlet(jolokia, "/jolokia/*");
        server.setHandler(new SecurityHeaders(context));
        server.setStopTimeout(2_000);
    }

    /** Binds and starts serving; a port in use is a one-line error naming the key to change. */
    @Override
    public void start() {
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly();
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": "
                        + e.getMessage() + " (set \"" + HttpConfig.Keys.PORT + "\" to a free port, or stop what uses it)", e);
            }
            throw new UncheckedIOException("cannot start the web server on " + config.host() + ":" + config.port(), e);
        } catch (Exception e) {
            stopQuietly();
            throw new IllegalStateException("cannot start the web server on " + config.host() + ":" + config.port()
                    + ": " + e, e);
        }
        log.info("serving http://{}:{}/metrics, /jolokia (read-only), /health and /ready", config.host(), port());
    }

    /** The port actually bound (differs from the configured one when that is 0). */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void stop() {
        stopQuietly();
    }

    @Override
    public boolean isRunning() {
        return server.isRunning();
    }

    @Override
    public boolean awaitShutdown(Duration timeout) {
        return server.isStopped();
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("error stopping the web server: {}", e.toString());
        }
    }
}
