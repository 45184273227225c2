package dev.vigil.services.faults;

import static dev.vigil.services.faults.FaultScenarios.PROBE;
import static dev.vigil.services.faults.FaultScenarios.REACTION;
import static dev.vigil.services.faults.FaultScenarios.holdsThroughout;
import static dev.vigil.services.faults.FaultScenarios.leaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

import dev.vigil.core.stats.ClusterSnapshot;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.sandbox.StopMode;
import dev.vigil.services.ClusterMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker's faults on a 3-broker sandbox with RF 3 and min.insync.replicas 2: stopped gracefully,
 * stopped abruptly, cut off from its clients. Ground truth is what the test did: which broker it hit and
 * which partitions that broker led (the test placed them: broker b leads partitions b - 1 and b + 2).
 * Each test uses its own topic and monitor and leaves every broker running.
 *
 * <p>What Kafka does, and so what Vigil must report: a graceful stop moves leadership first and costs no
 * probe. An abrupt stop leaves the broker in every ISR it was in until the controller fences it (session
 * timeout, 3 s in the sandbox), so with acks=all <em>every</em> partition whose ISR holds it stalls, not
 * only those it led; each partition fails the probes sent in the first (stall minus ack SLA), and each
 * failure belongs to the partition's leader at send time. Only a fault that keeps the broker in the
 * cluster but away from its clients (the proxy's blackhole) lowers the availability of its own partitions
 * alone.
 */
class BrokerFaultScenarioTest {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerFaultScenarioTest.class);
    private static final int VICTIM = 2;
    private static final Set<Integer> VICTIM_PARTITIONS = Set.of(1, 4);

    @RegisterExtension
    static final ScenarioMonitor scenario = new ScenarioMonitor(3);
    private ClusterMonitor monitor;
    /** The numbers just before the fault; the fault's effect is what changed since. */
    private ClusterSnapshot before;

    @Test
    void gracefulStopCostsNothingOutsideTheStoppedLeadersPartitionsAndLosesNothing() throws Exception {
        String topic = "graceful-stop";
        startMonitor(topic);

        scenario.cluster().stopBroker(VICTIM, StopMode.GRACEFUL);
        await().atMost(REACTION).until(() -> !leaders(scenario.admin(), topic).containsValue(VICTIM));
        scenario.cluster().startBroker(VICTIM);
        // Every probe sent so far is final (acked, failed or lost) once a loss grace has passed.
        holdsThroughout(PROBE.lossGrace().plusSeconds(1), () -> otherPartitionsFailures(monitor.snapshot()) == 0);

        ClusterSnapshot snap = monitor.snapshot();
        log("graceful", snap);
        assertThat(otherPartitionsFailures(snap)).isZero();
        for (int broker : List.of(1, 3)) {
            assertThat(brokerFailures(snap, broker)).as("failures of broker %d", broker).isZero();
        }
        assertAttributedAndNothingAckedLostOrRepeated(snap);
        assertThat(since(snap, ScopeSnapshot::lostUnacked)).isZero();
        assertThat(since(snap, ScopeSnapshot::late)).isZero();
    }

    @Test
    void abruptStopLowersTheStoppedLeadersAvailabilityAndLosesNothingAcked() throws Exception {
        String topic = "abrupt-stop";
        startMonitor(topic);

        scenario.cluster().stopBroker(VICTIM, StopMode.ABRUPT);
        await().atMost(REACTION).until(() -> !leaders(scenario.admin(), topic).containsValue(VICTIM)
                && !leaders(scenario.admin(), topic).containsValue(-1));
        // Leadership moved: once an ack SLA has passed, every partition's latest probe succeeds again.
        awaitEveryPartitionsLatestProbeAcked();
        scenario.cluster().startBroker(VICTIM);
        holdsThroughout(PROBE.lossGrace().plusSeconds(1), () -> since(monitor.snapshot(), ScopeSnapshot::lostAcked) == 0);

        ClusterSnapshot snap = monitor.snapshot();
        log("abrupt", snap);
        // Every partition stalls until the broker is fenced; only the probes sent in its first
        // (stall - ack SLA) fail, a second or so at one probe per 200 ms. The bound allows a 6 s stall.
        long maxFailures = (NodeSessionTimeout.MILLIS + 3_000) / PROBE.interval().toMillis();
        for (int p : snap.partitions().keySet()) {
            assertThat(partitionFailures(snap, p)).as("failures of partition %d", p).isBetween(1L, maxFailures);
        }
        // The failed probes were sent before leadership moved, so each belongs to the leader the test placed.
        for (int broker : scenario.cluster().brokerIds()) {
            assertThat(brokerFailures(snap, broker)).as("failures of broker %d", broker)
                    .isEqualTo(failuresOf(snap, ledBy(broker)));
        }
        assertAttributedAndNothingAckedLostOrRepeated(snap);
        assertThat(since(snap, ScopeSnapshot::late)).isZero();
    }

    @Test
    void blackholedLeaderLowersOnlyItsOwnPartitionsAttributedToItAndLosesNothingAcked() throws Exception {
        String topic = "blackhole";
        startMonitor(topic);

        scenario.cluster().blackhole(VICTIM, true);
        // Its partitions' probes fail from one ack SLA after the blackhole on.
        await().atMost(REACTION).until(() -> VICTIM_PARTITIONS.stream()
                .allMatch(p -> monitor.snapshot().partitions().get(p).consecutiveProduceFailures() >= 3));
        scenario.cluster().blackhole(VICTIM, false);
        awaitEveryPartitionsLatestProbeAcked();
        holdsThroughout(PROBE.lossGrace().plusSeconds(1), () -> since(monitor.snapshot(), ScopeSnapshot::lostAcked) == 0);

        ClusterSnapshot snap = monitor.snapshot();
        log("blackhole", snap);
        assertThat(leaders(scenario.admin(), topic).values()).as("nobody moved leadership").containsExactly(1, 2, 3, 1, 2, 3);
        for (int p : VICTIM_PARTITIONS) {
            assertThat(partitionFailures(snap, p)).as("failures of partition %d", p).isGreaterThanOrEqualTo(3);
        }
        assertThat(otherPartitionsFailures(snap)).isZero();
        assertThat(brokerFailures(snap, VICTIM)).isEqualTo(failuresOf(snap, VICTIM_PARTITIONS));
        assertThat(brokerFailures(snap, 1)).isZero();
        assertThat(brokerFailures(snap, 3)).isZero();
        assertAttributedAndNothingAckedLostOrRepeated(snap);
    }

    private static Set<Integer> ledBy(int broker) {
        return Set.of(broker - 1, broker + 2);
    }

    private long failuresOf(ClusterSnapshot snap, Set<Integer> partitions) {
        return partitions.stream().mapToLong(p -> partitionFailures(snap, p)).sum();
    }

    /** The sandbox's {@code broker.session.timeout.ms}, documented on {@code SandboxCluster}. */
    private static final class NodeSessionTimeout {
        static final long MILLIS = 3_000;
    }

    private void startMonitor(String topic) throws Exception {
        scenario.createTopic(topic, 2, 3, 2);
        assertThat(leaders(scenario.admin(), topic).entrySet().stream().filter(e -> e.getValue() == VICTIM)
                .map(Map.Entry::getKey).toList()).containsExactlyInAnyOrderElementsOf(VICTIM_PARTITIONS);
        monitor = scenario.start(topic, 6);
        // A fresh topic's first probes can take seconds on a loaded machine (followers starting to fetch),
        // and can even fail: once, a leader refused the first batch with a retriable error, accepted the
        // next two, and the idempotent producer then met OutOfOrderSequence on the retry until the
        // delivery timeout, so three probes were never written (lost unacked, truthfully). Such start-up
        // verdicts are not the fault's: let every probe sent so far become final (a loss grace), then
        // measure the fault against that baseline.
        await().pollDelay(PROBE.lossGrace().plusSeconds(1)).until(() -> true);
        before = monitor.snapshot();
    }

    /** A cluster-wide count since the baseline. */
    private long since(ClusterSnapshot snap, ToLongFunction<ScopeSnapshot> count) {
        return count.applyAsLong(snap.total()) - count.applyAsLong(before.total());
    }

    private long partitionFailures(ClusterSnapshot snap, int partition) {
        return snap.partitions().get(partition).produceFailures() - before.partitions().get(partition).produceFailures();
    }

    private long brokerFailures(ClusterSnapshot snap, int broker) {
        ScopeSnapshot was = before.brokers().get(broker);
        return snap.brokers().get(broker).produceFailures() - (was == null ? 0 : was.produceFailures());
    }

    /** Once leadership has moved or the fault is gone: a probe is acked on every partition again. */
    private void awaitEveryPartitionsLatestProbeAcked() {
        await().atMost(REACTION).until(() -> monitor.snapshot().partitions().values().stream()
                .allMatch(s -> s.consecutiveProduceFailures() == 0));
    }

    /** What every broker fault must keep: failures attributed, and no acked probe lost or received twice. */
    private void assertAttributedAndNothingAckedLostOrRepeated(ClusterSnapshot snap) {
        assertBrokerAttribution(snap);
        assertThat(since(snap, ScopeSnapshot::lostAcked)).isZero();
        assertThat(since(snap, ScopeSnapshot::duplicates)).isZero();
    }

    /**
     * Every failure is counted once for its partition and once for the broker that led it at send time,
     * so the brokers' failures add up to the partitions'.
     */
    private static void assertBrokerAttribution(ClusterSnapshot snap) {
        long byPartition = snap.partitions().values().stream().mapToLong(ScopeSnapshot::produceFailures).sum();
        long byBroker = snap.brokers().values().stream().mapToLong(ScopeSnapshot::produceFailures).sum();
        assertThat(byBroker).isEqualTo(byPartition).isEqualTo(snap.total().produceFailures());
    }

    /** Produce and consume failures, since the baseline, of the partitions the victim did not lead. */
    private long otherPartitionsFailures(ClusterSnapshot snap) {
        long failures = 0;
        for (int p : snap.partitions().keySet()) {
            if (!VICTIM_PARTITIONS.contains(p)) {
                failures += partitionFailures(snap, p) + snap.partitions().get(p).consumeFailures()
                        - before.partitions().get(p).consumeFailures();
            }
        }
        return failures;
    }

    private static void log(String what, ClusterSnapshot snap) {
        StringBuilder line = new StringBuilder(what);
        new TreeSet<>(snap.partitions().keySet()).forEach(p -> line.append(" p").append(p).append("=")
                .append(snap.partitions().get(p).produceFailures()).append("/")
                .append(snap.partitions().get(p).produceAttempts()));
        snap.brokers().forEach((b, s) -> line.append(" b").append(b).append("=").append(s.produceFailures())
                .append("/").append(s.produceAttempts()).append(" avail=").append(s.produceAvailability()));
        line.append(" lostAcked=").append(snap.total().lostAcked()).append(" lostUnacked=")
                .append(snap.total().lostUnacked());
        LOG.info(line.toString());
    }
}
