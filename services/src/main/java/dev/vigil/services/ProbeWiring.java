package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.probe.ConsumeProbe;
import dev.vigil.services.probe.ForgedRecords;
import dev.vigil.services.probe.PartitionTransitionLog;
import dev.vigil.services.probe.ProbeErrors;
import dev.vigil.services.probe.ProbeLedgers;
import dev.vigil.services.probe.ProbeTargets;
import dev.vigil.services.probe.ProduceProbe;
import dev.vigil.services.topic.TopicManager;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts one cluster's probes on the clients of a connect: over fresh ledgers (a new producer
 * session), the consume and produce probes, the finalizer that judges their probes, and each
 * optional probe with its timers. What they record into outlives the session.
 */
final class ProbeWiring {

    private final ClusterConfig config;
    private final MicroClock clock;
    private final ClusterStats stats;
    private final OptionalProbes optionalProbes;
    private final ForgedRecords forged;
    private final ProbeErrors errors;
    private final PartitionTransitionLog sendErrors;

    ProbeWiring(ClusterConfig config, MicroClock clock, ClusterStats stats, OptionalProbes optionalProbes,
                ForgedRecords forged, ProbeErrors errors, PartitionTransitionLog sendErrors) {
        this.config = config;
        this.clock = clock;
        this.stats = stats;
        this.optionalProbes = optionalProbes;
        this.forged = forged;
        this.errors = errors;
        this.sendErrors = sendErrors;
    }

    /**
     * @param timer runs the finalizers: the optional probes' every quarter probe interval within 50 to 500 ms (the
     *              period), the ledgers' when their next verdict comes due ({@link #finalizerWait})
     */
    ProbeSession start(ClusterConnection.Clients clients, TopicManager manager, int partitions, GuardedTimer timer) {
        long sessionStartMillis = clock.wallMillis(); // on the clock of the records' CreateTime (ProduceProbe)
        ProbeLedgers ledgers = new ProbeLedgers(config.probe(), stats, config.mirror().orElse(null),
                optionalProbes.mirrorStats().orElse(null));
        ProbeTargets targets = new ProbeTargets(partitions);
        ConsumeProbe consume = new ConsumeProbe(config.name(), config.topic().name(), clients.consumer(), ledgers,
                targets, clock, sessionStartMillis, config.probe().lossGrace(), config.probe().interval(), forged);
        ProduceProbe produce = new ProduceProbe(config.name(), config.topic().name(), targets, config.probe(),
                clients.producer(), ledgers, errors, clock, sendErrors);
        consume.start();
        produce.start();
        long period = period(config);
        OptionalProbe.Timer finalizers = (task, body) -> timer.atFixedRate(task, period, body);
        // Consume and loss verdicts wait for the consumer's progress: a stalled consume thread must not read as data loss.
        timer.atDeadlines("finalizer", period, maxWait(config), () -> finalizerWait(
                ledgers.finalizeExpired(clock.nowMicros(), consume::progressMicros), clock.nowMicros()));
        List<ProbeSession.RunningProbe> started = new ArrayList<>();
        for (OptionalProbe probe : optionalProbes.all()) {
            started.add(new ProbeSession.RunningProbe(probe.kind(), probe.start(new OptionalProbe.Start(
                    clients.admin(), clients.consumerOf(probe), ledgers, sessionStartMillis, finalizers))));
        }
        return new ProbeSession(produce, consume, started, targets, manager);
    }

    /** How often the optional probes' finalizers run, and the least time between two runs of the ledgers'. */
    static long period(ClusterConfig config) {
        return Math.max(50, Math.min(500, config.probe().interval().toMillis() / 4));
    }

    /**
     * The most time between two runs of the ledgers' finalizer: a second (the harvest's period, so that ledgers
     * release the probes past their grace about as soon as before), at most the ack SLA (a probe sent after a run
     * has its first deadline that much later), never less than the {@link #period}.
     */
    static long maxWait(ClusterConfig config) {
        return Math.max(period(config), Math.min(1_000, config.probe().produceAckSla().toMillis()));
    }

    /**
     * Milliseconds from {@code nowMicros} to just after the ledgers' next verdict deadline, which passes after its
     * instant ({@code GuardedTimer} clamps it). Verdicts used to be looked for every {@link #period}: 20 wake-ups of
     * the timer's thread a second at ten probes a second, each costing more than the look. Now the timer waits for
     * the earliest deadline that can give a verdict, and looks again every period while one that has passed on the
     * clock waits for the consumer's progress, so a verdict comes no later than before.
     */
    static long finalizerWait(long dueMicros, long nowMicros) {
        if (dueMicros == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, (dueMicros - nowMicros) / 1_000 + 1);
    }
}
