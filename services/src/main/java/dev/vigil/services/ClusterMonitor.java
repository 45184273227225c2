package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.MirrorConfig;
import dev.vigil.core.memory.HeapBudget;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.service.Service;
import dev.vigil.core.service.TaskGuard;
import dev.vigil.core.stats.ClusterSnapshot;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.stats.MirrorStats;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.probe.ForgedRecords;
import dev.vigil.services.probe.ProbeErrors;
import dev.vigil.services.state.ClusterState;
import dev.vigil.services.topic.TopicManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Monitors one cluster: makes sure the monitor topic exists, then runs the produce and consume
 * probes over shared ledgers, finalizes their verdicts on a timer and registers the metrics. A
 * second timer runs the cluster-state probe (see {@link ClusterStateObserver}). The
 * {@link OptionalProbe}s the config switches on run beside them: the offset-commit probe, unless
 * switched off, commits as Vigil's own group on a thread of its own; the controller probe, when
 * switched on, creates and deletes short-lived topics on another. When the cluster's topic is
 * mirrored to another cluster, the mirror probe reads the copy there with a consumer of that
 * cluster's and judges it against a second, mirror ledger per partition fed by the same sends.
 *
 * <p>An unreachable cluster is not an error: the monitor reports {@link Status#UNREACHABLE} with
 * the reason in one log line, availability 0, and retries with exponential backoff (1 s up to
 * 30 s) until it gets through or is stopped (see {@link ClusterConnection}).
 *
 * <p>Every timer task and the connecting thread run under the {@link TaskGuard}: an unexpected
 * error in one, or a probe thread that dies, turns the monitor {@link Status#FAILED} with the task
 * and error as the reason, never a silently cancelled task behind numbers that look current.
 */
public final class ClusterMonitor implements Service {

    /** FAILED: a probe thread died or a periodic task threw (a Vigil bug, not a cluster fault); see the log. */
    public enum Status { STARTING, UNREACHABLE, RUNNING, FAILED, STOPPED }

    private static final Logger log = LoggerFactory.getLogger(ClusterMonitor.class);
    /** How often {@link #harvestAndWatch} runs. */
    static final long HARVEST_PERIOD_MS = 1_000;

    private final ClusterConfig config;
    private final MicroClock clock;
    /** Across probe restarts (each has a new session and key), so the count only grows. */
    private final ForgedRecords forged;
    private final TaskGuard guard;
    private final ClusterStats stats;
    private final OptionalProbes optionalProbes;
    private final ClusterReadings readings;
    private final ProbeErrors errors = new ProbeErrors();
    private final ProbeWiring wiring;
    private final MonitorScopes scopes;
    private final ClusterStateObserver observer;
    private final ProduceTransitionLogs transitions;
    private final ClusterFreshness freshness;
    private final ClusterConnection connection;
    /** Held while the clients are handed over and while a stop takes the probes they started. */
    private final Object lock = new Object();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final GuardedTimer timer;

    private final AtomicBoolean running = new AtomicBoolean();
    private final MonitorStatus status;
    /** Null until connected. */
    private volatile ProbeSession session;
    /** When harvestAndWatch last finished. */
    private volatile long lastHarvestMicros;

    /** A cluster whose topic is not mirrored (its config has no {@code mirror}), without per-partition histograms. */
    public ClusterMonitor(ClusterConfig config, String bootstrapServers, MicroClock clock, MetricRegistry registry) {
        this(config, bootstrapServers, null, clock, registry, false);
    }

    /**
     * A monitor with a task guard and a heap budget of its own (the process's are shared by every cluster:
     * see {@link TaskGuard} and {@link HeapBudget}).
     */
    public ClusterMonitor(ClusterConfig config, String bootstrapServers, MirrorTarget mirrorTarget, MicroClock clock,
                          MetricRegistry registry, boolean partitionHistograms) {
        this(config, bootstrapServers, mirrorTarget, clock, registry, partitionHistograms, new TaskGuard(registry),
                HeapBudget.forCluster(config, partitionHistograms));
    }

    /**
     * @param mirrorTarget        the cluster named by the config's {@code mirror.to}; null if and only if the
     *                            config has no mirror
     * @param partitionHistograms whether partition scopes offer latency histograms since start
     *                            ({@code prometheus.partition.histograms}); kept only then, as they cost memory
     * @param guard               runs the timers' tasks; its failures (this cluster's or process-wide) make the
     *                            monitor FAILED
     * @param heap                what the process's clusters may take of the heap, checked before the topic is
     *                            created or grown
     */
    public ClusterMonitor(ClusterConfig config, String bootstrapServers, MirrorTarget mirrorTarget, MicroClock clock,
                          MetricRegistry registry, boolean partitionHistograms, TaskGuard guard, HeapBudget heap) {
        this.config = config;
        this.clock = clock;
        this.forged = new ForgedRecords(config.name(), clock);
        this.optionalProbes = OptionalProbes.of(config, mirrorTarget, clock, forged);
        this.guard = guard;
        this.status = new MonitorStatus(guard, config.name());
        this.stats = new ClusterStats(config.name(), config.probe().window().toMillis() * 1_000L,
                config.probe().windowSlices(), partitionHistograms);
        this.readings = new ClusterReadings(config.name(), stats, forged, new OutageWatch(stats, errors, config.probe(),
                optionalProbes.connectionCheckStats()), optionalProbes);
        this.scopes = new MonitorScopes(registry, config.name(), config.topic().name());
        this.observer = new ClusterStateObserver(config, bootstrapServers, clock, guard, running::get);
        this.timer = new GuardedTimer("vigil-finalizer-" + config.name(), guard, config.name());
        this.transitions = new ProduceTransitionLogs(config, clock, observer, timer);
        this.wiring = new ProbeWiring(config, clock, stats, optionalProbes, forged, errors, transitions.sendErrors());
        this.freshness = new ClusterFreshness(config, clock);
        this.connection = new ClusterConnection(config, bootstrapServers, heap, optionalProbes.all(), guard, lock,
                running::get, status::unreachable, this::startProbes);
    }

    public String name() {
        return config.name();
    }

    @Override
    public synchronized void start() {
        running.set(true);
        scopes.cluster(this::reading, stats, optionalProbes.all());
        connection.start();
    }

    @Override
    public void stop() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        connection.interrupt();
        Thread closer = new Thread(this::shutdown, "vigil-stop-" + config.name());
        closer.setDaemon(true);
        closer.start();
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    @Override
    public boolean awaitShutdown(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The cluster's numbers as of the latest harvest (once a second while probing), the one reading every
     * output shows. A monitor that is not probing (starting, unreachable, failed, stopped: its harvest may
     * not run) or has not harvested yet makes one now, with its status now.
     */
    public ClusterReading reading() {
        return readings.latest(clock.nowMicros(), moment());
    }

    /** The numbers by partition and by broker now, for readers that need more than the {@link #reading}. */
    public ClusterSnapshot snapshot() {
        return stats.snapshot(clock.nowMicros());
    }

    /** A reading made now, whatever the latest harvest's: {@link #reading} when no harvest runs, and tests. */
    ClusterReading readNow() {
        return readings.read(clock.nowMicros(), moment());
    }

    private ClusterReadings.Moment moment() {
        return new ClusterReadings.Moment(status(), reason(), session, observer.state().orElse(null),
                observer.reachable());
    }

    /** The status; FAILED from a guarded task's failure on, whatever the probes' own status. */
    public Status status() {
        return status.status();
    }

    /**
     * The kinds of verdict past their bound while the monitor runs (empty otherwise): it has
     * stopped judging them, so its numbers for them are stale. See {@link ClusterFreshness}.
     */
    public List<VerdictFreshness.Age> staleVerdicts() {
        return status() == Status.RUNNING ? freshness.stale(clock.nowMicros()) : List.of();
    }

    /** One line saying why the status is what it is. */
    public String reason() {
        return status.reason();
    }

    public ProbeErrors errors() {
        return errors;
    }

    /** The probe numbers, for readers that need more than {@link #reading}: per-broker latency, recent events. */
    public ClusterStats stats() {
        return stats;
    }

    /** The mirror probe's numbers; empty when the cluster is not mirrored. */
    public Optional<MirrorStats> mirrorStats() {
        return optionalProbes.mirrorStats();
    }

    /** Where the topic is mirrored to and under which name; empty when the cluster is not mirrored. */
    public Optional<MirrorConfig> mirror() {
        return config.mirror();
    }

    /** The latest cluster-state observation; empty until the first one succeeds. */
    public Optional<ClusterState> clusterState() {
        return observer.state();
    }

    /** False while the cluster-state probe's Admin calls fail (its last observation is then stale). */
    public boolean clusterStateReachable() {
        return observer.reachable();
    }

    public String topic() {
        return config.topic().name();
    }

    /** Called by the connection under {@link #lock} with the clients just handed over. */
    private void startProbes(ClusterConnection.Clients clients, TopicManager manager, int partitions) {
        session = wiring.start(clients, manager, partitions, timer);
        freshness.start(stats, optionalProbes.all(), () -> lastHarvestMicros, observer::lastObservationMicros, scopes);
        timer.atFixedRate("harvest", HARVEST_PERIOD_MS, this::harvestAndWatch);
        observer.start(clients.admin(), manager, session.targets());
        status.probing();
        log.info("cluster={} probing {} partitions of topic {} every {} ms", config.name(), partitions,
                config.topic().name(), config.probe().interval().toMillis());
    }

    private void harvestAndWatch() {
        long now = clock.nowMicros();
        stats.harvestDue(now, HARVEST_PERIOD_MS * 1_000L);
        optionalProbes.all().forEach(p -> p.stats().harvest(now));
        ProbeSession s = session;
        stats.forEachPartition((p, scope) -> {
            scopes.partition(p, scope);
            transitions.produceVerdicts(p, scope.consecutiveProduceFailures(), s.produce());
        });
        scopes.brokers(stats, optionalProbes.all());
        scopes.brokerErrors(errors);
        ClusterReading harvested = readings.harvested(clock.nowMicros(), moment());
        harvested.consumerLag().ifPresent(lag -> scopes.consumerGroups(lag, config.lag().partitionMetrics(),
                this::reading));
        lastHarvestMicros = clock.nowMicros();
        if (running.get() && status.isProbing()) {
            s.watch(guard, config.name());
        }
    }

    /**
     * Stops the probes and closes every client, each step on its own so one failure cannot leak
     * the rest. The producer is closed first: that also releases a send blocked on metadata.
     */
    private void shutdown() {
        try {
            ProbeSession s;
            synchronized (lock) { // after this, the connection sees running == false and starts nothing
                timer.stop();
                observer.stop();
                s = session;
            }
            if (s != null) {
                s.stop();
            }
            connection.closeProducer();
            if (s != null) {
                s.awaitShutdown(Duration.ofSeconds(2));
            }
            connection.awaitConnectingThread(Duration.ofSeconds(2));
            // The timer that flushed the groups is gone: log what the last period folded, so every transition is counted.
            transitions.flush();
            connection.closeOthers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            scopes.unregisterAll();
            guard.release(config.name());
            status.stopped();
            stopped.countDown();
        }
    }
}
