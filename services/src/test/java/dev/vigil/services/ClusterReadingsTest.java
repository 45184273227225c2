package dev.vigil.services;

import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.lag.LagSnapshot;
import dev.vigil.core.ledger.SequenceLedger;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.stats.ControllerProbeMetrics;
import dev.vigil.core.stats.ControllerProbeStats;
import dev.vigil.core.stats.MirrorMetrics;
import dev.vigil.core.stats.MirrorStats;
import dev.vigil.core.stats.OffsetCommitMetrics;
import dev.vigil.core.stats.OffsetCommitStats;
import dev.vigil.core.stats.ScopeMetrics;
import dev.vigil.core.time.ManualClock;
import dev.vigil.services.probe.ForgedRecords;
import dev.vigil.services.probe.ProbeErrors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterReadingsTest {

    private static final long MS = 1_000;
    private static final long T = 1_000_000 * MS;

    private final ClusterStats stats = new ClusterStats("c", 60_000 * MS, 6);
    private final ClusterReadings readings = readings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    @Test
    void unreachableClusterReadsZeroNotNoData() {
        ClusterReading r = readings.read(T, moment(ClusterMonitor.Status.UNREACHABLE, true));

        assertThat(r.produce().mean()).isEqualTo(0.0);
        assertThat(r.consume().mean()).isEqualTo(0.0);
        assertThat(r.produce().worstPartition()).isNaN();
        assertThat(r.reachable()).isFalse();
        assertThat(r.status()).isEqualTo(ClusterMonitor.Status.UNREACHABLE);
        assertThat(r.reason()).isEqualTo("why");
        assertThat(r.atMicros()).isEqualTo(T);
    }

    @Test
    void startingClusterWithNoDataReadsNaN() {
        ClusterReading r = readings.read(T, moment(ClusterMonitor.Status.STARTING, true));

        assertThat(r.produce().mean()).isNaN();
        assertThat(r.consume().mean()).isNaN();
        assertThat(r.reachable()).isTrue();
        assertThat(r.partitions()).isZero();
        assertThat(r.counters()).isEqualTo(ClusterReading.Counters.NONE);
    }

    @Test
    void failingClusterStateProbeMakesTheClusterUnreachableButKeepsItsAvailability() {
        ClusterReading r = readings.read(T, moment(ClusterMonitor.Status.RUNNING, false));

        assertThat(r.reachable()).isFalse();
        assertThat(r.clusterStateReachable()).isFalse();
        assertThat(r.produce().mean()).isNaN();
    }

    /**
     * Partition 0 (led by broker 1) gets 8 good probes, partition 1 (broker 2) 2 failed ones: each
     * partition counts once, so the cluster reads 0.5, where the total's pooled ratio reads 0.8.
     */
    @Test
    void availabilityIsTheMeanOverPartitionsNotThePooledRatio() {
        SequenceLedger busy = ledger(0);
        SequenceLedger dead = ledger(1);
        long t = T;
        for (int i = 0; i < 8; i++, t += 100 * MS) {
            long seq = busy.begin(t, 1);
            busy.acked(seq, t + MS);
            busy.received(seq, t + 2 * MS);
        }
        dead.begin(t, 2);
        dead.begin(t, 2);
        long at = t + 10_000 * MS;
        busy.finalizeExpired(at);
        dead.finalizeExpired(at);

        ClusterReading r = readings.read(at, moment(ClusterMonitor.Status.RUNNING, true));

        assertThat(r.produce().mean()).isEqualTo(0.5);
        assertThat(r.total().produceAvailability()).isEqualTo(0.8);
        assertThat(r.produce().worstPartition()).isEqualTo(0.0);
        assertThat(r.produce().worstBroker()).isEqualTo(0.0);
        assertThat(r.consume().mean()).as("partition 1 has no acked probe to judge").isEqualTo(1.0);
        assertThat(r.consume().worstPartition()).isEqualTo(1.0);
        assertThat(r.total().produceAttempts()).isEqualTo(10);
        assertThat(r.total().produceFailures()).isEqualTo(2);

        List<MetricValue> values = ClusterReadingMetrics.values(r);
        assertThat(MetricValue.find(values, ScopeMetrics.PRODUCE_AVAILABILITY)).isEqualTo(0.5);
        assertThat(MetricValue.find(values, ScopeMetrics.CONSUME_AVAILABILITY)).isEqualTo(1.0);
        assertThat(MetricValue.find(values, MonitorMetrics.WORST_PARTITION_PRODUCE_AVAILABILITY)).isEqualTo(0.0);
        assertThat(MetricValue.find(values, ScopeMetrics.PRODUCE_ATTEMPTS)).isEqualTo(10.0);
        assertThat(MetricValue.find(values, ScopeMetrics.PRODUCE_FAILURES)).isEqualTo(2.0);
        assertThat(MetricValue.find(values, MonitorMetrics.REACHABLE)).isEqualTo(1.0);
    }

    @Test
    void extraProbesHaveASectionAndTheirValuesOnlyWhenOn() {
        ClusterReadings all = readings(Optional.of(new OffsetCommitStats(60_000 * MS, 6)),
                Optional.of(new ControllerProbeStats(60_000 * MS, 6)), Optional.of(new MirrorStats(60_000 * MS, 6)),
                Optional.empty());

        ClusterReading none = readings.read(T, moment(ClusterMonitor.Status.RUNNING, true));
        ClusterReading every = all.read(T, moment(ClusterMonitor.Status.RUNNING, true));

        assertThat(none.offsetCommit()).isEmpty();
        assertThat(none.controller()).isEmpty();
        assertThat(none.mirror()).isEmpty();
        assertThat(every.offsetCommit()).isPresent();
        assertThat(every.controller()).isPresent();
        assertThat(every.mirror()).isPresent();
        for (Metric metric : List.of(OffsetCommitMetrics.ATTEMPTS, ControllerProbeMetrics.ATTEMPTS, MirrorMetrics.CHECKED)) {
            assertThat(MetricValue.find(ClusterReadingMetrics.values(none), metric)).as(metric.name()).isNaN();
            assertThat(MetricValue.find(ClusterReadingMetrics.values(every), metric)).as(metric.name()).isEqualTo(0.0);
        }
    }

    /** The readings of cluster "c" with these optional probes' numbers (the connection check off). */
    private ClusterReadings readings(Optional<OffsetCommitStats> commits, Optional<ControllerProbeStats> controller,
                                     Optional<MirrorStats> mirror, Optional<OptionalConsumerLagProbe> lag) {
        return new ClusterReadings("c", stats, new ForgedRecords("c", new ManualClock(T)),
                new OutageWatch(stats, new ProbeErrors(), ProbeConfig.defaults(), Optional.empty()),
                new OptionalProbes(List.of(), commits, controller, mirror, lag, Optional.empty()));
    }

    private SequenceLedger ledger(int partition) {
        return new SequenceLedger(3_000 * MS, 5_000 * MS, 30_000 * MS, 128, stats.listenerFor(partition));
    }

    private static ClusterReadings.Moment moment(ClusterMonitor.Status status, boolean stateReachable) {
        return new ClusterReadings.Moment(status, "why", null, null, stateReachable);
    }

    @Test
    void consumerLagIsASectionWithItsClusterValuesOnlyWhenGroupsAreEvaluated() {
        LagSnapshot lag = new LagSnapshot(T / MS, Map.of(), 2, 3, 5);
        ClusterReadings evaluating = readings(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new OptionalConsumerLagProbe(null, new AtomicReference<>(lag), new ManualClock(T),
                        new AtomicReference<>())));

        ClusterReading none = readings.read(T, moment(ClusterMonitor.Status.RUNNING, true));
        ClusterReading some = evaluating.read(T, moment(ClusterMonitor.Status.RUNNING, true));

        assertThat(none.consumerLag()).isEmpty();
        assertThat(some.consumerLag()).containsSame(lag);
        assertThat(MetricValue.find(ClusterReadingMetrics.values(none), LagSnapshot.DENIED)).isNaN();
        assertThat(MetricValue.find(ClusterReadingMetrics.values(some), LagSnapshot.DENIED)).isEqualTo(2.0);
        assertThat(MetricValue.find(ClusterReadingMetrics.values(some), LagSnapshot.SKIPPED)).isEqualTo(3.0);
        assertThat(MetricValue.find(ClusterReadingMetrics.values(some), LagSnapshot.RECORD_READS)).isEqualTo(5.0);
        assertThat(MetricValue.find(ClusterReadingMetrics.values(some), LagSnapshot.GROUPS)).isZero();
    }
}
