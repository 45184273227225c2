package dev.vigil.app;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ConfigException;
import dev.vigil.core.config.ConfigLoader;
import dev.vigil.core.config.HttpConfig;
import dev.vigil.core.config.VigilConfig;
import dev.vigil.core.memory.HeapBudget;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.service.TaskGuard;
import dev.vigil.core.time.MicroClock;
import dev.vigil.reporters.jmx.JmxReporter;
import dev.vigil.reporters.prometheus.LatencyBuckets;
import dev.vigil.reporters.prometheus.PrometheusExporter;
import dev.vigil.reporters.prometheus.SelfMetrics;
import dev.vigil.reporters.slo.SloReporter;
import dev.vigil.sandbox.SandboxCluster;
import dev.vigil.services.ClusterMonitor;
import dev.vigil.services.MirrorTarget;
import dev.vigil.services.VerdictFreshness;
import dev.vigil.webui.ComponentHealth;
import dev.vigil.webui.WebServer;
import dev.vigil.webui.dashboard.Dashboard;
import dev.vigil.webui.dashboard.SandboxControls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The composition root: reads the config, starts the web server, a sandbox cluster where one is
 * configured, one {@link ClusterMonitor} per cluster, the SLO signals and the summary log, and runs
 * until SIGTERM or Ctrl-C. Everything is wired here with plain constructors.
 */
public final class Vigil {

    private static final Logger log = LoggerFactory.getLogger(Vigil.class);
    private static final Logger summary = LoggerFactory.getLogger("vigil.summary");
    private static final Duration SHUTDOWN_BUDGET = Duration.ofSeconds(8);

    private final VigilConfig config;
    private final MicroClock clock = MicroClock.system();
    private final MetricRegistry registry = new MetricRegistry();
    /** Runs every periodic task of every part: one failure turns its cluster, or all of them, FAILED. */
    private final TaskGuard guard = new TaskGuard(registry);
    // Written by start() on the main thread, read by stop() on the shutdown hook's thread.
    private final Map<String, SandboxCluster> sandboxes = new ConcurrentHashMap<>();
    private final List<ClusterMonitor> monitors = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-summary");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final HeapBudget heap;
    private final SloReporter slo;
    private final JmxReporter jmx;
    private final Dashboard dashboard;
    private final WebServer web;

    Vigil(VigilConfig config) {
        this.config = config;
        this.heap = new HeapBudget(config, Runtime.getRuntime().maxMemory());
        this.slo = new SloReporter(registry, config.slo(), clock, guard);
        this.jmx = new JmxReporter(registry, ManagementFactory.getPlatformMBeanServer(), clock, config.xinfraCompat());
        LatencyBuckets buckets = new LatencyBuckets(config.slo().e2eP99().toNanos() / 1e9);
        this.dashboard = new Dashboard(new MonitorReports(config.clusters().stream().map(ClusterConfig::name).toList(),
                this::monitor, this::sandboxControls, clock), clock, guard, config.labels());
        SelfMetrics self = SelfMetrics.of(BuildInfo.vigilVersion(), BuildInfo.kafkaClientsVersion(),
                config.labels().metricLabels());
        this.web = new WebServer(config.http(), new PrometheusExporter(registry, clock, buckets, config.partitionHistograms(), self),
                this::health, dashboard);
    }

    private static final String USAGE = "usage: vigil [config-file]   (default config/vigil.json)\n"
            + "       vigil --check-config config-file   (validate it and exit: 0 valid, 2 not)";

    public static void main(String[] args) {
        boolean checkOnly = args.length == 2 && args[0].equals("--check-config");
        String file = checkOnly ? args[1] : args.length > 0 ? args[0] : "config/vigil.json";
        if ((!checkOnly && args.length > 1) || file.startsWith("-")) {
            System.err.println(USAGE);
            System.exit(2);
        }
        VigilConfig config;
        try {
            config = ConfigLoader.load(Path.of(file));
        } catch (ConfigException e) {
            System.err.println("vigil: " + e.getMessage());
            System.exit(2);
            return;
        }
        // The sizes a config implies, against this JVM's heap (bin/vigil-start.sh gives --check-config the
        // same VIGIL_JAVA_OPTS as a run); topic management checks again with the brokers it finds.
        Optional<String> tooLarge = new HeapBudget(config, Runtime.getRuntime().maxMemory()).check();
        if (tooLarge.isPresent()) {
            System.err.println("vigil: " + tooLarge.get());
            System.exit(2);
            return;
        }
        if (checkOnly) {
            System.out.println("vigil: " + file + " is valid: " + describe(config));
            return;
        }
        Vigil vigil = new Vigil(config);
        Runtime.getRuntime().addShutdownHook(new Thread(vigil::stop, "vigil-shutdown"));
        try {
            vigil.start();
        } catch (RuntimeException e) {
            log.error("vigil could not start: {}", e.getMessage());
            vigil.stop();
            System.exit(1);
        }
        vigil.awaitStop();
    }

    /** One line: the clusters and where the web server listens, without client properties (secrets). */
    static String describe(VigilConfig config) {
        List<String> clusters = config.clusters().stream().map(c -> c.name() + " (" + c.bootstrapServers()
                .orElseGet(() -> "sandbox of " + c.sandbox().orElseThrow().brokers() + " brokers") + ")").toList();
        return clusters.size() + (clusters.size() == 1 ? " cluster " : " clusters ") + String.join(", ", clusters)
                + "; web server on " + (config.http().security().tls() ? "https" : "http") + "://"
                + config.http().host() + ":" + config.http().port()
                + (config.http().exposedInsecurely() ? ", reachable from other hosts " + config.http().missingProtection()
                        + " (" + HttpConfig.Keys.INSECURE_EXPOSE + ")" : "");
    }

    /**
     * Starts everything. A SIGTERM meanwhile is not held up by a sandbox still starting: each part
     * joins its list once started, and start() stops it itself if a stop came meanwhile, so
     * whichever of the two runs second stops it (stopping twice is harmless).
     */
    void start() {
        web.start(); // first: a port in use fails before a sandbox is started, and /health answers meanwhile
        dashboard.start();
        jmx.start();
        slo.start();
        // Every cluster's servers first: a mirror probe reads a cluster that may come later in the list.
        Map<String, String> bootstraps = new java.util.HashMap<>();
        for (ClusterConfig cluster : config.clusters()) {
            if (stopping.get()) {
                return;
            }
            bootstraps.put(cluster.name(), cluster.bootstrapServers().orElseGet(() -> startSandbox(cluster)));
        }
        for (ClusterConfig cluster : config.clusters()) {
            if (stopping.get()) {
                return;
            }
            String bootstrap = bootstraps.get(cluster.name());
            MirrorTarget mirror = cluster.mirror().map(m -> new MirrorTarget(config.clusters().stream()
                    .filter(c -> c.name().equals(m.to())).findFirst().orElseThrow(), bootstraps.get(m.to())))
                    .orElse(null);
            ClusterMonitor monitor = new ClusterMonitor(cluster, bootstrap, mirror, clock, registry,
                    config.partitionHistograms(), guard, heap);
            monitor.start();
            monitors.add(monitor);
            if (stopping.get()) {
                monitor.stop(); // stop() may have gone through the list before this one joined it
                return;
            }
            log.info("cluster={} monitoring {}{}", cluster.name(), bootstrap, cluster.isSandbox() ? " (sandbox)" : "");
        }
        long every = config.summaryInterval().toMillis();
        try {
            reporter.scheduleAtFixedRate(guard.guard("summary", this::logSummaries), every, every, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopped while starting
        }
    }

    private String startSandbox(ClusterConfig cluster) {
        int brokers = cluster.sandbox().orElseThrow().brokers();
        log.info("cluster={} starting a sandbox Kafka cluster: 1 KRaft controller + {} brokers", cluster.name(), brokers);
        SandboxCluster sandbox = SandboxCluster.start(brokers);
        sandboxes.put(cluster.name(), sandbox);
        if (stopping.get()) {
            sandbox.close(); // stop() may have closed the sandboxes before this one joined them
        }
        return sandbox.bootstrapServers();
    }

    /** Every configured cluster, those not started yet as STARTING (or FAILED, if a process-wide task failed). */
    List<ComponentHealth> health() {
        List<ComponentHealth> out = new ArrayList<>();
        for (ClusterConfig cluster : config.clusters()) {
            ClusterMonitor monitor = monitor(cluster.name()).orElse(null);
            if (monitor == null) {
                Optional<TaskGuard.Failure> failure = guard.failureAffecting(cluster.name());
                out.add(failure.isPresent()
                        ? new ComponentHealth(cluster.name(), false, false, "FAILED", failure.get().reason())
                        : new ComponentHealth(cluster.name(), !stopping.get(), false, "STARTING",
                                cluster.isSandbox() ? "starting the sandbox cluster" : "starting"));
                continue;
            }
            ClusterMonitor.Status status = monitor.status();
            boolean live = status != ClusterMonitor.Status.FAILED && status != ClusterMonitor.Status.STOPPED;
            // Stale: running, but no longer judging some kind of verdict; its numbers would look current.
            List<String> stale = monitor.staleVerdicts().stream().map(VerdictFreshness.Age::describe).toList();
            out.add(new ComponentHealth(cluster.name(), live, status == ClusterMonitor.Status.RUNNING && stale.isEmpty(),
                    status.name(), stale.isEmpty() ? monitor.reason() : String.join("; ", stale)));
        }
        return out;
    }

    private Optional<ClusterMonitor> monitor(String cluster) {
        return monitors.stream().filter(m -> m.name().equals(cluster)).findFirst();
    }

    private Optional<SandboxControls> sandboxControls(String cluster) {
        return Optional.ofNullable(sandboxes.get(cluster)).map(SandboxPanel::new);
    }

    private void logSummaries() {
        for (ClusterMonitor monitor : monitors) {
            summary.info(SummaryLine.of(monitor));
        }
    }

    /** Stops monitors, then sandboxes, within the shutdown budget; safe to call twice. */
    void stop() {
        if (!stopping.compareAndSet(false, true)) {
            awaitStop();
            return;
        }
        stopMonitorsAndSandboxes();
        log.info("vigil stopped");
        stopped.countDown();
    }

    private void stopMonitorsAndSandboxes() {
        long deadline = System.nanoTime() + SHUTDOWN_BUDGET.toNanos();
        reporter.shutdownNow();
        dashboard.close();
        slo.close();
        monitors.forEach(ClusterMonitor::stop);
        for (ClusterMonitor monitor : monitors) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!monitor.awaitShutdown(Duration.ofNanos(left))) {
                    log.warn("cluster={} did not stop in time", monitor.name());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        jmx.stop(); // after the monitors, which unregister their scopes; this removes whatever is left
        web.stop(); // after the monitors, so /health says STOPPED rather than refusing while they stop
        sandboxes.values().forEach(SandboxCluster::close);
    }

    private void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    MetricRegistry registry() {
        return registry;
    }

    TaskGuard guard() {
        return guard;
    }

    List<ClusterMonitor> monitors() {
        return monitors;
    }

    int httpPort() {
        return web.port();
    }
}
