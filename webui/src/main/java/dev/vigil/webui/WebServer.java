package dev.vigil.webui;

import dev.vigil.core.config.HttpConfig;
import dev.vigil.core.service.Service;
import dev.vigil.reporters.prometheus.PrometheusExporter;
import dev.vigil.webui.dashboard.ApiServlet;
import dev.vigil.webui.dashboard.Dashboard;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ResourceServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.SecurityHandler;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.compression.CompressionPool;
import org.eclipse.jetty.util.compression.DeflaterPool;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jolokia.server.core.http.AgentServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.zip.Deflater;

/**
 * Vigil's HTTP server (Jetty 12): the dashboard at / with its JSON API under /api/v1, /metrics for
 * Prometheus, a read-only /jolokia, /health and /ready. It binds {@code http.host} (127.0.0.1
 * unless configured), so nothing is reachable from other hosts by default. Optionally HTTPS only,
 * and basic authentication on everything but /health and /ready (which orchestrators probe without
 * credentials and which reveal only statuses).
 */
public final class WebServer implements Service {

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);

    private final HttpConfig config;
    private final Server server;
    private final ServerConnector connector;

    private static final String STATIC = "/dev/vigil/webui/static/";
    private static final String UPLOT_POM = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";

    // Limits against a hostile network: none of them is reached by Prometheus, a dashboard or hawtio.
    static final int MAX_THREADS = 16;
    /** Requests in progress at once, /health and /ready not counted; the rest of the pool is theirs. */
    static final int REQUEST_BUDGET = 8;
    static final Duration MAX_QUEUED = Duration.ofSeconds(5);
    static final int MAX_CONNECTIONS = 256;
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** While at {@link #MAX_CONNECTIONS}, idle connections are closed this much sooner. */
    static final Duration AT_LIMIT_IDLE_TIMEOUT = Duration.ofSeconds(2);
    /** The API's and Jolokia's bodies are small JSON; beyond this a request gets 413. */
    static final long MAX_REQUEST_BODY = 1024 * 1024;
    /** Bytes a second a request body must average; a 56k modem does about 7,000. */
    static final long MIN_REQUEST_DATA_RATE = 1024;

    public WebServer(HttpConfig config, PrometheusExporter exporter, Supplier<List<ComponentHealth>> health,
                     Dashboard dashboard) {
        this.config = config;
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2, 60_000);
        threads.setName("vigil-http");
        threads.setDaemon(true);
        this.server = new Server(threads);
        this.connector = config.security().keystoreFile().isPresent()
                ? httpsConnector(server, config.security().keystoreFile().get(),
                        config.security().keystorePasswordFile().orElseThrow())
                : new ServerConnector(server, 1, 1, new HttpConnectionFactory(limited(new HttpConfiguration())));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        // Connections are file descriptors, which the Kafka clients in this process need too.
        NetworkConnectionLimit connections = new NetworkConnectionLimit(MAX_CONNECTIONS, connector);
        connections.setEndPointIdleTimeout(AT_LIMIT_IDLE_TIMEOUT.toMillis());
        server.addBean(connections);

        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder("metrics", new MetricsServlet(exporter)), "/metrics");
        context.addServlet(new ServletHolder("health", new HealthServlet(health, ComponentHealth::live,
                WebServer::isFromThisHost)), "/health");
        context.addServlet(new ServletHolder("ready", new HealthServlet(health, ComponentHealth::ready,
                WebServer::isFromThisHost)), "/ready");
        ServletHolder jolokia = new ServletHolder("jolokia", new AgentServlet(new ReadOnlyRestrictor(config.corsOrigins())));
        jolokia.setInitParameter("includeStackTrace", "false");
        jolokia.setInitParameter("discoveryEnabled", "false");
        // Jolokia's default id holds the host's address and the pid; unique per server, as it names an MBean.
        jolokia.setInitParameter("agentId", "vigil-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        // Hard limits (a request's own maxDepth etc. cannot raise them): a read of a large MBean
        // graph stays a bounded answer instead of a heap-sized one.
        jolokia.setInitParameter("maxDepth", "6");
        jolokia.setInitParameter("maxObjects", "10000");
        jolokia.setInitParameter("maxCollectionSize", "1000");
        context.addServlet(jolokia, "/jolokia/*");
        context.addFilter(new FilterHolder(new JolokiaGuard()), "/jolokia/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("api", new ApiServlet(dashboard)), "/api/v1/*");
        context.addServlet(staticFiles("uplot", uplotDist(), true), "/vendor/uplot/*");
        context.addServlet(staticFiles("dashboard", classpathDir(STATIC, "index.html"), false), "/");
        context.setWelcomeFiles(new String[] {"index.html"});
        Handler app = config.security().usersFile().map(users -> basicAuth(server, users, context)).orElse(context);
        SizeLimitHandler sized = new SizeLimitHandler(MAX_REQUEST_BODY, -1);
        sized.setHandler(budgeted(new WriteGuard(compressed(app), config)));
        server.setHandler(new SecurityHeaders(new HostCheck(sized, config), config.security().tls()));
        server.setStopTimeout(2_000);
    }

    private static boolean isFromThisHost(jakarta.servlet.http.HttpServletRequest request) {
        return HttpConfig.isLoopback(request.getRemoteAddr()) || request.getUserPrincipal() != null;
    }

    /**
     * Every request but /health and /ready shares a budget of threads smaller than the pool, so the
     * orchestrators' probes find a thread however many slow or heavy requests are in progress;
     * requests beyond the budget wait (holding no thread) and get 503 if they wait too long.
     */
    private static Handler budgeted(Handler handler) {
        QoSHandler qos = new QoSHandler(handler);
        qos.setMaxRequestCount(REQUEST_BUDGET);
        qos.setMaxSuspend(MAX_QUEUED);
        qos.setMaxSuspendedRequestCount(MAX_CONNECTIONS);
        qos.excludePath("/health", "/ready");
        return qos;
    }

    /**
     * A client that sends its body slower than {@link #MIN_REQUEST_DATA_RATE} is dropped (408) instead
     * of holding a thread while it trickles; headers are bounded by Jetty's default size.
     */
    private static HttpConfiguration limited(HttpConfiguration http) {
        http.setMinRequestDataRate(MIN_REQUEST_DATA_RATE);
        http.setSendServerVersion(false);
        return http;
    }

    /**
     * Responses to GETs gzipped for clients that accept it: the dashboard's JSON and /metrics are text
     * that shrinks about tenfold, and on a cluster of thousands of partitions they are megabytes.
     * Request bodies are never inflated (the API's bodies are tiny; a compressed one is refused).
     *
     * <p>At the fastest level: a hundred clusters' 4.4 MB scrape deflates in 6 ms to 4.5 % of its size, against
     * 18 ms and 3.7 % at the default level (bench/RESULTS.md, "A seventh run"); Prometheus asks for gzip at
     * every scrape, so the default level was a third of a scrape's CPU for 35 KB less on the wire.
     */
    private static Handler compressed(Handler app) {
        GzipHandler gzip = new GzipHandler(app);
        gzip.setMinGzipSize(1024);
        gzip.setInflateBufferSize(0);
        // nowrap: Jetty writes the gzip header and trailer itself, as its own pool's deflaters expect
        gzip.setDeflaterPool(new DeflaterPool(CompressionPool.DEFAULT_CAPACITY, Deflater.BEST_SPEED, true));
        return gzip;
    }

    /** HTTPS only: the keystore's key and certificate, its password read from a file. */
    private static ServerConnector httpsConnector(Server server, Path keystore, Path passwordFile) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keystore.toString());
        tls.setKeyStoreType("PKCS12");
        tls.setKeyStorePassword(firstLine(passwordFile));
        HttpConfiguration https = limited(new HttpConfiguration());
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Operators reach Vigil by IP as often as by name; checking the name is the client's job.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        return new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https));
    }

    /** Basic authentication for every path but the orchestrators' probes /health and /ready. */
    private static Handler basicAuth(Server server, Path usersFile, Handler app) {
        SecurityHandler.PathMapped security = new SecurityHandler.PathMapped(app);
        security.put("/*", Constraint.ANY_USER);
        security.put("/health", Constraint.ALLOWED);
        security.put("/ready", Constraint.ALLOWED);
        security.setAuthenticator(new BasicAuthenticator());
        security.setLoginService(new HashLoginService("vigil", ResourceFactory.of(server).newResource(usersFile)));
        return security;
    }

    private static String firstLine(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Static files from a classpath directory: no directory listings, revalidated so an upgrade shows at once. */
    private static ServletHolder staticFiles(String name, String baseResource, boolean pathInfoOnly) {
        ServletHolder holder = new ServletHolder(name, new ResourceServlet());
        holder.setInitParameter("baseResource", baseResource);
        holder.setInitParameter("pathInfoOnly", Boolean.toString(pathInfoOnly));
        holder.setInitParameter("dirAllowed", "false");
        holder.setInitParameter("cacheControl", "no-cache");
        return holder;
    }

    /** uPlot's files in its WebJar, whose directory is named after its version. */
    private static String uplotDist() {
        Properties pom = new Properties();
        try (InputStream in = WebServer.class.getResourceAsStream(UPLOT_POM)) {
            if (in == null) {
                throw new IllegalStateException("uPlot's WebJar (org.webjars.npm:uplot) is not on the class path");
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + UPLOT_POM, e);
        }
        return classpathDir("/META-INF/resources/webjars/uplot/" + pom.getProperty("version") + "/dist/", "uPlot.iife.min.js");
    }

    /** The URL of a class-path directory, found through a file in it: jars need not list directories. */
    private static String classpathDir(String dir, String fileInIt) {
        java.net.URL url = WebServer.class.getResource(dir + fileInIt);
        if (url == null) {
            throw new IllegalStateException("missing " + dir + fileInIt + " on the class path");
        }
        String file = url.toExternalForm();
        return file.substring(0, file.length() - fileInIt.length());
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
            throw new UncheckedIOException("cannot start the web server on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage() + (config.security().tls() ? " (check \"" + HttpConfig.Keys.KEYSTORE_FILE
                    + "\" and its password file)" : ""), e);
        } catch (Exception e) {
            stopQuietly();
            throw new IllegalStateException("cannot start the web server on " + config.host() + ":" + config.port()
                    + ": " + e, e);
        }
        log.info("dashboard on {}://{}:{}/ (also /api/v1, /metrics, /jolokia read-only, /health, /ready){}",
                config.security().tls() ? "https" : "http", config.host(), port(),
                config.security().usersFile().isPresent() ? "; basic authentication on all but /health and /ready" : "");
        if (config.exposedInsecurely()) {
            log.warn("the web server on {}:{} is reachable from other hosts {} because \"{}\" is true: anyone who"
                    + " can connect reads every metric{}", config.host(), port(), config.missingProtection(),
                    HttpConfig.Keys.INSECURE_EXPOSE, config.security().usersFile().isPresent() ? " (credentials in clear)"
                            : "; the sandbox controls are refused");
        }
    }

    /** The port actually bound (differs from the configured one when that is 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Connections the server holds open now (accepted, not yet closed). */
    int openConnections() {
        return connector.getConnectedEndPoints().size();
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
