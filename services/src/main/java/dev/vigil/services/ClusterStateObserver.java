package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.service.TaskGuard;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.probe.ProbeTargets;
import dev.vigil.services.state.ClusterState;
import dev.vigil.services.state.ClusterStateProbe;
import dev.vigil.services.topic.TopicManager;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Runs one cluster's cluster-state probe every {@code cluster.state.interval.ms} and hands each
 * observation to the probes (which pick up partitions added meanwhile) and to the topic manager
 * (which makes the topic follow the cluster). Admin calls can take seconds, so it runs on a timer
 * thread of its own ({@code vigil-state-CLUSTER}, the guarded task {@code cluster-state}) and never
 * delays verdicts. Keeps the latest observation and whether the cluster answered the last one:
 * while it does not, one line says so and {@code reachable} is 0.
 */
final class ClusterStateObserver {

    /** The monitor's lines to an operator, whichever class writes them. */
    private static final Logger log = LoggerFactory.getLogger(ClusterMonitor.class);

    private final ClusterConfig config;
    private final String bootstrapServers;
    private final MicroClock clock;
    private final BooleanSupplier running;
    private final GuardedTimer timer;
    private volatile ClusterState lastState;
    /** False while the cluster-state probe cannot reach the cluster. */
    private volatile boolean reachable = true;
    /** When the last observation finished, good or not. */
    private volatile long lastObservationMicros;

    /** @param running false once the monitor is stopping: a failure then is no news to log */
    ClusterStateObserver(ClusterConfig config, String bootstrapServers, MicroClock clock, TaskGuard guard,
                         BooleanSupplier running) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.clock = clock;
        this.running = running;
        this.timer = new GuardedTimer("vigil-state-" + config.name(), guard, config.name());
    }

    /** A timeout under the cluster-state interval where possible, but never so short that a busy cluster reads as down. */
    static int timeoutMs(ProbeConfig probe) {
        return (int) Math.max(3_000, Math.min(probe.clusterStateInterval().toMillis(), 10_000));
    }

    /** Observes now and then every interval, through {@code admin}. */
    void start(Admin admin, TopicManager manager, ProbeTargets targets) {
        ClusterStateProbe probe = new ClusterStateProbe(config.name(), admin, config.topic().name(), clock,
                timeoutMs(config.probe()));
        timer.withFixedDelay("cluster-state", config.probe().clusterStateInterval().toMillis(),
                () -> observe(probe, manager, targets));
    }

    /** Interrupts an observation under way and runs no other. */
    void stop() {
        timer.stop();
    }

    /** The latest successful observation; empty until the first one. */
    Optional<ClusterState> state() {
        return Optional.ofNullable(lastState);
    }

    /** False while the Admin calls fail (the latest observation is then stale). */
    boolean reachable() {
        return reachable;
    }

    long lastObservationMicros() {
        return lastObservationMicros;
    }

    private void observe(ClusterStateProbe probe, TopicManager manager, ProbeTargets targets) {
        try {
            observeOnce(probe, manager, targets);
        } finally {
            lastObservationMicros = clock.nowMicros();
        }
    }

    private void observeOnce(ClusterStateProbe probe, TopicManager manager, ProbeTargets targets) {
        ClusterState state;
        try {
            state = probe.observe();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | RuntimeException e) {
            if (running.getAsBoolean() && reachable) {
                log.warn("cluster={} cluster state unavailable at {}: {}; reachable=0 until it answers again",
                        config.name(), bootstrapServers, ClusterConnection.describeFailure(e, config.topic().name()));
            }
            reachable = false;
            return;
        }
        if (!reachable) {
            log.info("cluster={} cluster state available again ({} of {} brokers online)", config.name(),
                    state.brokersOnline(), state.brokers().size());
        }
        reachable = true;
        lastState = state;
        targets.observed(state.partitions().size(), state.leaders());
        try {
            manager.reconcile(state);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("cluster={} topic management step failed: {}", config.name(),
                    ClusterConnection.describeFailure(e, config.topic().name()));
        }
    }
}
