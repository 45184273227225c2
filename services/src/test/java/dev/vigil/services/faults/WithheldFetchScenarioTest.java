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
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

import dev.vigil.core.stats.ClusterSnapshot;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.services.ClusterMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A leader whose fetch path hangs while it still takes writes: the sandbox's proxy withholds broker
 * {@value #VICTIM}'s answers to fetch requests (and, in order, whatever follows them on the connection)
 * for longer than the loss grace, while its produce requests are acked. Its partitions' probes are acked
 * and sit unread; before the consume probe held a partition that fetched nothing, the consumer's lag
 * (which only moves with a successful fetch) showed nothing, and every acked probe of the hang became a
 * false "lost acked". Ground truth is what Kafka's clients reported to a {@link ClientTap}: the offsets
 * the producer got acks for and the offsets the consumer was handed.
 */
class WithheldFetchScenarioTest {

    private static final Logger LOG = LoggerFactory.getLogger(WithheldFetchScenarioTest.class);
    private static final int VICTIM = 2;
    /** Broker b is the preferred leader of partitions b - 1 and b + 2 ({@link FaultScenarios#createTopic}). */
    private static final Set<Integer> VICTIM_PARTITIONS = Set.of(1, 4);
    private static final int PARTITIONS = 6;
    /** Longer than the loss grace: a verdict that did not hold the silent partitions would call probes lost. */
    private static final Duration WITHHELD = PROBE.lossGrace().plusSeconds(4);

    @RegisterExtension
    static final ScenarioMonitor scenario = new ScenarioMonitor(3);
    private ClientTap.Tap tap;

    @Test
    void withheldFetchesLowerConsumeAvailabilityOfThatBrokerOnlyAndLoseNothing() throws Exception {
        String topic = "withheld-fetch";
        tap = scenario.openTap();
        ClusterMonitor monitor = scenario.startOnNewTopic(topic, 2, 3, 2, tap.clientProperties());
        awaitAckSlaPassed();
        ClusterSnapshot before = monitor.snapshot();

        scenario.cluster().withholdFetchResponses(VICTIM, true);
        // Within a quarter of the grace and a second the victims are held: from then on no consume verdict.
        holdsThroughout(PROBE.lossGrace().dividedBy(2), () -> lossFree(monitor.snapshot()));
        ClusterSnapshot held = monitor.snapshot();
        Map<Integer, Integer> consumedWhenHeld = consumedCounts();
        holdsThroughout(WITHHELD.minus(PROBE.lossGrace().dividedBy(2)), () -> lossFree(monitor.snapshot()));
        ClusterSnapshot end = monitor.snapshot();
        Map<Integer, Integer> consumedAtEnd = consumedCounts();
        Map<Integer, Set<Long>> unreadAtEnd = new HashMap<>();
        for (int p : VICTIM_PARTITIONS) {
            unreadAtEnd.put(p, tap.unread(p));
        }
        scenario.cluster().withholdFetchResponses(VICTIM, false);

        // The hang held the victims' verdicts and their records, and nothing else.
        for (int p : VICTIM_PARTITIONS) {
            assertThat(consumedAtEnd.get(p)).as("partition %d: nothing handed out while withheld", p)
                    .isEqualTo(consumedWhenHeld.get(p));
            assertThat(unreadAtEnd.get(p)).as("partition %d: acked probes left unread by the hang", p)
                    .hasSizeGreaterThan((int) (WITHHELD.toMillis() / PROBE.interval().toMillis() / 2));
            assertThat(end.partitions().get(p).consumeChecked()).as("partition %d: no consume verdict while held", p)
                    .isEqualTo(held.partitions().get(p).consumeChecked());
            assertThat(since(end, before, p, ScopeSnapshot::produceFailures)).as("partition %d: produce answered", p)
                    .isZero();
        }
        for (int p = 0; p < PARTITIONS; p++) {
            if (!VICTIM_PARTITIONS.contains(p)) {
                assertThat(consumedAtEnd.get(p)).as("partition %d: read on", p).isGreaterThan(consumedWhenHeld.get(p));
            }
        }

        // Released: every probe acked so far is read, and its late receipt fails its consume verdict.
        Map<Integer, List<Long>> ackedAtRelease = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            ackedAtRelease.put(p, tap.acked(p));
        }
        await().atMost(REACTION).until(() -> ackedAtRelease.entrySet().stream()
                .allMatch(e -> new HashSet<>(tap.consumed(e.getKey())).containsAll(e.getValue())));
        await().atMost(REACTION).until(() -> brokerValue(scenario.registry(), VICTIM, ScopeMetrics.CONSUME_AVAILABILITY) < 1);
        holdsThroughout(PROBE.lossGrace().plusSeconds(2), () -> lossFree(monitor.snapshot()));
        double lostThenReceived = clusterValue(scenario.registry(), ScopeMetrics.LOST_THEN_RECEIVED);
        FaultScenarios.stop(monitor);

        ClusterSnapshot after = monitor.snapshot();
        LOG.info("withheld fetch: victims' unread at release {}; victims' consume failures {}; Vigil: lostAcked={}"
                        + " lostUnacked={} lostThenReceived={} received={}",
                unreadAtEnd.values().stream().mapToInt(Set::size).sum(),
                VICTIM_PARTITIONS.stream().mapToLong(p -> since(after, before, p, ScopeSnapshot::consumeFailures)).sum(),
                after.total().lostAcked(), after.total().lostUnacked(), lostThenReceived,
                after.total().received());
        for (int p = 0; p < PARTITIONS; p++) {
            // Vigil received exactly the probes Kafka handed its consumer (every record of this fresh topic is one).
            assertThat(after.partitions().get(p).received()).as("partition %d: received", p)
                    .isEqualTo(new HashSet<>(tap.consumed(p)).size());
            assertThat(new HashSet<>(tap.consumed(p))).as("partition %d: every acked probe read", p)
                    .containsAll(ackedAtRelease.get(p));
        }
        for (int p : VICTIM_PARTITIONS) {
            // Each probe unread when the fetches came back was received past its e2e SLA at least once it
            // was older than the SLA: at least those sent in the hang's first (hang - SLA).
            long olderThanSla = (WITHHELD.toMillis() - PROBE.e2eSla().toMillis()) / PROBE.interval().toMillis() / 2;
            assertThat(since(after, before, p, ScopeSnapshot::consumeFailures)).as("partition %d: consume failures", p)
                    .isGreaterThanOrEqualTo(olderThanSla);
        }
        assertThat(after.brokers().get(1).consumeFailures()).isEqualTo(before.brokers().get(1).consumeFailures());
        assertThat(after.brokers().get(3).consumeFailures()).isEqualTo(before.brokers().get(3).consumeFailures());
        assertThat(after.total().lostAcked()).isZero();
        assertThat(after.total().lostUnacked()).isZero();
        assertThat(after.total().duplicates()).isZero();
        assertThat(after.total().late()).isZero();
        assertThat(lostThenReceived).isZero();
    }

    private static boolean lossFree(ClusterSnapshot s) {
        return s.total().lostAcked() == 0 && s.total().lostUnacked() == 0;
    }

    private static long since(ClusterSnapshot now, ClusterSnapshot before, int partition, ToLongFunction<ScopeSnapshot> f) {
        return f.applyAsLong(now.partitions().get(partition)) - f.applyAsLong(before.partitions().get(partition));
    }

    private Map<Integer, Integer> consumedCounts() {
        Map<Integer, Integer> out = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            out.put(p, tap.consumed(p).size());
        }
        return out;
    }
}
