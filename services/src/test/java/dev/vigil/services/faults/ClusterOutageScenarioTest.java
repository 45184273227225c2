package dev.vigil.services.faults;

import static dev.vigil.services.faults.FaultScenarios.PROBE;
import static dev.vigil.services.faults.FaultScenarios.REACTION;
import static dev.vigil.services.faults.FaultScenarios.clusterValue;
import static dev.vigil.services.faults.FaultScenarios.holdsThroughout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.services.MonitorMetrics;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;

import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.sandbox.StopMode;
import dev.vigil.services.ClusterMonitor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole cluster down for two minutes and back: availability reads exactly 0 for as long as the
 * window holds only the outage (every probe due failed), the monitor never fails and its heap does not
 * grow with the outage, and after the restart every partition recovers with nothing acknowledged lost.
 */
@Tag("slow")
class ClusterOutageScenarioTest {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterOutageScenarioTest.class);
    private static final Duration OUTAGE = Duration.ofMinutes(2);
    /** Failed probes, ledgers and client buffers of a 2-minute outage at 30 probes/s: far below this. */
    private static final long MAX_HEAP_GROWTH_BYTES = 48L * 1024 * 1024;

    @RegisterExtension
    static final ScenarioMonitor scenario = new ScenarioMonitor(3);

    @Test
    void twoMinutesWithoutAClusterReadZeroThenRecoverWithNothingAckedLost() throws Exception {
        ClusterMonitor monitor = scenario.startOnNewTopic("outage", 2, 3, 2);
        for (int id : scenario.cluster().brokerIds()) {
            scenario.cluster().stopBroker(id, StopMode.ABRUPT);
        }
        long outageStart = System.nanoTime();
        // Once the window (10 s) holds only probes due during the outage, every one of them failed.
        await().atMost(REACTION).until(() -> monitor.reading().produce().mean() == 0.0);
        long heapEarly = liveHeapBytes();
        Duration rest = OUTAGE.minusNanos(System.nanoTime() - outageStart);
        holdsThroughout(rest, () -> monitor.reading().produce().mean() == 0.0
                && monitor.status() == ClusterMonitor.Status.RUNNING
                && clusterValue(scenario.registry(), MonitorMetrics.REACHABLE) == 0.0);
        long heapLate = liveHeapBytes();
        ScopeSnapshot during = monitor.snapshot().total();
        LOG.info("outage: live heap {} MB -> {} MB, {} produce failures of {} attempts", heapEarly >> 20,
                heapLate >> 20, during.produceFailures(), during.produceAttempts());
        assertThat(heapLate - heapEarly).as("heap growth over the outage").isLessThan(MAX_HEAP_GROWTH_BYTES);

        for (int id : scenario.cluster().brokerIds()) {
            scenario.cluster().startBroker(id);
        }
        await().atMost(REACTION).until(() -> monitor.snapshot().partitions().values().stream()
                .allMatch(s -> Boolean.TRUE.equals(s.lastProduceOk())));
        holdsThroughout(PROBE.lossGrace().plusSeconds(2), () -> monitor.snapshot().total().lostAcked() == 0);

        ScopeSnapshot total = monitor.snapshot().total();
        assertThat(monitor.status()).isEqualTo(ClusterMonitor.Status.RUNNING);
        assertThat(clusterValue(scenario.registry(), MonitorMetrics.REACHABLE)).isEqualTo(1.0);
        assertThat(total.lostAcked()).isZero();
        assertThat(total.duplicates()).isZero();
        // Two minutes at 6 partitions x 5 probes/s: at least the probes due in the outage failed.
        assertThat(total.produceFailures()).isGreaterThanOrEqualTo(6L * 5 * (OUTAGE.toSeconds() - 5));
        assertThat(monitor.reading().produce().mean()).isPositive();
    }

    /** Heap in use after a full collection: what the monitor and the stopped sandbox really hold. */
    private static long liveHeapBytes() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
