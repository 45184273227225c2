package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.MirrorConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.stats.MirrorStats;
import dev.vigil.core.time.MicroClock;
import dev.vigil.sandbox.SandboxCluster;
import dev.vigil.sandbox.StopMode;
import dev.vigil.services.mirror.TopicReplicator;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mirror probe on two real sandbox clusters, A monitored and mirrored to B by a replicator in
 * this JVM ({@link TopicReplicator}, MirrorMaker 2's naming and delivery): while it runs nothing is
 * lost or duplicated and the mirror is available; stopped, mirror availability drops while A's own
 * probes stay healthy; restarted, the probes written meanwhile arrive late (replication latency
 * rises by about the outage) and none is counted lost; records it drops or copies twice are counted
 * exactly as lost and duplicates.
 */
class MirrorProbeIntegrationTest {

    private static final String SOURCE = "a";
    private static final String TARGET = "b";
    // Not "__vigil_probe": MirrorMaker 2's default policy never replicates a topic starting with "__".
    private static final String TOPIC = "vigil_probe";
    private static final ProbeConfig PROBE = new ProbeConfig(Duration.ofMillis(200), 100, Duration.ofMillis(2_000),
            Duration.ofMillis(4_000), Duration.ofMillis(8_000), Duration.ofSeconds(10), 5, Duration.ofSeconds(1));
    /** Mirror SLA 4 s; grace 25 s, well above the 8 s outage plus a restart on a busy machine. */
    private static final MirrorConfig MIRROR = new MirrorConfig(TARGET, MirrorConfig.defaultTopic(SOURCE, TOPIC),
            Duration.ofSeconds(4), Duration.ofSeconds(25));
    private static final Duration OUTAGE = Duration.ofSeconds(8);
    private static final MicroClock CLOCK = MicroClock.system();

    private static SandboxCluster a;
    private static SandboxCluster b;

    @BeforeAll
    static void startSandboxes() {
        a = SandboxCluster.start(1);
        b = SandboxCluster.start(1);
    }

    @AfterAll
    static void stopSandboxes() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void mirrorOutageIsUnavailableThenLateButNeverLostAndDropsAndCopiesAreCountedExactly() throws Exception {
        MetricRegistry registry = new MetricRegistry();
        ClusterConfig source = new ClusterConfig(SOURCE, Optional.of(a.bootstrapServers()), Optional.empty(), Map.of(),
                new TopicConfig(TOPIC, 2, OptionalInt.empty(), OptionalInt.empty()), PROBE).withMirror(MIRROR);
        ClusterConfig target = new ClusterConfig(TARGET, Optional.of(b.bootstrapServers()), Optional.empty(), Map.of(),
                new TopicConfig(TOPIC, 2, OptionalInt.empty(), OptionalInt.empty()), PROBE);
        ClusterMonitor monitor = new ClusterMonitor(source, a.bootstrapServers(),
                new MirrorTarget(target, b.bootstrapServers()), CLOCK, registry);
        TopicReplicator replicator = new TopicReplicator(SOURCE, TOPIC, Map.of("bootstrap.servers", a.bootstrapServers()),
                Map.of("bootstrap.servers", b.bootstrapServers()));
        assertThat(replicator.remoteTopic()).isEqualTo(MIRROR.topic());
        monitor.start();
        MirrorStats mirror = monitor.mirrorStats().orElseThrow();
        try {
            replicator.start();

            // Running: every probe is mirrored within the SLA, none lost, none twice.
            await().atMost(Duration.ofSeconds(90)).until(() -> mirror.received() >= 100
                    && value(registry, "mirrorAvailability") == 1.0);
            SandboxMonitors.holdsThroughout(Duration.ofSeconds(5), () -> value(registry, "mirrorAvailability") == 1.0
                    && mirror.lostAcked() == 0 && mirror.lostUnacked() == 0 && mirror.duplicates() == 0);
            assertThat(value(registry, "mirrorTopicPartitions")).isEqualTo(2.0);
            assertThat(value(registry, "mirrorReachable")).isEqualTo(1.0);
            double healthyMax = value(registry, "mirrorLatencyMaxMicros");
            assertThat(healthyMax).isBetween(1.0, 4_000_000.0);

            // Stopped: probes are still acked in A, but not seen in B within the mirror SLA.
            replicator.stop();
            long stoppedAt = CLOCK.nowMicros();
            await().atMost(Duration.ofSeconds(20)).until(() -> value(registry, "mirrorAvailability") < 1.0);
            await().atMost(OUTAGE.plusSeconds(10)).until(() -> CLOCK.nowMicros() - stoppedAt >= OUTAGE.toMillis() * 1_000);
            assertThat(value(registry, "produceAvailability")).isEqualTo(1.0); // A itself is fine
            assertThat(value(registry, "consumeAvailability")).isEqualTo(1.0);
            long receivedBeforeRestart = mirror.received();

            // Restarted: it resumes where it committed; the outage's probes arrive about OUTAGE late.
            replicator.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> value(registry, "mirrorLatencyMaxMicros")
                    >= OUTAGE.toMillis() * 1_000 * 0.75);
            assertThat(mirror.received()).isGreaterThan(receivedBeforeRestart + 20);
            // Every probe of the outage has passed its grace: none was lost, none copied twice.
            long graceAfterRestart = CLOCK.nowMicros() + MIRROR.lossGrace().toMillis() * 1_000 + 2_000_000;
            await().atMost(MIRROR.lossGrace().plusSeconds(30)).until(() -> CLOCK.nowMicros() > graceAfterRestart);
            assertThat(mirror.lostAcked()).isZero();
            assertThat(mirror.lostUnacked()).isZero();
            assertThat(mirror.duplicates()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> value(registry, "mirrorAvailability") == 1.0);

            // A replicator that drops 5 records and copies 3 twice: exactly that many lost and duplicates.
            replicator.dropNext(5);
            replicator.duplicateNext(3);
            await().atMost(Duration.ofSeconds(20)).until(() -> mirror.duplicates() == 3);
            await().atMost(MIRROR.lossGrace().plusSeconds(30)).until(() -> mirror.lostAcked() >= 5);
            SandboxMonitors.holdsThroughout(Duration.ofSeconds(3), () -> mirror.lostAcked() == 5);
            assertThat(value(registry, "mirrorLostAcked")).isEqualTo(5.0);
            assertThat(value(registry, "mirrorDuplicates")).isEqualTo(3.0);
            assertThat(mirror.lostUnacked()).isZero();
            // A's own consume probe lost nothing all along.
            assertThat(value(registry, "lostAcked")).isZero();
            assertThat(replicator.failure()).isEmpty();
        } finally {
            replicator.stop();
            monitor.stop();
            assertThat(monitor.awaitShutdown(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void mirroredTopicMissingInTheTargetIsEveryProbeNotMirroredAndIsNeverCreatedThere() throws Exception {
        String topic = "vigil_unmirrored";
        MirrorConfig nowhere = new MirrorConfig(TARGET, MirrorConfig.defaultTopic(SOURCE, topic), Duration.ofSeconds(1),
                Duration.ofSeconds(5));
        MetricRegistry registry = new MetricRegistry();
        ClusterConfig source = new ClusterConfig(SOURCE, Optional.of(a.bootstrapServers()), Optional.empty(), Map.of(),
                new TopicConfig(topic, 2, OptionalInt.empty(), OptionalInt.empty()), PROBE).withMirror(nowhere);
        ClusterConfig target = new ClusterConfig(TARGET, Optional.of(b.bootstrapServers()), Optional.empty(), Map.of(),
                new TopicConfig(topic, 2, OptionalInt.empty(), OptionalInt.empty()), PROBE);
        ClusterMonitor monitor = new ClusterMonitor(source, a.bootstrapServers(),
                new MirrorTarget(target, b.bootstrapServers()), CLOCK, registry);
        monitor.start();
        MirrorStats mirror = monitor.mirrorStats().orElseThrow();
        try {
            // The target answers it has no such topic: every acked probe misses the SLA, then the grace.
            await().atMost(Duration.ofSeconds(60)).until(() -> value(registry, "mirrorAvailability") == 0.0
                    && mirror.lostAcked() >= 5);
            assertThat(value(registry, "mirrorTopicPartitions")).isZero();
            assertThat(value(registry, "mirrorReachable")).isEqualTo(1.0);
            assertThat(mirror.received()).isZero();
            assertThat(mirror.lostUnacked()).isZero();
            assertThat(value(registry, "produceAvailability")).isEqualTo(1.0); // the source itself is fine
            assertThat(value(registry, "lostAcked")).isZero();
            // Looking for it never made the target's broker auto-create it (with its default partition count).
            try (Admin admin = Admin.create(b.adminConfig())) {
                assertThat(admin.listTopics().names().get()).doesNotContain(nowhere.topic());
            }
        } finally {
            monitor.stop();
            assertThat(monitor.awaitShutdown(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void unreachableTargetHoldsMirrorVerdictsBackInsteadOfCountingLoss() throws Exception {
        String topic = "vigil_probe_target_down";
        MirrorConfig config = new MirrorConfig(TARGET, MirrorConfig.defaultTopic(SOURCE, topic), Duration.ofSeconds(2),
                Duration.ofSeconds(6));
        MetricRegistry registry = new MetricRegistry();
        ClusterConfig source = new ClusterConfig(SOURCE, Optional.of(a.bootstrapServers()), Optional.empty(), Map.of(),
                new TopicConfig(topic, 2, OptionalInt.empty(), OptionalInt.empty()), PROBE).withMirror(config);
        ClusterConfig target = new ClusterConfig(TARGET, Optional.of(b.bootstrapServers()), Optional.empty(), Map.of(),
                new TopicConfig(topic, 2, OptionalInt.empty(), OptionalInt.empty()), PROBE);
        ClusterMonitor monitor = new ClusterMonitor(source, a.bootstrapServers(),
                new MirrorTarget(target, b.bootstrapServers()), CLOCK, registry);
        TopicReplicator replicator = new TopicReplicator(SOURCE, topic, Map.of("bootstrap.servers", a.bootstrapServers()),
                Map.of("bootstrap.servers", b.bootstrapServers()));
        int broker = b.brokerIds().get(0);
        monitor.start();
        MirrorStats mirror = monitor.mirrorStats().orElseThrow();
        try {
            replicator.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> mirror.received() >= 20
                    && value(registry, "mirrorAvailability") == 1.0);

            // The target's only broker is down for twice the mirror grace: no verdict, so no loss.
            b.stopBroker(broker, StopMode.GRACEFUL);
            await().atMost(Duration.ofSeconds(20)).until(() -> value(registry, "mirrorReachable") == 0.0);
            SandboxMonitors.holdsThroughout(config.lossGrace().multipliedBy(2),
                    () -> mirror.lostAcked() == 0 && mirror.lostUnacked() == 0);
            long receivedBefore = mirror.received();

            // Back: the replicator delivers the backlog and every probe of the outage is seen, late.
            b.startBroker(broker);
            await().atMost(Duration.ofSeconds(60)).until(() -> value(registry, "mirrorReachable") == 1.0
                    && mirror.received() > receivedBefore + 50);
            long pastGrace = CLOCK.nowMicros() + config.lossGrace().toMillis() * 1_000 + 2_000_000;
            await().atMost(config.lossGrace().plusSeconds(30)).until(() -> CLOCK.nowMicros() > pastGrace);
            assertThat(mirror.lostAcked()).isZero();
            assertThat(mirror.lostUnacked()).isZero();
            assertThat(value(registry, "lostAcked")).isZero();
            assertThat(replicator.failure()).isEmpty();
        } finally {
            b.startBroker(broker); // for the other tests; does nothing when it runs
            replicator.stop();
            monitor.stop();
            assertThat(monitor.awaitShutdown(Duration.ofSeconds(10))).isTrue();
        }
    }

    private static double value(MetricRegistry registry, String name) {
        return registry.collect(CLOCK.nowMicros()).stream()
                .filter(s -> s.scope().equals(MetricScope.cluster(SOURCE)))
                .flatMap(s -> s.values().stream())
                .filter(v -> v.name().equals(name))
                .mapToDouble(MetricValue::value)
                .findFirst().orElse(Double.NaN);
    }
}
