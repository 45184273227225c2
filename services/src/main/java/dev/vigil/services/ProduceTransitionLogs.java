package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.probe.PartitionTransitionLog;
import dev.vigil.services.probe.ProduceProbe;
import dev.vigil.services.state.ClusterState;
import dev.vigil.services.state.PartitionState;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One cluster's lines about the produce path changing: a partition's produce verdicts failing and
 * succeeding again, and the produce probe's send errors, each grouped when many partitions change
 * at once (see {@link PartitionTransitionLog}). Held by the monitor, so that they outlive a
 * reconnect and its timer flushes them.
 */
final class ProduceTransitionLogs {

    private final ClusterConfig config;
    private final ClusterStateObserver observer;
    private final PartitionTransitionLog verdicts;
    private final PartitionTransitionLog sendErrors;
    /** Touched only on the timer thread. */
    private final Set<Integer> failingPartitions = new HashSet<>();

    /**
     * @param timer logs a group's line when its period has ended, whether or not a transition comes; it wakes
     *              only when a group waits (a mass change), not on a tick
     */
    ProduceTransitionLogs(ClusterConfig config, MicroClock clock, ClusterStateObserver observer, GuardedTimer timer) {
        this.config = config;
        this.observer = observer;
        GuardedTimer.OnDemand flush = timer.onDemand("transition-log", this::flushDue);
        PartitionTransitionLog.FlushLater flushLater = delayMicros -> flush.runIn((delayMicros + 999) / 1_000);
        this.verdicts = new PartitionTransitionLog(LoggerFactory.getLogger(ClusterMonitor.class), clock, config.name(),
                config.topic().name(), PartitionTransitionLog.VERDICTS, flushLater);
        this.sendErrors = new PartitionTransitionLog(LoggerFactory.getLogger(ProduceProbe.class), clock,
                config.name(), config.topic().name(), PartitionTransitionLog.SEND_ERRORS, flushLater);
    }

    /** Where the produce probe logs its send errors. */
    PartitionTransitionLog sendErrors() {
        return sendErrors;
    }

    /**
     * One line when a partition's produce probes start failing (whatever the cause) and one when they
     * recover. The failing line names the partition's leader, ISR size and last send error as the
     * latest cluster-state observation and the producer saw them, so it points at a broker.
     */
    void produceVerdicts(int partition, int consecutiveFailures, ProduceProbe probe) {
        if (consecutiveFailures > 0 && failingPartitions.add(partition)) {
            Optional<ClusterState> state = observer.state();
            Optional<PartitionState> p = state.flatMap(s -> s.partition(partition));
            String leader = p.map(s -> s.offline() ? "none" : Integer.toString(s.leader())).orElse("unknown");
            String isr = p.map(s -> s.isr().size() + "/" + s.replicas().size()).orElse("unknown");
            String lastError = probe.lastError(partition);
            verdicts.failing(partition, leader, lastError, "isr=" + isr + " last_error=" + lastError,
                    consecutiveFailures + " in a row not acked within " + config.probe().produceAckSla().toMillis()
                            + " ms");
        } else if (consecutiveFailures == 0 && failingPartitions.remove(partition)) {
            verdicts.recovered(partition, null);
        }
    }

    /**
     * Logs the groups whose period has ended. Not on the harvest tick: that one falls a hair before the end of
     * the period its own transitions opened, and would log their groups a whole second late.
     */
    private void flushDue() {
        verdicts.flushDue();
        sendErrors.flushDue();
    }

    /** Logs every group now, the ones whose period has not ended too. */
    void flush() {
        verdicts.flush();
        sendErrors.flush();
    }
}
