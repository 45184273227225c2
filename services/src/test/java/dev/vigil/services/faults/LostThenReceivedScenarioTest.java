package dev.vigil.services.faults;

import static dev.vigil.services.faults.FaultScenarios.PROBE;
import static dev.vigil.services.faults.FaultScenarios.REACTION;
import static dev.vigil.services.faults.FaultScenarios.awaitAckSlaPassed;
import static dev.vigil.services.faults.FaultScenarios.brokerValue;
import static dev.vigil.services.faults.FaultScenarios.clusterValue;
import static dev.vigil.services.faults.FaultScenarios.holdsThroughout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.core.stats.ScopeMetrics;
import java.util.HashSet;
import java.util.Set;

import dev.vigil.core.stats.ClusterSnapshot;
import dev.vigil.sandbox.StopMode;
import dev.vigil.services.ClusterMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loss verdict that proves false: acked probes sit unread on a partition whose only replica goes
 * down; after a loss grace of polling with no leader, Vigil stops waiting for it and judges them lost;
 * then the broker comes back with them on its disk and the consumer reads them. Each such receipt is
 * counted in {@code lostThenReceived}, exactly once, and the loss verdict stands. Ground truth is what
 * Kafka's clients reported to a {@link ClientTap}.
 */
class LostThenReceivedScenarioTest {

    private static final Logger LOG = LoggerFactory.getLogger(LostThenReceivedScenarioTest.class);
    /** Led by broker 2, its only replica. */
    private static final int PARTITION = 1;
    private static final int BROKER = 2;

    @RegisterExtension
    static final ScenarioMonitor scenario = new ScenarioMonitor(3);
    private ClusterMonitor monitor;

    @Test
    void probesJudgedLostWhileTheirOnlyReplicaWasDownAreCountedWhenTheyArriveAfterAll() throws Exception {
        ClientTap.Tap tap = scenario.openTap();
        monitor = scenario.startOnNewTopic("back-from-the-dead", 1, 1, 1, tap.clientProperties());
        awaitAckSlaPassed();

        tap.stall();
        await().atMost(REACTION).until(() -> tap.unread(PARTITION).size() >= 10);
        scenario.cluster().stopBroker(BROKER, StopMode.GRACEFUL); // flushed: the probes stay on its disk
        tap.resume();
        // What the consumer had fetched before the stop is handed out now; the rest stays on broker 2.
        holdsThroughout(PROBE.interval().multipliedBy(10), () -> true);
        Set<Long> stranded = tap.unread(PARTITION);
        assertThat(stranded).isNotEmpty();
        await().atMost(REACTION).until(() -> lostAcked() >= stranded.size());
        assertThat(clusterValue(scenario.registry(), ScopeMetrics.LOST_THEN_RECEIVED)).isZero();

        scenario.cluster().startBroker(BROKER);
        await().atMost(REACTION).until(() -> new HashSet<>(tap.consumed(PARTITION)).containsAll(stranded));
        await().atMost(REACTION).until(() -> clusterValue(scenario.registry(), ScopeMetrics.LOST_THEN_RECEIVED) >= stranded.size());

        ClusterSnapshot snap = monitor.snapshot();
        LOG.info("lost then received: {} acked probes stranded on broker {}; Vigil: lostAcked={} lostThenReceived={}",
                stranded.size(), BROKER, lostAcked(), clusterValue(scenario.registry(), ScopeMetrics.LOST_THEN_RECEIVED));
        assertThat(lostAcked()).isEqualTo(stranded.size());
        assertThat(snap.brokers().get(BROKER).lostAcked()).isEqualTo(stranded.size());
        assertThat(clusterValue(scenario.registry(), ScopeMetrics.LOST_THEN_RECEIVED)).isEqualTo(stranded.size());
        assertThat(brokerValue(scenario.registry(), BROKER, ScopeMetrics.LOST_THEN_RECEIVED)).isEqualTo(stranded.size());
        assertThat(snap.total().duplicates()).isZero();
    }

    private long lostAcked() {
        return monitor.snapshot().partitions().get(PARTITION).lostAcked();
    }
}
