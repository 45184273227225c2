package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ControllerProbeConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.stats.ControllerProbeMetrics;
import dev.vigil.core.stats.ControllerProbeStats;
import dev.vigil.core.time.MicroClock;
import dev.vigil.sandbox.StopMode;
import dev.vigil.services.probe.ControllerProbe;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The controller probe on a real 3-broker sandbox: a leftover probe topic of an earlier run is
 * swept at start; rounds succeed with every broker serving its partition; a crashed broker that
 * the controller still counts as online fails the round that gave it a partition, until its
 * session expires; no probe topic outlives the monitor; a create the Admin client resent after it went
 * through is the round's own topic, not a failure.
 */
class ControllerProbeIntegrationTest {

    private static final String CLUSTER = "ctl-it";
    private static final String TOPIC = "ctl-probe";
    private static final String PREFIX = ControllerProbe.prefixOf(TOPIC);
    private static final MicroClock CLOCK = MicroClock.system();
    private static final ProbeConfig PROBE = new ProbeConfig(Duration.ofMillis(500), 100, Duration.ofMillis(2_000),
            Duration.ofMillis(4_000), Duration.ofMillis(8_000), Duration.ofSeconds(10), 5, Duration.ofSeconds(1));

    /** A round every second, 4 s to be done. */
    private static final ControllerProbeConfig CONTROLLER = new ControllerProbeConfig(true, Duration.ofSeconds(1),
            Duration.ofSeconds(4));

    @RegisterExtension
    static final SharedSandbox shared = new SharedSandbox(3);

    @Test
    void roundsSucceedFailOnACrashedBrokerAndLeaveNoTopicBehind() throws Exception {
        // A leftover of a run that crashed mid-round, long ago.
        String leftover = PREFIX + "1000";
        shared.admin().createTopics(List.of(new NewTopic(leftover, 1, (short) 1))).all().get();
        MetricRegistry registry = new MetricRegistry();
        ClusterConfig config = new ClusterConfig(CLUSTER, Optional.of(shared.cluster().bootstrapServers()), Optional.empty(),
                Map.of(), new TopicConfig(TOPIC, 2, OptionalInt.empty(), OptionalInt.empty()), PROBE)
                .withController(CONTROLLER);
        ClusterMonitor monitor = new ClusterMonitor(config, shared.cluster().bootstrapServers(), CLOCK, registry);
        monitor.start();
        long stoppingAtMillis = Long.MAX_VALUE;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> value(registry, ControllerProbeMetrics.ATTEMPTS) >= 3);
            assertThat(value(registry, ControllerProbeMetrics.LEFTOVERS_DELETED)).isEqualTo(1.0);
            assertThat(probeTopics()).doesNotContain(leftover);
            assertThat(value(registry, ControllerProbeMetrics.FAILURES)).isZero();
            assertThat(value(registry, ControllerProbeMetrics.AVAILABILITY)).isEqualTo(1.0);
            // Create, 3 leaderships taken, all within the 4 s SLA.
            assertThat(value(registry, ControllerProbeMetrics.METADATA_PROPAGATION_LATENCY.max())).isBetween(1.0, 4_000_000.0);

            shared.cluster().stopBroker(3, StopMode.ABRUPT);
            // Until its 3 s session expires the controller still gives broker 3 a partition, which it never serves.
            await().atMost(Duration.ofSeconds(30)).until(() -> value(registry, ControllerProbeMetrics.FAILURES) >= 1);
            double failedAt = value(registry, ControllerProbeMetrics.FAILURES);
            assertThat(value(registry, ControllerProbeMetrics.AVAILABILITY)).isLessThan(1.0);
            // Fenced, it gets none: rounds succeed again, and no more fail.
            double attempts = value(registry, ControllerProbeMetrics.ATTEMPTS);
            await().atMost(Duration.ofSeconds(30)).until(() -> value(registry, ControllerProbeMetrics.ATTEMPTS) >= attempts + 3);
            double failures = value(registry, ControllerProbeMetrics.FAILURES);
            assertThat(failures).isBetween(failedAt, 3.0); // a 3 s session, 4 s SLA: one round, at most a few
            await().atMost(Duration.ofSeconds(30)).until(() -> value(registry, ControllerProbeMetrics.AVAILABILITY) == 1.0);
            assertThat(value(registry, ControllerProbeMetrics.FAILURES)).isEqualTo(failures);
            // Every failed round is the crashed broker's: it never served its partition. A round that
            // placed a partition on it just as the controller fenced it asked again, and is not a failure.
            assertThat(broker(registry, 3, ControllerProbeMetrics.METADATA_NOT_SERVED))
                    .as("rounds failed by broker 3 not serving (a failure of another cause is in the log)")
                    .isEqualTo(failures);
            assertThat(broker(registry, 1, ControllerProbeMetrics.METADATA_NOT_SERVED)).isZero();
            assertThat(broker(registry, 2, ControllerProbeMetrics.METADATA_NOT_SERVED)).isZero();
            // Every round deleted its own topic, the failed one included: the sweep before each round
            // found none of them, only the leftover planted above.
            assertThat(value(registry, ControllerProbeMetrics.LEFTOVERS_DELETED)).isEqualTo(1.0);
        } finally {
            stoppingAtMillis = CLOCK.wallMillis();
            monitor.stop();
            assertThat(monitor.awaitShutdown(Duration.ofSeconds(10))).isTrue();
        }
        long stoppedAtMillis = CLOCK.wallMillis();
        shared.cluster().startBroker(3);
        // Only the round the stop interrupted may have left its topic (its create may have been in flight
        // when its delete was sent): at most one, named when that round began, within one SLA before the stop.
        AtomicReference<List<String>> seen = new AtomicReference<>(List.of());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30))
                .until(() -> probeTopics().equals(seen.getAndSet(probeTopics())));
        List<String> left = seen.get();
        long from = stoppingAtMillis - CONTROLLER.sla().toMillis();
        assertThat(left).hasSizeLessThanOrEqualTo(1).allSatisfy(t -> assertThat(Long.parseLong(t.substring(PREFIX.length())))
                .as("creation time of %s", t).isBetween(from, stoppedAtMillis));

        // The next start's sweep deletes it, as it deleted the leftover at the top of this test.
        MetricRegistry next = new MetricRegistry();
        ClusterMonitor restarted = new ClusterMonitor(config, shared.cluster().bootstrapServers(), CLOCK, next);
        restarted.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> value(next, ControllerProbeMetrics.ATTEMPTS) >= 1
                    && probeTopics().stream().noneMatch(left::contains));
            // The cluster scope shows the latest harvest's reading: the sweep's count may be a harvest (1 s) behind.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> value(next, ControllerProbeMetrics.LEFTOVERS_DELETED) >= left.size());
            assertThat(value(next, ControllerProbeMetrics.LEFTOVERS_DELETED)).isEqualTo(left.size());
        } finally {
            restarted.stop();
            assertThat(restarted.awaitShutdown(Duration.ofSeconds(10))).isTrue();
        }
    }

    /**
     * The Admin client resends a create whose answer it did not get (under load, a round's create went through
     * to the controller while broker 3 died, and the resent one was refused: TopicExists, once counted a failed
     * round). The round's topic already there, named on the round's own millisecond, is the round's: it is
     * served, timed and deleted, and no round fails.
     */
    @Test
    void aCreateResentAfterItWentThroughIsTheRoundsOwnTopic() throws Exception {
        List<Integer> online = awaitOnline(3);
        long roundMillis = System.currentTimeMillis();
        String topic = PREFIX + roundMillis;
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        for (int p = 0; p < online.size(); p++) {
            assignment.put(p, List.of(online.get(p)));
        }
        shared.admin().createTopics(List.of(new NewTopic(topic, assignment))).all().get();
        // The first round's sweep and name read the wall clock at the millisecond of that first create.
        AtomicInteger wallReads = new AtomicInteger();
        MicroClock clock = new MicroClock() {
            @Override
            public long nowMicros() {
                return CLOCK.nowMicros();
            }

            @Override
            public long wallMillis() {
                return wallReads.incrementAndGet() <= 2 ? roundMillis : CLOCK.wallMillis();
            }
        };
        ControllerProbeStats stats = new ControllerProbeStats(60_000_000L, 6);
        ControllerProbe probe = new ControllerProbe(CLUSTER, TOPIC, CONTROLLER, shared.admin(), stats, clock);
        probe.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> stats.snapshot(CLOCK.nowMicros()).attempts() >= 2);
        } finally {
            probe.stop();
            assertThat(probe.awaitShutdown(Duration.ofSeconds(10))).isTrue();
        }
        ControllerProbeStats.Snapshot rounds = stats.snapshot(CLOCK.nowMicros());
        assertThat(wallReads.get()).as("the first round read the wall clock twice, its sweep and its name").isGreaterThan(2);
        assertThat(rounds.failures()).isZero();
        assertThat(rounds.availability()).isEqualTo(1.0);
        // Deleted by its round, not by a sweep.
        assertThat(rounds.leftoversDeleted()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> !probeTopics().contains(topic));
    }

    /** The brokers the controller counts online, once there are {@code count}: a previous test may have restarted one. */
    private static List<Integer> awaitOnline(int count) {
        AtomicReference<List<Integer>> online = new AtomicReference<>(List.of());
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            online.set(shared.admin().describeCluster().nodes().get().stream().map(Node::id).sorted().toList());
            return online.get().size() == count;
        });
        return online.get();
    }

    private static List<String> probeTopics() throws Exception {
        return shared.admin().listTopics().names().get().stream().filter(n -> n.startsWith(PREFIX)).toList();
    }

    private static double value(MetricRegistry registry, Metric metric) {
        return registry.value(MetricScope.cluster(CLUSTER), metric, CLOCK.nowMicros());
    }

    private static double broker(MetricRegistry registry, int broker, Metric metric) {
        return registry.value(MetricScope.broker(CLUSTER, broker), metric, CLOCK.nowMicros());
    }
}
