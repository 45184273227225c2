package dev.vigil.webui.dashboard;

import dev.vigil.webui.dashboard.Health.Level;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.vigil.webui.dashboard.Reports.broker;
import static dev.vigil.webui.dashboard.Reports.healthyBrokers;
import static dev.vigil.webui.dashboard.Reports.partitions;
import static dev.vigil.webui.dashboard.Reports.running;
import static dev.vigil.webui.dashboard.Reports.state;
import static dev.vigil.webui.dashboard.Reports.totals;
import static dev.vigil.webui.dashboard.Reports.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

class HealthAssessorTest {

    private final ClusterHistory history = new ClusterHistory(500);

    /** Samples every 2 s from {@code fromMs} for {@code spanMs}, 6 outcomes per sample, counting up. */
    private long steady(long fromMs, long spanMs, long attemptsBefore, long lostAcked, long lostUnacked) {
        long attempts = attemptsBefore;
        for (long t = fromMs; t <= fromMs + spanMs; t += 2_000) {
            attempts += 6;
            history.add(t, totals(attempts, 0, 0, lostAcked, lostUnacked));
        }
        return attempts;
    }

    @Test
    void allGoodIsHealthyWithNoReasons() {
        steady(0, 20_000, 0, 0, 0);
        Health health = HealthAssessor.assess(running("c", healthyBrokers(), partitions(), state(3, 0)), history);
        assertThat(health).isEqualTo(new Health(Level.HEALTHY, List.of(), List.of()));
    }

    @Test
    void anOfflineBrokerIsNamedWithThePartitionsItFailsAndTheUnderReplicatedOnes() {
        steady(0, 20_000, 0, 0, 0);
        // partitions 1 and 4 are led by broker 2
        ClusterReport report = running("c", List.of(broker(1, true, 0, null), broker(2, false, 4, "TimeoutException"),
                broker(3, true, 0, null)), partitions(1, 4), state(2, 6));

        Health health = HealthAssessor.assess(report, history);

        assertThat(health.level()).isEqualTo(Level.DEGRADED);
        assertThat(health.reasons()).containsExactly(
                "broker 2 offline: 2 partitions failing produce probes",
                "6 partitions under-replicated");
    }

    @Test
    void anOnlineBrokerThatFailsItsConnectionCheckIsNamedWithWhyEvenIfItLeadsNothingAndAnOfflineOneIsNot() {
        steady(0, 20_000, 0, 0, 0);
        // broker 1 leads nothing and takes no connection; broker 2 also leads failing partitions 1 and 4; broker 3 is
        // fenced, so its failed check is no news.
        ClusterReport report = running("c", List.of(
                withConnectionFailure(new ClusterReport.BrokerRow(1, null, true, true, 0, null, null, null, null, -1,
                        null, null), "no ApiVersions answer within 1000 ms"),
                withConnectionFailure(broker(2, true, 4, "TimeoutException"), "connection refused"),
                withConnectionFailure(broker(3, false, 0, null), "connection refused")), partitions(1, 4), state(2, 0));

        Health health = HealthAssessor.assess(report, history);

        assertThat(health.level()).isEqualTo(Level.DEGRADED);
        assertThat(health.reasons()).containsExactly(
                "broker 1: fresh connections fail (no ApiVersions answer within 1000 ms)",
                "broker 2: 2 partitions failing produce probes (last error TimeoutException); fresh connections fail"
                        + " (connection refused)",
                "broker 3 offline");
    }

    private static ClusterReport.BrokerRow withConnectionFailure(ClusterReport.BrokerRow b, String failure) {
        return new ClusterReport.BrokerRow(b.id(), b.rack(), b.registered(), b.online(), b.partitionsLed(),
                b.produceAvailability(), b.consumeAvailability(), b.e2eP99(), b.produceP99(), b.consecutiveFailures(),
                b.lastError(), b.lastErrorAt(), null, failure);
    }

    @Test
    void anOnlineBrokerLeadingFailingPartitionsIsNamedWithItsLastError() {
        steady(0, 20_000, 0, 0, 0);
        ClusterReport report = running("c", List.of(broker(1, true, 0, null), broker(2, true, 0, null),
                broker(3, true, 1, "NotLeaderOrFollowerException")), partitions(2), state(3, 0));

        assertThat(HealthAssessor.assess(report, history).reasons()).containsExactly(
                "broker 3: 1 partition failing produce probes (last error NotLeaderOrFollowerException)");
    }

    @Test
    void noPartitionAcceptingProbesIsDown() {
        steady(0, 20_000, 0, 0, 0);
        ClusterReport report = running("c", healthyBrokers(), partitions(0, 1, 2, 3, 4, 5), state(3, 0));

        Health health = HealthAssessor.assess(report, history);

        assertThat(health.level()).isEqualTo(Level.DOWN);
        assertThat(health.reasons()).first().isEqualTo("no partition accepts probes");
        assertThat(health.reasons()).contains("broker 1: 2 partitions failing produce probes");
    }

    @Test
    void theMonitorsOwnStatusDecidesFirst() {
        assertThat(HealthAssessor.assess(withStatus("c", "UNREACHABLE", "TimeoutException: listNodes"), history))
                .isEqualTo(new Health(Level.DOWN, List.of("cluster unreachable: TimeoutException: listNodes"), List.of()));
        assertThat(HealthAssessor.assess(withStatus("c", "STARTING", "connecting"), history).level()).isEqualTo(Level.STARTING);
        assertThat(HealthAssessor.assess(withStatus("c", "FAILED", "harvest task failed: IllegalStateException: boom"),
                history)).isEqualTo(new Health(Level.FAILED,
                List.of("monitor failed: harvest task failed: IllegalStateException: boom"), List.of()));
        // Running, but no probe result is final yet: nothing can be said.
        assertThat(HealthAssessor.assess(withStatus("c", "RUNNING", "probing"), history))
                .isEqualTo(new Health(Level.STARTING, List.of("waiting for the first probe results"), List.of()));
    }

    /**
     * A failed monitor's numbers cannot be trusted, so none of them may speak: not its staleness, not an
     * offline broker, failing partitions, lost probes or a notice. The banner says MONITOR FAILED and why.
     */
    @Test
    void aFailedMonitorSaysOnlyThatWhateverItsNumbersShow() {
        long attempts = steady(0, 20_000, 0, 0, 0);
        history.add(22_000, totals(attempts + 6, 6, 6, 3, 2)); // every probe of the last sample failed or lost
        ClusterReport running = running("c", List.of(broker(1, true, 0, null), broker(2, false, 6, "TimeoutException"),
                broker(3, true, 0, null)), partitions(0, 1, 2, 3, 4, 5), state(2, 6));
        ClusterReport failed = new ClusterReport("c", running.topic(), new ClusterReport.Monitor("FAILED",
                "produce probe stopped unexpectedly", List.of("no produce verdict for 30 s")), running.totals(),
                running.clusterState(), running.brokers(), running.partitions(), running.events(), running.probes());
        assertThat(HealthAssessor.assess(running, history).level()).as("the same numbers, running").isEqualTo(Level.DOWN);

        assertThat(HealthAssessor.assess(failed, history)).isEqualTo(new Health(Level.FAILED,
                List.of("monitor failed: produce probe stopped unexpectedly"), List.of()));
    }

    @Test
    void recentFailuresLowerTheLast10SecondsAvailability() {
        long attempts = steady(0, 20_000, 0, 0, 0);
        // the last 10 s: 30 outcomes, 3 of them failed
        for (int i = 1; i <= 5; i++) {
            attempts += 6;
            history.add(20_000 + i * 2_000L, totals(attempts, i <= 3 ? i : 3, 0, 0, 0));
        }
        Health health = HealthAssessor.assess(running("c", healthyBrokers(), partitions(), state(3, 0)), history);
        assertThat(health.reasons()).containsExactly("produce availability 90.0% over the last 10 s");
    }

    @Test
    void otherProbesShowAsNotices() {
        steady(0, 20_000, 0, 0, 0);
        ClusterReport base = running("c", healthyBrokers(), partitions(), state(3, 0));
        ClusterReport report = new ClusterReport(base.name(), base.topic(), base.monitor(), base.totals(),
                base.clusterState(), base.brokers(), base.partitions(), base.events(), List.of(
                new ClusterReport.ProbeRow("offset commits", 0.75, 40, 10, 12.0, "coordinator broker 2", false),
                new ClusterReport.ProbeRow("controller (topic create to every broker)", null, 0, 0, null,
                        "0 leftover probe topics deleted", true)));

        assertThat(HealthAssessor.assess(report, history)).isEqualTo(new Health(Level.HEALTHY, List.of(), List.of(
                "offset commits availability 75.0% over the window (coordinator broker 2)",
                "controller (topic create to every broker) probe refused by an ACL; the log line names the grant")));
    }

    @Test
    void acknowledgedLossDegradesFor10MinutesWhileUnacknowledgedLossIsANotice() {
        long attempts = steady(0, 10_000, 0, 0, 0);
        attempts = steady(12_000, 10_000, attempts, 3, 2);
        ClusterReport report = running("c", healthyBrokers(), partitions(), state(3, 0));

        Health health = HealthAssessor.assess(report, history);
        assertThat(health.level()).isEqualTo(Level.DEGRADED);
        assertThat(health.reasons()).containsExactly("3 acknowledged probes lost in the last 10 min");
        assertThat(health.notices()).containsExactly("2 unacknowledged probes never arrived in the last 10 min");

        // Ten minutes and more without a new loss: healthy again.
        steady(24_000, 10 * 60_000, attempts, 3, 2);
        assertThat(HealthAssessor.assess(report, history)).isEqualTo(new Health(Level.HEALTHY, List.of(), List.of()));
    }

    @Test
    void ackedProbesTruncatedAfterTheyWereReadDegradeFor10MinutesNamingTheTruncation() {
        long attempts = steady(0, 10_000, 0, 0, 0);
        for (long t = 12_000; t <= 22_000; t += 2_000) {
            attempts += 6;
            history.add(t, Reports.totals(attempts, 0, 0, 0, 0, 30));
        }
        ClusterReport report = running("c", healthyBrokers(), partitions(), state(3, 0));

        assertThat(HealthAssessor.assess(report, history)).isEqualTo(new Health(Level.DEGRADED, List.of(
                "30 acknowledged probes read and then truncated from the log in the last 10 min (unclean leader"
                        + " election or lost disk)"), List.of()));

        for (long t = 24_000; t <= 24_000 + 10 * 60_000; t += 2_000) {
            attempts += 6;
            history.add(t, Reports.totals(attempts, 0, 0, 0, 0, 30));
        }
        assertThat(HealthAssessor.assess(report, history)).isEqualTo(new Health(Level.HEALTHY, List.of(), List.of()));
    }
}
