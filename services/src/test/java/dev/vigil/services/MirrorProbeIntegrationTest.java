package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.MirrorConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.probe.ProbeCodec;
import dev.vigil.core.probe.ProbeRecord;
import dev.vigil.core.stats.MirrorMetrics;
import dev.vigil.core.stats.MirrorStats;
import dev.vigil.core.stats.ScopeMetrics;
import dev.vigil.core.time.MicroClock;
import dev.vigil.sandbox.SandboxCluster;
import dev.vigil.sandbox.StopMode;
import dev.vigil.services.mirror.DedicatedMirrorMaker;
import dev.vigil.services.mirror.TopicReplicator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mirror probe on two real sandbox clusters, A monitored and mirrored to B, shared by the tests
 * (each its own topic). With a real MirrorMaker 2 in this JVM ({@link DedicatedMirrorMaker}): while
 * it runs nothing is lost or duplicated and the mirror is available; stopped, mirror availability
 * drops while A's own probes stay healthy; restarted, it resumes from its committed offsets, the
 * probes written meanwhile arrive late (replication latency rises by about the outage) and none is
 * counted lost or duplicated. A real MirrorMaker cannot be told to lose or repeat records, so a
 * stand-in with its naming ({@link TopicReplicator}) provokes those: records it drops or copies
 * twice are counted exactly as lost and duplicates. Held back across an outage of the target, or of
 * one partition's leader in a third, two-broker sandbox, it shows that verdicts wait for the backlog
 * where the outage was, and only there.
 */
class MirrorProbeIntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(MirrorProbeIntegrationTest.class);
    private static final String SOURCE = "a";
    private static final String TARGET = "b";
    private static final ProbeConfig PROBE = new ProbeConfig(Duration.ofMillis(200), 100, Duration.ofMillis(2_000),
            Duration.ofMillis(4_000), Duration.ofMillis(8_000), Duration.ofSeconds(10), 5, Duration.ofSeconds(1));
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
    static void stopSandboxes() throws Exception {
        Resources.closeAll(a, b);
    }

    @Test
    void mirrorMakerStoppedIsUnavailableThenLateButNeverLostOrDuplicatedAfterItsRestart() throws Exception {
        // Not "__vigil_probe": MirrorMaker 2's default policy never replicates a topic starting with "__".
        String topic = "vigil_probe";
        // Mirror SLA 4 s; grace 25 s, well above the 8 s outage plus MirrorMaker's restart on a busy machine.
        MirrorConfig config = mirrorOf(topic, Duration.ofSeconds(4), Duration.ofSeconds(25));
        MetricRegistry registry = new MetricRegistry();
        ClusterMonitor monitor = monitor(topic, config, registry);
        DedicatedMirrorMaker mirrorMaker = new DedicatedMirrorMaker(SOURCE, a.bootstrapServers(), TARGET,
                b.bootstrapServers(), topic);
        // The monitor topic exists and MirrorMaker copies it before the first probe, as README advises:
        // on a busy machine MirrorMaker's start alone can outlast the grace.
        try (Admin admin = Admin.create(a.adminConfig())) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        mirrorMaker.start();
        try {
            try (Admin admin = Admin.create(b.adminConfig())) {
                await().atMost(Duration.ofSeconds(60)).until(() -> admin.listTopics().names().get()
                        .contains(config.topic()));
            }
            monitor.start();
            try {
                stopAndRestart(mirrorMaker, monitor.mirrorStats().orElseThrow(), registry, config);
            } finally {
                monitor.stop();
                assertThat(monitor.awaitShutdown(Duration.ofSeconds(10))).isTrue();
            }
        } finally {
            mirrorMaker.stop();
        }
    }

    private static void stopAndRestart(DedicatedMirrorMaker mirrorMaker, MirrorStats mirror, MetricRegistry registry,
                                       MirrorConfig config) {
        // Running: every probe is mirrored within the SLA, none lost, none twice.
        await().atMost(Duration.ofSeconds(120)).until(() -> mirror.received() >= 50
                && value(registry, MirrorMetrics.AVAILABILITY) == 1.0);
        SandboxMonitors.holdsThroughout(Duration.ofSeconds(3), () -> value(registry, MirrorMetrics.AVAILABILITY) == 1.0
                && mirror.lostAcked() == 0 && mirror.lostUnacked() == 0 && mirror.duplicates() == 0);
        assertThat(value(registry, MirrorMetrics.TOPIC_PARTITIONS)).isEqualTo(2.0);
        assertThat(value(registry, MirrorMetrics.REACHABLE)).isEqualTo(1.0);
        assertThat(value(registry, MirrorMetrics.FOREIGN_RECORDS)).isZero();
        double healthyMax = value(registry, MirrorMetrics.LATENCY.max());
        assertThat(healthyMax).isBetween(1.0, 4_000_000.0);

        // Stopped: probes are still acked in A, but none is seen in B once the last copies were read.
        mirrorMaker.stop();
        long stoppedAt = CLOCK.nowMicros();
        await().atMost(Duration.ofSeconds(20)).until(() -> value(registry, MirrorMetrics.AVAILABILITY) < 1.0);
        long receivedWhileStopped = mirror.received();
        await().atMost(OUTAGE.plusSeconds(10)).until(() -> CLOCK.nowMicros() - stoppedAt >= OUTAGE.toMillis() * 1_000);
        assertThat(value(registry, ScopeMetrics.PRODUCE_AVAILABILITY)).isEqualTo(1.0); // A itself is fine
        assertThat(value(registry, ScopeMetrics.CONSUME_AVAILABILITY)).isEqualTo(1.0);
        assertThat(mirror.received()).isEqualTo(receivedWhileStopped);

        // Restarted: a probe sent in the second after the stop can only be copied by the new instance,
        // so it arrives at least the outage, less that second, after it was sent.
        long outageMicros = CLOCK.nowMicros() - stoppedAt;
        mirrorMaker.start();
        long lateBound = outageMicros - 1_000_000;
        await().atMost(Duration.ofSeconds(60)).until(() -> value(registry, MirrorMetrics.LATENCY.max()) >= lateBound);
        log.info("mirror outage {} ms: replication latency max {} ms, p99 {} ms", outageMicros / 1_000,
                value(registry, MirrorMetrics.LATENCY.max()) / 1_000, value(registry, MirrorMetrics.LATENCY.p99()) / 1_000);
        // Every probe of the outage has passed its grace: all arrived, none was lost, none copied twice
        // (MirrorMaker's graceful stop commits the source offsets of what it copied).
        long graceAfterRestart = CLOCK.nowMicros() + config.lossGrace().toMillis() * 1_000 + 2_000_000;
        await().atMost(config.lossGrace().plusSeconds(30)).until(() -> CLOCK.nowMicros() > graceAfterRestart);
        log.info("after MirrorMaker's restart: mirrorReceived {} ({} while stopped), mirrorDuplicates {}, mirrorLate {}",
                mirror.received(), receivedWhileStopped, mirror.duplicates(), mirror.late());
        assertThat(mirror.received()).isGreaterThanOrEqualTo(receivedWhileStopped
                + OUTAGE.toMillis() / PROBE.interval().toMillis());
        assertThat(mirror.lostAcked()).isZero();
        assertThat(mirror.lostUnacked()).isZero();
        assertThat(mirror.duplicates()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> value(registry, MirrorMetrics.AVAILABILITY) == 1.0);
        assertThat(value(registry, ScopeMetrics.LOST_ACKED)).isZero(); // A's own consume probe lost nothing all along
    }

    @Test
    void replicatorThatDropsAndCopiesTwiceIsCountedExactlyAsLostAndDuplicates() throws Exception {
        String topic = "vigil_probe_faults";
        MirrorConfig config = mirrorOf(topic, Duration.ofSeconds(4), Duration.ofSeconds(10));
        try (MirroredMonitor run = new MirroredMonitor(topic, config, b)) {
            assertThat(run.replicator.remoteTopic()).isEqualTo(config.topic());
            run.replicate();
            assertThat(run.mirror.lostAcked()).isZero();
            assertThat(run.mirror.duplicates()).isZero();

            // A replicator that drops 5 records and copies 3 twice: exactly that many lost and duplicates.
            run.replicator.dropNext(5);
            run.replicator.duplicateNext(3);
            await().atMost(Duration.ofSeconds(20)).until(() -> run.mirror.duplicates() == 3);
            await().atMost(config.lossGrace().plusSeconds(30)).until(() -> run.mirror.lostAcked() >= 5);
            SandboxMonitors.holdsThroughout(Duration.ofSeconds(3), () -> run.mirror.lostAcked() == 5);
            assertThat(run.value(MirrorMetrics.LOST_ACKED)).isEqualTo(5.0);
            assertThat(run.value(MirrorMetrics.DUPLICATES)).isEqualTo(3.0);
            assertThat(run.mirror.lostUnacked()).isZero();
            // A's own consume probe lost nothing all along.
            assertThat(run.value(ScopeMetrics.LOST_ACKED)).isZero();
            assertThat(run.replicator.failure()).isEmpty();
        }
    }

    @Test
    void mirroredTopicMissingInTheTargetIsEveryProbeNotMirroredAndIsNeverCreatedThere() throws Exception {
        String topic = "vigil_unmirrored";
        MirrorConfig nowhere = mirrorOf(topic, Duration.ofSeconds(1), Duration.ofSeconds(5));
        try (MirroredMonitor run = new MirroredMonitor(topic, nowhere, b)) { // its replicator never started
            // The target answers it has no such topic: every acked probe misses the SLA, then the grace.
            await().atMost(Duration.ofSeconds(60)).until(() -> run.value(MirrorMetrics.AVAILABILITY) == 0.0
                    && run.mirror.lostAcked() >= 5);
            assertThat(run.value(MirrorMetrics.TOPIC_PARTITIONS)).isZero();
            assertThat(run.value(MirrorMetrics.REACHABLE)).isEqualTo(1.0);
            assertThat(run.mirror.received()).isZero();
            assertThat(run.mirror.lostUnacked()).isZero();
            assertThat(run.value(ScopeMetrics.PRODUCE_AVAILABILITY)).isEqualTo(1.0); // the source itself is fine
            assertThat(run.value(ScopeMetrics.LOST_ACKED)).isZero();
            // Looking for it never made the target's broker auto-create it (with its default partition count).
            try (Admin admin = Admin.create(b.adminConfig())) {
                assertThat(admin.listTopics().names().get()).doesNotContain(nowhere.topic());
            }
        }
    }

    /**
     * The replicator is held back from before the target's only broker goes down until a moment after
     * it is back, as a replicator slow to resume: the mirror consumer then reads the target's log end
     * before the outage's backlog is in it, every time. Verdicts wait a grace after the target returned,
     * so the backlog, copied within that grace, is not counted lost; the probes the replicator never
     * copies are, once the grace has passed.
     */
    @Test
    void unreachableTargetHoldsMirrorVerdictsBackInsteadOfCountingLoss() throws Exception {
        String topic = "vigil_probe_target_down";
        Duration grace = Duration.ofSeconds(8);
        MirrorConfig config = mirrorOf(topic, Duration.ofSeconds(2), grace);
        int broker = b.brokerIds().get(0);
        try (MirroredMonitor run = new MirroredMonitor(topic, config, b)) {
            try {
                run.replicate();

                // Down for longer than the grace: no verdict on the probes of the outage, so no loss.
                run.replicator.pause();
                long paused = CLOCK.nowMicros();
                long receivedBefore = run.mirror.received();
                b.stopBroker(broker, StopMode.GRACEFUL);
                await().atMost(Duration.ofSeconds(20)).until(() -> run.value(MirrorMetrics.REACHABLE) == 0.0);
                SandboxMonitors.holdsThroughout(grace.plusSeconds(4),
                        () -> run.mirror.lostAcked() == 0 && run.mirror.lostUnacked() == 0);

                // Back, the replicator still held: the consumer reaches the log end, none of the backlog is there
                // (without the hold, the probes of the outage's first seconds were counted lost here).
                b.startBroker(broker);
                await().atMost(Duration.ofSeconds(30)).until(() -> run.value(MirrorMetrics.REACHABLE) == 1.0);
                long back = CLOCK.nowMicros();
                SandboxMonitors.holdsThroughout(Duration.ofSeconds(2),
                        () -> run.mirror.lostAcked() == 0 && run.mirror.lostUnacked() == 0);
                // At most what was in flight.
                assertThat(run.mirror.received()).isLessThanOrEqualTo(receivedBefore + 10);

                // The replicator copies the backlog within the grace after the return, all but 3 probes.
                run.replicator.dropNext(3);
                run.replicator.resume();
                long backlog = (back - paused) / (PROBE.interval().toMillis() * 1_000); // one partition's, at least
                await().atMost(Duration.ofSeconds(20)).until(() -> run.mirror.received() >= receivedBefore + backlog);
                long pastGrace = back + grace.toMillis() * 1_000 + 2_000_000;
                await().atMost(grace.plusSeconds(30)).until(() -> CLOCK.nowMicros() > pastGrace);
                await().atMost(Duration.ofSeconds(10)).until(() -> run.mirror.lostAcked() >= 3);
                log.info("target down then back with the replicator held: mirrorReceived {} ({} before), lostAcked {}",
                        run.mirror.received(), receivedBefore, run.mirror.lostAcked());
                assertThat(run.mirror.lostAcked()).isEqualTo(3);
                assertThat(run.mirror.lostUnacked()).isZero();
                assertThat(run.value(ScopeMetrics.LOST_ACKED)).isZero();
                assertThat(run.replicator.failure()).isEmpty();
            } finally {
                b.startBroker(broker); // for the other tests; does nothing when it runs
            }
        }
    }

    /**
     * A partition of the mirrored topic without a leader (its only replica's broker down) holds back
     * only the verdicts of the source partition copied into it: the other partition is judged all
     * along, here 5 probes the replicator dropped from it are lost after the grace, while the probes
     * waiting for the leader, longer than the grace, are not. Once it is back the backlog arrives; of it,
     * only the 2 probes the replicator dropped are lost.
     */
    @Test
    void partitionWithoutLeaderInTheTargetHoldsBackOnlyTheVerdictsOfTheProbesCopiedIntoIt() throws Exception {
        String topic = "vigil_probe_leaderless";
        Duration grace = Duration.ofSeconds(6);
        MirrorConfig config = mirrorOf(topic, Duration.ofSeconds(2), grace);
        try (SandboxCluster target = SandboxCluster.start(2)) {
            // One replica each, partition 1 on broker 2 alone: with broker 2 down it has no leader.
            try (Admin admin = Admin.create(target.adminConfig())) {
                admin.createTopics(List.of(new NewTopic(config.topic(), Map.of(0, List.of(1), 1, List.of(2)))))
                        .all().get();
            }
            try (MirroredMonitor run = new MirroredMonitor(topic, config, target)) {
                try {
                    run.replicate();

                    target.stopBroker(2, StopMode.GRACEFUL);
                    long down = CLOCK.nowMicros();
                    run.replicator.dropNext(0, 5);
                    run.replicator.dropNext(1, 2);
                    await().atMost(grace.plusSeconds(20)).until(() -> run.mirror.lostAcked() >= 5);
                    SandboxMonitors.holdsThroughout(Duration.ofSeconds(3),
                            () -> run.mirror.lostAcked() == 5 && run.mirror.lostUnacked() == 0);
                    assertThat(CLOCK.nowMicros() - down).isGreaterThan(grace.toMillis() * 1_000 + 2_000_000);
                    assertThat(run.value(MirrorMetrics.REACHABLE)).isEqualTo(1.0);
                    long received = run.mirror.received();
                    // Partition 0's.
                    await().atMost(Duration.ofSeconds(5)).until(() -> run.mirror.received() > received + 5);

                    target.startBroker(2);
                    long back = CLOCK.nowMicros();
                    // Its look-up is retried at the next refresh (every 5 s): the hold starts at most that, and a
                    // look-up, after the return.
                    long pastGrace = back + grace.toMillis() * 1_000 + 4_000_000;
                    await().atMost(grace.plusSeconds(30)).until(() -> CLOCK.nowMicros() > pastGrace);
                    // The replicator's copy of the backlog and the look-up each wait for a retry; on a loaded
                    // machine the verdicts came more than 10 s past this (the count is checked, not how soon).
                    await().atMost(Duration.ofSeconds(40)).until(() -> run.mirror.lostAcked() >= 7);
                    log.info("target partition without leader for {} ms: mirrorReceived {}, lostAcked {}",
                            (back - down) / 1_000, run.mirror.received(), run.mirror.lostAcked());
                    assertThat(run.mirror.lostAcked()).isEqualTo(7);
                    assertThat(run.mirror.lostUnacked()).isZero();
                    assertThat(run.value(ScopeMetrics.LOST_ACKED)).isZero();
                    assertThat(run.replicator.failure()).isEmpty();
                } finally {
                    target.startBroker(2);
                }
            }
        }
    }

    /**
     * An attacker writes straight into the mirrored topic: probes with this session's id and a bad MAC or
     * none are forged and never mirror receipts; a byte-exact copy of a mirrored probe cannot be told from
     * the replicator's own at-least-once copies, so it is a mirror duplicate (README, "Forged and replayed
     * probes").
     */
    @Test
    void forgedProbesInTheTargetAreCountedAndNeverMirrorReceipts() throws Exception {
        String topic = "vigil_probe_forged";
        MirrorConfig config = mirrorOf(topic, Duration.ofSeconds(4), Duration.ofSeconds(10));
        try (MirroredMonitor run = new MirroredMonitor(topic, config, b)) {
            run.replicate();
            byte[] sample;
            TopicPartition tp = new TopicPartition(config.topic(), 0);
            try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of("bootstrap.servers",
                    b.bootstrapServers()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                reader.assign(List.of(tp));
                reader.seekToBeginning(List.of(tp));
                List<byte[]> read = new java.util.ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    reader.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
                    return !read.isEmpty();
                });
                sample = read.get(0);
            }
            ProbeRecord own = ProbeCodec.decode(sample).probe();
            byte[] future = sample.clone();
            ByteBuffer.wrap(future).putLong(24, own.sequence() + 1_000);
            byte[] flipped = sample.clone();
            flipped[ProbeCodec.PREFIX_BYTES + 7] ^= 1;
            byte[] unsigned = ProbeCodec.encodeUnsigned(own, 100);
            try (KafkaProducer<byte[], byte[]> attacker = new KafkaProducer<>(Map.of("bootstrap.servers",
                    b.bootstrapServers(), "acks", "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
                for (byte[] value : List.of(future, flipped, unsigned, sample)) {
                    attacker.send(new ProducerRecord<>(config.topic(), 0, null, value)).get();
                }
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> run.value(MonitorMetrics.FORGED_RECORDS) == 3.0);
            SandboxMonitors.holdsThroughout(config.lossGrace().plusSeconds(2), () -> run.mirror.lostAcked() == 0);
            assertThat(run.value(MonitorMetrics.FORGED_RECORDS)).isEqualTo(3.0);
            assertThat(run.mirror.duplicates()).as("the byte-exact copy").isEqualTo(1);
            assertThat(run.mirror.lostAcked() + run.mirror.lostUnacked()).isZero();
            assertThat(run.value(MirrorMetrics.OTHER_SESSION_RECORDS)).isZero();
            assertThat(run.value(ScopeMetrics.LOST_ACKED)).isZero();
        }
    }

    /**
     * The stand-in, like MirrorMaker, outlasts a source that does not answer (here its only broker's client
     * listener blackholed; on a loaded machine, a slow one): the source's metadata, not come within 5 s, is
     * asked for again instead of ending the replicator, so it copies once the source answers.
     */
    @Test
    void replicatorOutlastsASourceThatDoesNotAnswer() throws Exception {
        String topic = "vigil_probe_source_silent";
        try (Admin admin = Admin.create(a.adminConfig())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                a.bootstrapServers(), "acks", "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, null, new byte[] {1})).get();
        }
        int broker = a.brokerIds().get(0);
        TopicReplicator replicator = replicator(topic, b);
        a.blackhole(broker, true);
        try {
            replicator.start();
            // two of the 5 s metadata waits and more
            SandboxMonitors.holdsThroughout(Duration.ofSeconds(12), () -> replicator.failure().isEmpty());
            assertThat(replicator.copied()).isZero();
            a.blackhole(broker, false);
            await().atMost(Duration.ofSeconds(60)).until(() -> replicator.copied() == 1);
            assertThat(replicator.failure()).isEmpty();
        } finally {
            a.blackhole(broker, false);
            replicator.stop();
        }
    }

    /** The mirror of {@code topic} in B under MirrorMaker 2's default name, with its SLA and loss grace. */
    private static MirrorConfig mirrorOf(String topic, Duration sla, Duration lossGrace) {
        return new MirrorConfig(TARGET, MirrorConfig.defaultTopic(SOURCE, topic), sla, lossGrace);
    }

    /** The stand-in replicator of {@code topic} from A to {@code target}. */
    private static TopicReplicator replicator(String topic, SandboxCluster target) {
        return new TopicReplicator(SOURCE, topic, Map.of("bootstrap.servers", a.bootstrapServers()),
                Map.of("bootstrap.servers", target.bootstrapServers()));
    }

    /** A monitor of A, its monitor topic {@code topic} (2 partitions) mirrored to B as {@code mirror} says. */
    private static ClusterMonitor monitor(String topic, MirrorConfig mirror, MetricRegistry registry) {
        return monitor(topic, mirror, registry, b);
    }

    /** A monitor of A, its monitor topic {@code topic} (2 partitions) mirrored to {@code to} as {@code mirror} says. */
    private static ClusterMonitor monitor(String topic, MirrorConfig mirror, MetricRegistry registry,
                                          SandboxCluster to) {
        TopicConfig topicConfig = new TopicConfig(topic, 2, OptionalInt.empty(), OptionalInt.empty());
        ClusterConfig source = new ClusterConfig(SOURCE, Optional.of(a.bootstrapServers()), Optional.empty(), Map.of(),
                topicConfig, PROBE).withMirror(mirror);
        ClusterConfig target = new ClusterConfig(TARGET, Optional.of(to.bootstrapServers()), Optional.empty(), Map.of(),
                topicConfig, PROBE);
        return new ClusterMonitor(source, a.bootstrapServers(), new MirrorTarget(target, to.bootstrapServers()), CLOCK,
                registry, false);
    }

    private static double value(MetricRegistry registry, Metric metric) {
        return registry.value(MetricScope.cluster(SOURCE), metric, CLOCK.nowMicros());
    }

    /**
     * A started monitor of A whose monitor topic is mirrored to a target, with the stand-in replicator
     * of that topic (started by {@link #replicate()}, if at all); closing stops both and checks the
     * monitor shut down.
     */
    private static final class MirroredMonitor implements AutoCloseable {

        final MetricRegistry registry = new MetricRegistry();
        final ClusterMonitor monitor;
        final TopicReplicator replicator;
        final MirrorStats mirror;

        MirroredMonitor(String topic, MirrorConfig config, SandboxCluster target) {
            monitor = monitor(topic, config, registry, target);
            replicator = replicator(topic, target);
            monitor.start();
            mirror = monitor.mirrorStats().orElseThrow();
        }

        /** Starts the replicator and waits for a first few probes mirrored within the SLA, each of them. */
        void replicate() {
            replicator.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> mirror.received() >= 20
                    && value(MirrorMetrics.AVAILABILITY) == 1.0);
        }

        double value(Metric metric) {
            return MirrorProbeIntegrationTest.value(registry, metric);
        }

        @Override
        public void close() throws InterruptedException {
            replicator.stop();
            monitor.stop();
            assertThat(monitor.awaitShutdown(Duration.ofSeconds(10))).isTrue();
        }
    }
}
