package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.memory.HeapBudget;
import dev.vigil.core.metrics.MetricHistogram;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.MetricSource;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.service.Service;
import dev.vigil.core.service.TaskGuard;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.stats.ControllerProbeStats;
import dev.vigil.core.stats.MirrorStats;
import dev.vigil.core.stats.OffsetCommitStats;
import dev.vigil.core.stats.ScopeMetrics;
import dev.vigil.core.stats.ScopeSource;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.kafka.AccessHints;
import dev.vigil.services.kafka.KafkaClients;
import dev.vigil.services.probe.ConsumeProbe;
import dev.vigil.services.probe.ForgedRecords;
import dev.vigil.services.probe.ControllerProbe;
import dev.vigil.services.probe.MirrorProbe;
import dev.vigil.services.probe.OffsetCommitProbe;
import dev.vigil.services.probe.PartitionTransitionLog;
import dev.vigil.services.probe.ProbeErrors;
import dev.vigil.services.probe.ProbeLedgers;
import dev.vigil.services.probe.ProbeTargets;
import dev.vigil.services.probe.ProduceProbe;
import dev.vigil.services.state.ClusterState;
import dev.vigil.services.state.ClusterStateMetrics;
import dev.vigil.services.state.ClusterStateProbe;
import dev.vigil.services.state.PartitionState;
import dev.vigil.services.topic.TopicManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Monitors one cluster: makes sure the monitor topic exists, then runs the produce and consume
 * probes over shared ledgers, finalizes their verdicts on a timer and registers the metrics. A
 * second timer runs the cluster-state probe every {@code cluster.state.interval.ms} and hands each
 * observation to the topic manager (which makes the topic follow the cluster) and to the probes
 * (which pick up partitions added meanwhile). The offset-commit probe, unless switched off, commits
 * as Vigil's own group on a thread of its own; the controller probe, when switched on, creates and
 * deletes short-lived topics on another. When the cluster's topic is mirrored to another cluster, the
 * mirror probe reads the copy there with a consumer of that cluster's and judges it against a second,
 * mirror ledger per partition fed by the same sends.
 *
 * <p>An unreachable cluster is not an error: the monitor reports {@link Status#UNREACHABLE} with
 * the reason in one log line, availability 0, and retries with exponential backoff (1 s up to
 * 30 s) until it gets through or is stopped.
 *
 * <p>Every timer task and the connecting thread run under the {@link TaskGuard}: an unexpected
 * error in one, or a probe thread that dies, turns the monitor {@link Status#FAILED} with the task
 * and error as the reason, never a silently cancelled task behind numbers that look current.
 */
public final class ClusterMonitor implements Service {

    /** FAILED: a probe thread died or a periodic task threw (a Vigil bug, not a cluster fault); see the log. */
    public enum Status { STARTING, UNREACHABLE, RUNNING, FAILED, STOPPED }

    private static final Logger log = LoggerFactory.getLogger(ClusterMonitor.class);
    private static final long MAX_BACKOFF_MS = 30_000;
    /** How often {@link #harvestAndWatch} runs. */
    private static final long HARVEST_PERIOD_MS = 1_000;

    private final ClusterConfig config;
    private final String bootstrapServers;
    private final KafkaClients clients;
    private final MicroClock clock;
    /** Across probe restarts (each has a new session and key), so the count only grows. */
    private final ForgedRecords forged;
    private final MetricRegistry registry;
    private final TaskGuard guard;
    private final ClusterStats stats;
    /** Null when the offset-commit probe is off. */
    private final OffsetCommitStats commitStats;
    /** Null when the controller probe is off. */
    private final ControllerProbeStats controllerStats;
    /** Both null when the cluster is not mirrored. */
    private final MirrorTarget mirrorTarget;
    private final MirrorStats mirrorStats;
    private final ProbeErrors errors = new ProbeErrors();
    private final Set<MetricScope> registered = ConcurrentHashMap.newKeySet();
    /** Touched only on the timer thread. */
    private final Set<Integer> failingPartitions = new java.util.HashSet<>();
    /** Partitions whose scope is registered; touched only on the timer thread. */
    private final Set<Integer> partitionScopes = new java.util.HashSet<>();
    /** The verdicts' failing and succeed-again lines, grouped when many partitions change at once. */
    private final PartitionTransitionLog verdictTransitions;
    /** The produce probe's send-error lines; here so that they outlive a reconnect and the timer flushes them. */
    private final PartitionTransitionLog sendErrorTransitions;
    private final Thread starter;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ScheduledExecutorService timer;
    /** Admin calls can take seconds: on their own thread, so they never delay verdicts. */
    private final ScheduledExecutorService stateTimer;

    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Status status = Status.STARTING;
    private volatile String reason = "connecting";
    private volatile ProduceProbe produce;
    private volatile ConsumeProbe consume;
    private volatile OffsetCommitProbe commit;
    private volatile ControllerProbe controller;
    private volatile MirrorProbe mirror;
    private volatile TopicManager topicManager;
    private final HeapBudget heap;
    private volatile ClusterState lastState;
    /** False while the cluster-state probe cannot reach the cluster. */
    private volatile boolean stateReachable = true;
    private final VerdictFreshness freshness = new VerdictFreshness();
    /** When harvestAndWatch last finished, and the cluster-state probe last finished an observation (good or not). */
    private volatile long lastHarvestMicros;
    private volatile long lastObservationMicros;
    private Admin admin;
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> consumer;
    private KafkaConsumer<byte[], byte[]> commitConsumer;
    private KafkaConsumer<byte[], byte[]> mirrorConsumer;

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
        if (config.mirror().isPresent() != (mirrorTarget != null)
                || (mirrorTarget != null && !mirrorTarget.cluster().name().equals(config.mirror().get().to()))) {
            throw new IllegalArgumentException("cluster " + config.name() + " mirrors to " + config.mirror()
                    .map(m -> m.to()).orElse("nothing") + " but was given target " + mirrorTarget);
        }
        this.config = config;
        this.heap = heap;
        this.bootstrapServers = bootstrapServers;
        this.clients = new KafkaClients(config, bootstrapServers);
        this.clock = clock;
        this.forged = new ForgedRecords(config.name(), clock);
        this.registry = registry;
        this.guard = guard;
        this.verdictTransitions = new PartitionTransitionLog(log, clock, config.name(), config.topic().name(),
                PartitionTransitionLog.VERDICTS);
        this.sendErrorTransitions = new PartitionTransitionLog(LoggerFactory.getLogger(ProduceProbe.class), clock,
                config.name(), config.topic().name(), PartitionTransitionLog.SEND_ERRORS);
        this.stats = new ClusterStats(config.name(), config.probe().window().toMillis() * 1_000L,
                config.probe().windowSlices(), partitionHistograms);
        this.commitStats = config.offsetCommit().enabled()
                ? new OffsetCommitStats(config.probe().window().toMillis() * 1_000L, config.probe().windowSlices())
                : null;
        this.controllerStats = config.controller().enabled()
                ? new ControllerProbeStats(config.probe().window().toMillis() * 1_000L, config.probe().windowSlices())
                : null;
        this.mirrorTarget = mirrorTarget;
        this.mirrorStats = mirrorTarget != null
                ? new MirrorStats(config.probe().window().toMillis() * 1_000L, config.probe().windowSlices())
                : null;
        this.starter = new Thread(guard.guard(config.name(), "connect", this::connectAndProbe),
                "vigil-monitor-" + config.name());
        this.starter.setDaemon(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-finalizer-" + config.name());
            t.setDaemon(true);
            return t;
        });
        this.stateTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-state-" + config.name());
            t.setDaemon(true);
            return t;
        });
    }

    public String name() {
        return config.name();
    }

    @Override
    public synchronized void start() {
        running.set(true);
        registerScope(MetricScope.cluster(config.name()), new MetricSource() {
            @Override
            public List<MetricValue> values(long nowMicros) {
                return clusterValues(nowMicros);
            }

            @Override
            public List<MetricHistogram> histograms(long nowMicros) {
                List<MetricHistogram> out = new ArrayList<>(ScopeSource.histogramsOf(stats.total(), nowMicros));
                if (commitStats != null) {
                    out.addAll(commitStats.histograms(nowMicros));
                }
                if (controllerStats != null) {
                    out.addAll(controllerStats.histograms(nowMicros));
                }
                if (mirrorStats != null) {
                    out.addAll(mirrorStats.histograms(nowMicros));
                }
                return out;
            }
        });
        starter.start();
    }

    @Override
    public void stop() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        starter.interrupt();
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

    public ClusterView view() {
        long now = clock.nowMicros();
        ProduceProbe p = produce;
        ConsumeProbe c = consume;
        return new ClusterView(config.name(), status(), reason(), p == null ? 0 : p.partitionCount(),
                stats.snapshot(now),
                c == null ? 0 : c.otherRecords().foreign(), c == null ? 0 : c.otherRecords().otherSession(),
                c == null ? 0 : c.truncations());
    }

    /** The status; FAILED from a guarded task's failure on, whatever the probes' own status. */
    public Status status() {
        Status s = status;
        return s != Status.STOPPED && guard.failureAffecting(config.name()).isPresent() ? Status.FAILED : s;
    }

    /**
     * The kinds of verdict past their bound while the monitor runs (empty otherwise): it has
     * stopped judging them, so its numbers for them are stale. See {@link #trackFreshness}.
     */
    public List<VerdictFreshness.Age> staleVerdicts() {
        return status() == Status.RUNNING ? freshness.stale(clock.nowMicros()) : List.of();
    }

    /** One line saying why the status is what it is. */
    public String reason() {
        Status s = status;
        return s == Status.STOPPED ? reason
                : guard.failureAffecting(config.name()).map(TaskGuard.Failure::reason).orElse(reason);
    }

    public ProbeErrors errors() {
        return errors;
    }

    /** The probe numbers, for readers that need more than {@link #view}: per-broker latency, recent events. */
    public ClusterStats stats() {
        return stats;
    }

    /** The mirror probe's numbers; empty when the cluster is not mirrored. */
    public java.util.Optional<MirrorStats> mirrorStats() {
        return java.util.Optional.ofNullable(mirrorStats);
    }

    /** Where the topic is mirrored to and under which name; empty when the cluster is not mirrored. */
    public java.util.Optional<dev.vigil.core.config.MirrorConfig> mirror() {
        return config.mirror();
    }

    /** The latest cluster-state observation; empty until the first one succeeds. */
    public java.util.Optional<ClusterState> clusterState() {
        return java.util.Optional.ofNullable(lastState);
    }

    /** False while the cluster-state probe's Admin calls fail (its last observation is then stale). */
    public boolean clusterStateReachable() {
        return stateReachable;
    }

    public String topic() {
        return config.topic().name();
    }

    /** The offset-commit probe's numbers; empty when {@code offset.commit.probe} is off. */
    public java.util.Optional<OffsetCommitStats> offsetCommitStats() {
        return java.util.Optional.ofNullable(commitStats);
    }

    /** The controller probe's numbers; empty when {@code controller.probe} is off. */
    public java.util.Optional<ControllerProbeStats> controllerProbeStats() {
        return java.util.Optional.ofNullable(controllerStats);
    }

    private void connectAndProbe() {
        long backoffMs = 1_000;
        try {
            while (running.get()) {
                try {
                    connect();
                    return;
                } catch (ExecutionException | RuntimeException e) {
                    if (!running.get()) {
                        return;
                    }
                    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                    String why = describe(cause);
                    if (status != Status.UNREACHABLE || !why.equals(reason)) {
                        log.warn("cluster={} unreachable at {}: {}; retrying with backoff up to {} s",
                                config.name(), bootstrapServers, why, MAX_BACKOFF_MS / 1_000);
                    }
                    reason = why;
                    status = Status.UNREACHABLE;
                    Thread.sleep(backoffMs);
                    backoffMs = Math.min(2 * backoffMs, MAX_BACKOFF_MS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Builds the clients (a bad client property or an unresolvable host fails here) and ensures the
     * topic, outside the lock since both can take seconds; then, under the lock that
     * {@link #shutdown} also takes, either starts the probes or, if a stop came meanwhile, closes
     * the new clients, so no probe or client outlives a stop.
     */
    private void connect() throws ExecutionException, InterruptedException {
        Admin newAdmin = null;
        KafkaProducer<byte[], byte[]> newProducer = null;
        KafkaConsumer<byte[], byte[]> newConsumer = null;
        KafkaConsumer<byte[], byte[]> newCommitConsumer = null;
        KafkaConsumer<byte[], byte[]> newMirrorConsumer = null;
        try {
            newAdmin = clients.admin();
            TopicManager manager = new TopicManager(config.name(), newAdmin, config.topic(), heap);
            int partitions = manager.ensureTopic();
            newProducer = clients.producer();
            newConsumer = clients.consumer();
            if (commitStats != null) {
                newCommitConsumer = clients.commitConsumer(config.offsetCommit().groupId(), config.offsetCommit().sla());
            }
            if (mirrorTarget != null) { // creating it contacts nothing: an unreachable target never holds this cluster up
                newMirrorConsumer = new KafkaClients(mirrorTarget.cluster(), mirrorTarget.bootstrapServers())
                        .mirrorConsumer(config.name());
            }
            synchronized (this) {
                if (running.get()) {
                    admin = newAdmin;
                    producer = newProducer;
                    consumer = newConsumer;
                    commitConsumer = newCommitConsumer;
                    mirrorConsumer = newMirrorConsumer;
                    newMirrorConsumer = null;
                    newAdmin = null;
                    newProducer = null;
                    newConsumer = null;
                    newCommitConsumer = null;
                    topicManager = manager;
                    startProbes(partitions);
                }
            }
        } finally {
            close(newAdmin, newProducer, newConsumer); // whatever was not handed over
            closeConsumer("commit consumer", newCommitConsumer);
            closeConsumer("mirror consumer", newMirrorConsumer);
        }
    }

    private void startProbes(int partitions) {
        long sessionStartMillis = clock.wallMillis(); // on the clock of the records' CreateTime (ProduceProbe)
        ProbeLedgers ledgers = new ProbeLedgers(config.probe(), stats, config.mirror().orElse(null), mirrorStats);
        ProbeTargets targets = new ProbeTargets(partitions);
        consume = new ConsumeProbe(config.name(), config.topic().name(), consumer, ledgers, targets, clock,
                sessionStartMillis, config.probe().lossGrace(), config.probe().interval(), forged);
        produce = new ProduceProbe(config.name(), config.topic().name(), targets, config.probe(), producer, ledgers,
                errors, clock, sendErrorTransitions);
        consume.start();
        produce.start();
        if (commitStats != null) {
            commit = new OffsetCommitProbe(config.name(), config.topic().name(), config.offsetCommit(), commitConsumer,
                    admin, commitStats, clock, config.probe().clusterStateInterval());
            commit.start();
        }
        if (controllerStats != null) {
            controller = new ControllerProbe(config.name(), config.topic().name(), config.controller(), admin,
                    controllerStats, clock);
            controller.start();
        }
        if (mirrorStats != null) {
            mirror = new MirrorProbe(config.name(), mirrorTarget.cluster().name(), config.topic().name(),
                    config.mirror().get().topic(), mirrorConsumer, ledgers, mirrorStats, clock, sessionStartMillis,
                    config.mirror().get().lossGrace(), forged);
            mirror.start();
        }
        trackFreshness(stateTimeoutMs());
        long period = Math.max(50, Math.min(500, config.probe().interval().toMillis() / 4));
        // Consume and loss verdicts wait for the consumer's progress: a stalled consume thread must not read as data loss.
        timer.scheduleAtFixedRate(guarded("finalizer",
                        () -> ledgers.finalizeExpired(clock.nowMicros(), consume::progressMicros)),
                period, period, TimeUnit.MILLISECONDS);
        MirrorProbe m = mirror;
        if (m != null) {
            // Each partition's mirror verdicts wait for the mirror consumer to have read all the target
            // holds where that partition's probes are copied to.
            timer.scheduleAtFixedRate(guarded("mirror-finalizer",
                            () -> ledgers.finalizeMirrors(clock.nowMicros(), m::progressMicros)),
                    period, period, TimeUnit.MILLISECONDS);
        }
        timer.scheduleAtFixedRate(guarded("harvest", this::harvestAndWatch), HARVEST_PERIOD_MS, HARVEST_PERIOD_MS,
                TimeUnit.MILLISECONDS);
        // Whether or not a transition comes: a mass change's grouped lines follow its period's end within a
        // quarter period. Not on the harvest tick: that one falls a hair before the end of the period its own
        // transitions opened, and would log their groups a whole second late.
        long flushMs = PartitionTransitionLog.PERIOD.toMillis() / 4;
        timer.scheduleAtFixedRate(guarded("transition-log", () -> {
            verdictTransitions.flushDue();
            sendErrorTransitions.flushDue();
        }), flushMs, flushMs, TimeUnit.MILLISECONDS);
        long stateMs = config.probe().clusterStateInterval().toMillis();
        ClusterStateProbe stateProbe = new ClusterStateProbe(config.name(), admin, config.topic().name(), clock,
                stateTimeoutMs());
        TopicManager manager = topicManager;
        stateTimer.scheduleWithFixedDelay(guarded("cluster-state", () -> observeCluster(stateProbe, manager, targets)),
                0, stateMs, TimeUnit.MILLISECONDS);
        if (status == Status.UNREACHABLE) {
            log.info("cluster={} reachable again at {}", config.name(), bootstrapServers);
        }
        status = Status.RUNNING;
        reason = "probing";
        log.info("cluster={} probing {} partitions of topic {} every {} ms", config.name(), partitions,
                config.topic().name(), config.probe().interval().toMillis());
    }

    /** A timeout under the cluster-state interval where possible, but never so short that a busy cluster reads as down. */
    private int stateTimeoutMs() {
        return (int) Math.max(3_000, Math.min(config.probe().clusterStateInterval().toMillis(), 10_000));
    }

    /**
     * The bound of each kind of verdict: the longest a healthy monitor goes between two of them
     * (plus {@link VerdictFreshness#ALLOWANCE}). Produce: a probe every interval, final within the ack
     * SLA. Consume and mirror: an acked probe is judged within its SLA plus loss grace (counted from
     * the first ack since the last verdict: with nothing acked there is nothing to judge). Offset
     * commit and controller: a commit or round every interval, final within its SLA. Harvest: every
     * second. Metadata: an observation every cluster-state interval, of four Admin calls of at most
     * {@code stateTimeoutMs} each. Two intervals everywhere, so one late run is not staleness.
     */
    private void trackFreshness(int stateTimeoutMs) {
        Duration interval = config.probe().interval();
        Duration twoIntervals = interval.multipliedBy(2);
        freshness.track("produce", stats::lastProduceVerdictMicros, config.probe().produceAckSla().plus(twoIntervals));
        freshness.track("consume", () -> awaited(stats.consumeVerdict()),
                config.probe().e2eSla().plus(config.probe().lossGrace()).plus(twoIntervals));
        if (commitStats != null) {
            freshness.track("offset_commit", commitStats::lastCommitMicros,
                    config.offsetCommit().sla().plus(config.offsetCommit().interval().multipliedBy(2)));
        }
        if (controllerStats != null) {
            freshness.track("controller", controllerStats::lastRoundMicros,
                    config.controller().sla().plus(config.controller().interval().multipliedBy(2)));
        }
        if (mirrorStats != null) {
            freshness.track("mirror", () -> awaited(mirrorStats.verdict()),
                    config.mirror().get().sla().plus(config.mirror().get().lossGrace()).plus(twoIntervals));
        }
        freshness.track("harvest", () -> lastHarvestMicros, Duration.ofMillis(2 * HARVEST_PERIOD_MS));
        freshness.track("metadata", () -> lastObservationMicros,
                config.probe().clusterStateInterval().multipliedBy(2).plus(Duration.ofMillis(4L * stateTimeoutMs)));
        long now = clock.nowMicros();
        freshness.started(now);
        for (VerdictFreshness.Age kind : freshness.ages(now)) {
            registerScope(MetricScope.verdict(config.name(), kind.kind()), at -> {
                VerdictFreshness.Age age = freshness.age(kind.kind(), at);
                return List.of(
                        MonitorMetrics.VERDICT_AGE.value(age.ageMicros()),
                        MonitorMetrics.VERDICT_AGE_BOUND.value(age.boundMicros()));
            });
        }
    }

    /**
     * A wait for a verdict as a "newest verdict" time for {@link VerdictFreshness}: while one is
     * awaited, the time it began; while none is, now (nothing is overdue).
     */
    private long awaited(dev.vigil.core.stats.AwaitedVerdict verdict) {
        long since = verdict.sinceMicros();
        return since == 0 ? clock.nowMicros() : since;
    }

    /** One cluster-state observation, handed to the probes and the topic manager. */
    private void observeCluster(ClusterStateProbe stateProbe, TopicManager manager, ProbeTargets targets) {
        try {
            observeClusterOnce(stateProbe, manager, targets);
        } finally {
            lastObservationMicros = clock.nowMicros();
        }
    }

    private void observeClusterOnce(ClusterStateProbe stateProbe, TopicManager manager, ProbeTargets targets) {
        ClusterState state;
        try {
            state = stateProbe.observe();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | RuntimeException e) {
            if (running.get() && stateReachable) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                log.warn("cluster={} cluster state unavailable at {}: {}; reachable=0 until it answers again",
                        config.name(), bootstrapServers, describe(cause));
            }
            stateReachable = false;
            return;
        }
        if (!stateReachable) {
            log.info("cluster={} cluster state available again ({} of {} brokers online)", config.name(),
                    state.brokersOnline(), state.brokers().size());
        }
        stateReachable = true;
        lastState = state;
        targets.observed(state.partitions().size(), state.leaders());
        try {
            manager.reconcile(state);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("cluster={} topic management step failed: {}", config.name(), describe(e));
        }
    }

    private void harvestAndWatch() {
        long now = clock.nowMicros();
        // Not every scope every second (20,000 recorder swaps a second at 10,000 partitions): harvesting on
        // the last two calls of each slice files every value in the same slice (and reads harvest first).
        stats.harvestDue(now, HARVEST_PERIOD_MS * 1_000L);
        if (commitStats != null) {
            commitStats.harvest(now);
        }
        if (controllerStats != null) {
            controllerStats.harvest(now);
        }
        if (mirrorStats != null) {
            mirrorStats.harvest(now);
        }
        stats.forEachPartition((p, scope) -> {
            // Checked by number: building every partition's scope each second to look it up cost
            // 10,000 label maps a second at 10,000 partitions.
            if (partitionScopes.add(p)) {
                registerScope(MetricScope.partition(config.name(), config.topic().name(), p), new ScopeSource(scope));
            }
            logProduceTransition(p, scope.consecutiveProduceFailures());
        });
        java.util.Set<Integer> brokers = new java.util.TreeSet<>(stats.brokerIds());
        if (commitStats != null) {
            brokers.addAll(commitStats.brokerIds());
        }
        if (controllerStats != null) {
            brokers.addAll(controllerStats.brokerIds());
        }
        for (int b : brokers) {
            registerScope(MetricScope.broker(config.name(), b), new BrokerSource(b, stats, commitStats, controllerStats));
        }
        errors.forEachCounted((b, error) ->
                registerScope(MetricScope.brokerError(config.name(), b, error), at -> errors.values(b, error)));
        lastHarvestMicros = clock.nowMicros();
        if (running.get() && status == Status.RUNNING) {
            watchProbe("produce", produce);
            watchProbe("consume", consume);
            watchProbe("offset-commit", commit);
            watchProbe("controller", controller);
            watchProbe("mirror", mirror);
        }
    }

    /** A probe's thread that ended while the monitor runs is a Vigil bug: the guard fails the cluster, once. */
    private void watchProbe(String kind, Service probe) {
        String task = kind + "-probe";
        if (probe != null && !probe.isRunning() && guard.errors(config.name(), task) == 0) {
            guard.failed(config.name(), task, new IllegalStateException(kind + " probe stopped unexpectedly"
                    + " (its thread logged why); its numbers are frozen until Vigil is restarted"));
        }
    }

    private Runnable guarded(String task, Runnable body) {
        return guard.guard(config.name(), task, body);
    }

    /**
     * One line when a partition's produce probes start failing (whatever the cause) and one when they
     * recover; when many partitions change at once, one line per leader and error instead (see
     * {@link PartitionTransitionLog}). The failing line names the partition's leader, ISR size and last
     * send error as the latest cluster-state observation and the producer saw them, so it points at a broker.
     */
    private void logProduceTransition(int partition, int consecutiveFailures) {
        if (consecutiveFailures > 0 && failingPartitions.add(partition)) {
            ClusterState state = lastState;
            java.util.Optional<PartitionState> p = state == null ? java.util.Optional.empty() : state.partition(partition);
            String leader = p.map(s -> s.offline() ? "none" : Integer.toString(s.leader())).orElse("unknown");
            String isr = p.map(s -> s.isr().size() + "/" + s.replicas().size()).orElse("unknown");
            ProduceProbe probe = produce;
            String lastError = probe == null ? "none" : probe.lastError(partition);
            verdictTransitions.failing(partition, leader, lastError, "isr=" + isr + " last_error=" + lastError,
                    consecutiveFailures + " in a row not acked within " + config.probe().produceAckSla().toMillis()
                            + " ms");
        } else if (consecutiveFailures == 0 && failingPartitions.remove(partition)) {
            verdictTransitions.recovered(partition, null);
        }
    }

    private List<MetricValue> clusterValues(long now) {
        ClusterView view = view();
        List<MetricValue> values = new ArrayList<>(ScopeMetrics.of(view.snapshot().total(),
                view.produceAvailability(), view.consumeAvailability()));
        values.add(MonitorMetrics.PARTITIONS.value(view.partitions()));
        values.add(MonitorMetrics.WORST_PARTITION_PRODUCE_AVAILABILITY.value(
                view.snapshot().worstPartitionProduceAvailability()));
        values.add(MonitorMetrics.WORST_BROKER_PRODUCE_AVAILABILITY.value(view.snapshot().worstBrokerProduceAvailability()));
        values.add(MonitorMetrics.REACHABLE.value(view.status() == Status.UNREACHABLE || !stateReachable ? 0 : 1));
        values.add(MonitorMetrics.FOREIGN_RECORDS.value(view.foreignRecords()));
        values.add(MonitorMetrics.OTHER_SESSION_RECORDS.value(view.otherSessionRecords()));
        values.add(MonitorMetrics.TRUNCATIONS.value(view.truncations()));
        values.add(MonitorMetrics.FORGED_RECORDS.value(forged.total()));
        ProduceProbe probe = produce;
        values.add(MonitorMetrics.PROBES_BEHIND_SCHEDULE.value(probe == null ? 0 : probe.behindSchedule()));
        values.addAll(ClusterStateMetrics.values(lastState, stateReachable));
        if (commitStats != null) {
            values.addAll(commitStats.clusterValues(now));
        }
        if (controllerStats != null) {
            values.addAll(controllerStats.values(now));
        }
        if (mirrorStats != null) {
            values.addAll(mirrorStats.values(now));
        }
        TopicManager manager = topicManager;
        if (manager != null) {
            values.addAll(manager.values());
        }
        return values;
    }

    private void registerScope(MetricScope scope, MetricSource source) {
        if (registered.add(scope)) {
            registry.register(scope, source);
        }
    }

    /**
     * Stops the probes and closes every client, each step on its own so one failure cannot leak
     * the rest. The producer is closed first: that also releases a send blocked on metadata.
     */
    private void shutdown() {
        try {
            ProduceProbe p;
            ConsumeProbe c;
            OffsetCommitProbe oc;
            ControllerProbe cp;
            MirrorProbe mp;
            synchronized (this) { // after this, connect() sees running == false and starts nothing
                timer.shutdownNow();
                stateTimer.shutdownNow();
                p = produce;
                c = consume;
                oc = commit;
                cp = controller;
                mp = mirror;
            }
            if (mp != null) {
                mp.stop();
            }
            if (cp != null) {
                cp.stop();
            }
            if (oc != null) {
                oc.stop();
            }
            if (p != null) {
                p.stop();
            }
            if (c != null) {
                c.stop();
            }
            KafkaProducer<byte[], byte[]> pr = producer;
            quietly("producer", () -> closeIfSet(pr, x -> x.close(Duration.ofSeconds(2)))); // also frees a blocked send
            if (p != null) {
                p.awaitShutdown(Duration.ofSeconds(2));
            }
            if (c != null) {
                c.awaitShutdown(Duration.ofSeconds(2));
            }
            if (oc != null) {
                oc.awaitShutdown(Duration.ofSeconds(2));
            }
            if (cp != null) {
                cp.awaitShutdown(Duration.ofSeconds(2));
            }
            if (mp != null) {
                mp.awaitShutdown(Duration.ofSeconds(2));
            }
            starter.join(2_000);
            // The timer that flushed the groups is gone: log what the last period folded, so every transition is counted.
            verdictTransitions.flush();
            sendErrorTransitions.flush();
            synchronized (this) {
                closeConsumer("commit consumer", commitConsumer);
                closeConsumer("mirror consumer", mirrorConsumer);
                close(admin, null, consumer);
                admin = null;
                producer = null;
                consumer = null;
                commitConsumer = null;
                mirrorConsumer = null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            registered.forEach(registry::unregister);
            registered.clear();
            guard.release(config.name());
            status = Status.STOPPED;
            reason = "stopped";
            stopped.countDown();
        }
    }

    private void close(Admin a, KafkaProducer<byte[], byte[]> p, KafkaConsumer<byte[], byte[]> c) {
        quietly("producer", () -> closeIfSet(p, x -> x.close(Duration.ofSeconds(2))));
        quietly("consumer", () -> closeIfSet(c, x -> x.close(CloseOptions.timeout(Duration.ofSeconds(2)))));
        quietly("admin client", () -> closeIfSet(a, x -> x.close(Duration.ofSeconds(2))));
    }

    private void closeConsumer(String what, KafkaConsumer<byte[], byte[]> c) {
        quietly(what, () -> closeIfSet(c, x -> x.close(CloseOptions.timeout(Duration.ofSeconds(2)))));
    }

    private static <T> void closeIfSet(T client, java.util.function.Consumer<T> close) {
        if (client != null) {
            close.accept(client);
        }
    }

    private void quietly(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("cluster={} error while closing the {}: {}", config.name(), what, e.toString());
        }
    }

    private String describe(Throwable cause) {
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage().lines().findFirst().orElse("");
        return AccessHints.withHint(cause.getClass().getSimpleName() + message, cause, config.topic().name(),
                "DESCRIBE", "DESCRIBE");
    }
}
