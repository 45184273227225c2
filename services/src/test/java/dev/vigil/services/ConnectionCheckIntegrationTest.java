package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ConnectionCheckConfig;
import dev.vigil.core.config.TopicManagement;
import dev.vigil.core.episodes.Episode;
import dev.vigil.core.episodes.EpisodeKind;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.stats.ConnectionCheckMetrics;
import dev.vigil.core.stats.ConnectionCheckStats;
import dev.vigil.core.time.MicroClock;
import dev.vigil.sandbox.StopMode;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connection check on a real 3-broker sandbox whose monitor topic is led by brokers 1 and 2 only: broker 3,
 * which no probe reaches, is checked like the others; a blackholed broker fails only its own check, logged once
 * at the change and once at the recovery; a stopped broker, fenced but registered, is still listed and fails
 * its check; latency added in front of a broker shows in its time to the ApiVersions answer.
 */
class ConnectionCheckIntegrationTest {

    private static final String TOPIC = "conn-probe";
    /** A round every 3 s; a broker gets 1.5 s to answer ApiVersions. */
    private static final ConnectionCheckConfig CHECK = new ConnectionCheckConfig(true, Duration.ofSeconds(3),
            Duration.ofMillis(1_500));
    private static final Duration ADDED = Duration.ofMillis(300);

    @RegisterExtension
    static final SharedSandbox shared = new SharedSandbox(3);

    private ClusterMonitor monitor;

    @AfterEach
    void stopMonitor() throws InterruptedException {
        SandboxMonitors.stop(monitor);
    }

    @Test
    void checksEveryBrokerAndFailsOnlyTheBlackholedOne() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            MetricRegistry registry = start();
            assertThat(SandboxMonitors.leaders(shared.admin(), TOPIC).values()).doesNotContain(3);
            ConnectionCheckStats.Snapshot healthy = roundAfterNow();
            assertThat(healthy.brokers().keySet()).containsExactly(1, 2, 3);
            assertThat(healthy.failingBrokers()).isZero();
            for (int broker : List.of(1, 2, 3)) {
                ConnectionCheckStats.BrokerCheck check = healthy.brokers().get(broker);
                assertThat(check.ok()).as("broker %d", broker).isTrue();
                assertThat(check.fenced()).isFalse();
                assertThat(check.connectMicros()).as("broker %d", broker).isBetween(0L, check.apiVersionsMicros());
                assertThat(check.apiVersionsMicros()).isLessThan(CHECK.timeout().toMillis() * 1_000L);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> ok(registry, 3) == 1.0);
            assertThat(ok(registry, 1)).isEqualTo(1.0);
            assertThat(ok(registry, 2)).isEqualTo(1.0);

            long outagesBefore = monitor.reading().episodes().brokerOutages().getOrDefault(EpisodeKind.UNPLANNED, 0L);
            shared.cluster().blackhole(3, true);
            ConnectionCheckStats.Snapshot blackholed = roundAfterNow();
            ConnectionCheckStats.BrokerCheck three = blackholed.brokers().get(3);
            assertThat(three.ok()).isFalse();
            assertThat(three.failure()).isEqualTo("no ApiVersions answer within 1500 ms");
            // The sandbox's proxy takes the TCP connection, then passes no bytes.
            assertThat(three.connectMicros()).isGreaterThanOrEqualTo(0);
            assertThat(three.apiVersionsMicros()).isEqualTo(-1);
            assertThat(blackholed.brokers().get(1).ok()).isTrue();
            assertThat(blackholed.brokers().get(2).ok()).isTrue();
            assertThat(blackholed.failingBrokers()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> ok(registry, 3) == 0.0);
            assertThat(ok(registry, 1)).isEqualTo(1.0);
            assertThat(ok(registry, 2)).isEqualTo(1.0);
            assertThat(phase(registry, 3, ConnectionCheckMetrics.PHASE_API_VERSIONS)).isNaN();
            assertThat(phase(registry, 3, ConnectionCheckMetrics.PHASE_CONNECT)).isGreaterThanOrEqualTo(0.0);
            SandboxMonitors.awaitNextReading(monitor);
            assertThat(registry.value(MetricScope.cluster(SandboxMonitors.CLUSTER),
                    ConnectionCheckMetrics.FAILING_BROKERS, 0)).isEqualTo(1.0);
            // No probe goes through broker 3, yet its outage is an episode: unplanned, as the controller counts it online.
            Episode open = brokerEpisode(monitor.reading().episodes().open());
            assertThat(open.kind()).isEqualTo(EpisodeKind.UNPLANNED);
            assertThat(open.evidence()).contains("a fresh connection failed while the controller counted it online")
                    .contains("no ApiVersions answer within 1500 ms");
            roundAfterNow(); // a second failed round: not logged again

            shared.cluster().blackhole(3, false);
            assertThat(roundAfterNow().brokers().get(3).ok()).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> monitor.reading().episodes().open().stream()
                    .noneMatch(e -> e.subject() == Episode.Subject.BROKER && e.id() == 3));
            Episode ended = brokerEpisode(monitor.reading().episodes().recent());
            assertThat(ended.kind()).isEqualTo(EpisodeKind.UNPLANNED);
            assertThat(ended.probesFailed()).isZero();
            assertThat(monitor.reading().episodes().brokerOutages().get(EpisodeKind.UNPLANNED)).isEqualTo(outagesBefore + 1);
            assertThat(logs.lines().stream().filter(l -> l.contains("broker=3 connection check failed"))).hasSize(1);
            assertThat(logs.lines().stream().filter(l -> l.contains("broker=3 connection check ok again"))).hasSize(1);
            assertThat(logs.lines().stream().filter(l -> l.contains("connection check failed"))).hasSize(1);
        }
    }

    @Test
    void addedLatencyShowsInTheBrokersTimeToTheApiVersionsAnswer() throws Exception {
        MetricRegistry registry = start();
        shared.cluster().setLatency(2, ADDED);
        ConnectionCheckStats.Snapshot slowed = roundAfterNow();
        // The request waits 300 ms on its way to the broker and the answer 300 ms on its way back.
        long roundTrip = 2 * ADDED.toMillis() * 1_000L;
        assertThat(slowed.brokers().get(2).ok()).isTrue();
        assertThat(slowed.brokers().get(2).apiVersionsMicros()).isGreaterThanOrEqualTo(roundTrip);
        assertThat(slowed.brokers().get(1).ok()).isTrue();
        assertThat(slowed.brokers().get(3).ok()).isTrue();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> phase(registry, 2, ConnectionCheckMetrics.PHASE_API_VERSIONS) >= roundTrip);
    }

    @Test
    void aStoppedBrokerIsStillListedFencedAndFailsItsCheck() throws Exception {
        start();
        shared.cluster().stopBroker(3, StopMode.GRACEFUL);
        // Fenced at its controlled shutdown, it stays registered: describeCluster lists it only when asked to.
        await().atMost(Duration.ofSeconds(60)).until(() -> roundAfterNow().brokers().get(3).fenced());
        ConnectionCheckStats.BrokerCheck three = roundAfterNow().brokers().get(3);
        assertThat(three.ok()).isFalse();
        // The sandbox's proxy takes the connection and closes it, as nothing listens behind it.
        assertThat(three.failure()).isEqualTo("disconnected before the ApiVersions answer");
        assertThat(three.apiVersionsMicros()).isEqualTo(-1);
        // Fenced, its refused connections are no evidence of a crash: it led nothing, so no probe could tell.
        SandboxMonitors.awaitNextReading(monitor);
        assertThat(brokerEpisode(monitor.reading().episodes().open()).kind()).isEqualTo(EpisodeKind.UNKNOWN);
    }

    /** Broker 3's newest episode among these. */
    private static Episode brokerEpisode(List<Episode> episodes) {
        return episodes.stream().filter(e -> e.subject() == Episode.Subject.BROKER && e.id() == 3).findFirst()
                .orElseThrow(() -> new AssertionError("no episode of broker 3: " + episodes));
    }

    private MetricRegistry start() throws Exception {
        // Led by brokers 1 and 2 only, and left so: no probe reaches broker 3.
        if (!shared.admin().listTopics().names().get().contains(TOPIC)) {
            SandboxMonitors.createTopic(shared.admin(), new NewTopic(TOPIC, Map.of(0, List.of(1), 1, List.of(2))));
        }
        ClusterConfig config = SandboxMonitors.config(shared.cluster().bootstrapServers(), TOPIC,
                TopicManagement.REPORT_ONLY).withConnectionCheck(CHECK);
        MetricRegistry registry = new MetricRegistry();
        monitor = new ClusterMonitor(config, shared.cluster().bootstrapServers(), MicroClock.system(), registry);
        monitor.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> rounds() >= 1);
        return registry;
    }

    /** The first round that began after this call. */
    private ConnectionCheckStats.Snapshot roundAfterNow() {
        long seen = rounds();
        // A round in flight now may have begun before: the one after it began after.
        await().atMost(Duration.ofSeconds(30)).until(() -> rounds() >= seen + 2);
        return monitor.readNow().connections().orElseThrow();
    }

    private long rounds() {
        return monitor.readNow().connections().map(ConnectionCheckStats.Snapshot::rounds).orElse(0L);
    }

    private static double ok(MetricRegistry registry, int broker) {
        return registry.value(MetricScope.broker(SandboxMonitors.CLUSTER, broker), ConnectionCheckMetrics.CONNECTION_OK,
                0);
    }

    private static double phase(MetricRegistry registry, int broker, String phase) {
        return registry.value(MetricScope.brokerConnection(SandboxMonitors.CLUSTER, broker, phase),
                ConnectionCheckMetrics.CONNECTION, 0);
    }
}
