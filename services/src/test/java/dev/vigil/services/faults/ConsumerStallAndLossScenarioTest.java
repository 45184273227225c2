package dev.vigil.services.faults;

import static dev.vigil.services.faults.FaultScenarios.PROBE;
import static dev.vigil.services.faults.FaultScenarios.REACTION;
import static dev.vigil.services.faults.FaultScenarios.holdsThroughout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.vigil.core.stats.ClusterSnapshot;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.sandbox.StopMode;
import dev.vigil.services.ClusterMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil's own consumer stalled (its thread blocked in {@code poll} by a {@link ClientTap}), alone and
 * while acknowledged probes are destroyed. Ground truth is what Kafka's clients reported to the tap:
 * the offsets the producer got acks for and the offsets the consumer was handed.
 */
class ConsumerStallAndLossScenarioTest {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerStallAndLossScenarioTest.class);
    /** Longer than the loss grace: a verdict that did not wait for the consumer would call probes lost. */
    private static final Duration STALL = PROBE.lossGrace().plusSeconds(4);

    @RegisterExtension
    static final ScenarioMonitor scenario = new ScenarioMonitor(3);
    private ClientTap.Tap tap;
    private ClusterMonitor monitor;

    @Test
    void stalledConsumerMakesProbesLateNeverLost() throws Exception {
        String topic = "stall";
        startMonitor(topic, 2, 3, 2);
        ClusterSnapshot before = settled();

        tap.stall();
        holdsThroughout(STALL, () -> monitor.snapshot().total().lostAcked() == 0);
        tap.resume();
        // Every probe sent during the stall is received, then judged, within a loss grace.
        holdsThroughout(PROBE.lossGrace().plusSeconds(2), () -> monitor.snapshot().total().lostAcked() == 0);

        ScopeSnapshot total = monitor.snapshot().total();
        LOG.info("stall: consume failures {} of {} checked, received {}", total.consumeFailures(),
                total.consumeChecked(), total.received());
        assertThat(total.lostAcked()).isZero();
        assertThat(total.lostUnacked()).isZero();
        assertThat(total.duplicates()).isZero();
        assertThat(total.late()).isZero();
        assertThat(total.produceFailures()).isEqualTo(before.total().produceFailures());
        // The probes of the stall's first (stall - e2e SLA) were received after their e2e SLA: consume
        // failures, at most every probe sent during the stall (6 partitions, one per 200 ms).
        long sentDuringStall = 6 * (STALL.toMillis() / PROBE.interval().toMillis() + 2);
        assertThat(total.consumeFailures() - before.total().consumeFailures()).isBetween(1L, sentDuringStall);
    }

    /**
     * Vigil starved for longer than the loss grace: every poll is a stall, and the consumer reads 3 probes
     * while 50 are written, so it falls ever further behind (20 s of probes by the end). It keeps
     * reading, so no verdict may be given past what it read: nothing is lost, and once it has CPU again it
     * reads every acked probe. (Before per-partition progress, the catch-up gave up one loss grace after
     * the first stall and called the unread probes lost.)
     */
    @Test
    void starvedConsumerFarBehindKeepsReadingAndLosesNothing() throws Exception {
        String topic = "starve";
        startMonitor(topic, 2, 3, 2, Map.of("max.poll.records", "3"));
        ClusterSnapshot before = settled();

        tap.slow(Duration.ofMillis(1_700));
        holdsThroughout(PROBE.lossGrace().plusSeconds(12), () -> monitor.snapshot().total().lostAcked() == 0);
        long behind = 0;
        for (int p = 0; p < 6; p++) {
            behind += unread(p).size();
        }
        tap.slow(Duration.ZERO);
        LOG.info("starve: {} acked probes unread when the starvation ended", behind);
        assertThat(behind).as("acked probes unread, more than a loss grace of them").isGreaterThan(6 * 40);
        holdsThroughout(PROBE.lossGrace().plusSeconds(2), () -> monitor.snapshot().total().lostAcked() == 0);

        ScopeSnapshot total = monitor.snapshot().total();
        for (int p = 0; p < 6; p++) {
            // Probes keep flowing: the newest acked offset may be a moment from being read, so wait for it.
            List<Long> acked = tap.acked(p);
            int partition = p;
            await().atMost(REACTION).untilAsserted(() -> assertThat(tap.consumed(partition))
                    .as("partition %d: every acked offset read", partition).containsAll(acked));
        }
        assertThat(total.lostAcked()).isZero();
        assertThat(total.lostUnacked()).isZero();
        assertThat(total.duplicates()).isZero();
        assertThat(total.late()).isZero();
        assertThat(total.produceFailures()).isEqualTo(before.total().produceFailures());
    }

    /** Also the lost-disk path of a truncation: the acked probes read before the wipe are lost after read. */
    @Test
    void ackedProbesWipedBeforeTheConsumerReadThemAreExactlyTheLostAcked() throws Exception {
        String topic = "wiped";
        int partition = 1; // led by broker 2, its only replica
        startMonitor(topic, 1, 1, 1);
        settled();

        tap.stall();
        await().atMost(REACTION).until(() -> unread(partition).size() >= 10);
        scenario.cluster().stopBroker(2, StopMode.ABRUPT);
        List<Long> ackedBeforeWipe = tap.acked(partition);
        List<Long> consumedBeforeWipe = tap.consumed(partition);
        Set<Long> vanished = new HashSet<>(ackedBeforeWipe);
        consumedBeforeWipe.forEach(vanished::remove);
        assertThat(scenario.cluster().wipePartition(2, topic, partition)).isTrue();
        scenario.cluster().startBroker(2);
        tap.resume();

        // Probes acked after the restart are in the new log: the consumer must still get every one.
        await().atMost(REACTION).until(() -> monitor.snapshot().partitions().get(partition)
                .consecutiveProduceFailures() == 0);
        holdsThroughout(PROBE.lossGrace().plusSeconds(2), () -> true);
        List<Long> ackedAfter = List.copyOf(tap.acked(partition).subList(ackedBeforeWipe.size(),
                tap.acked(partition).size()));
        Set<Long> skippedAfter = new HashSet<>(ackedAfter);
        // The newest of them may be a moment from being read: give the consumer until REACTION to read them all.
        try {
            await().atMost(REACTION).until(() -> {
                tap.consumed(partition).subList(consumedBeforeWipe.size(), tap.consumed(partition).size())
                        .forEach(skippedAfter::remove);
                return skippedAfter.isEmpty();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // the assertion below names what was never read
        }

        ClusterSnapshot snap = monitor.snapshot();
        LOG.info("wipe: {} acked before the wipe, {} of them unread (vanished: {}; consumed {}); after: {} acked, "
                        + "{} never read; Vigil: lostAcked={} lostUnacked={} truncations={} received={}",
                ackedBeforeWipe.size(), vanished.size(), new java.util.TreeSet<>(vanished), consumedBeforeWipe,
                ackedAfter.size(), skippedAfter.size(), snap.total().lostAcked(), snap.total().lostUnacked(),
                monitor.reading().counters().truncations(), snap.partitions().get(partition).received());
        assertThat(vanished).hasSizeGreaterThanOrEqualTo(10);
        assertThat(skippedAfter).as("acked after the restart and never read").isEmpty();
        assertThat(snap.partitions().get(partition).lostAcked()).isEqualTo(vanished.size());
        assertThat(snap.total().lostAcked()).isEqualTo(vanished.size());
        assertThat(snap.brokers().get(2).lostAcked()).isEqualTo(vanished.size());
        assertThat(snap.total().duplicates()).isZero();
        assertThat(monitor.reading().counters().truncations()).isEqualTo(1);
        // The whole old log is gone, and the consumer resumed at the new one's start (nothing above was skipped):
        // every acked probe it had read was cut after it was read.
        Set<Long> readThenCut = new HashSet<>(ackedBeforeWipe);
        readThenCut.retainAll(consumedBeforeWipe);
        assertThat(readThenCut).hasSizeGreaterThanOrEqualTo(5);
        assertThat(snap.partitions().get(partition).lostAckedAfterRead()).isEqualTo(readThenCut.size());
        assertThat(snap.brokers().get(2).lostAckedAfterRead()).isEqualTo(readThenCut.size());
        assertThat(snap.total().lostAckedAfterRead()).isEqualTo(readThenCut.size());
    }

    private void startMonitor(String topic, int partitionsPerBroker, int rf, int minIsr) throws Exception {
        startMonitor(topic, partitionsPerBroker, rf, minIsr, Map.of());
    }

    private void startMonitor(String topic, int partitionsPerBroker, int rf, int minIsr, Map<String, String> client)
            throws Exception {
        tap = scenario.openTap();
        monitor = scenario.startOnNewTopic(topic, partitionsPerBroker, rf, minIsr, tap.clientProperties(), client);
    }

    /** Waits until every probe sent during start-up is final; returns the numbers then. */
    private ClusterSnapshot settled() {
        await().pollDelay(PROBE.produceAckSla().plusSeconds(1)).atMost(REACTION).until(() -> true);
        return monitor.snapshot();
    }

    private Set<Long> unread(int partition) {
        return tap.unread(partition);
    }
}
