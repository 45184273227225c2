package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ConsumerLagConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.lag.CommitSample;
import dev.vigil.core.lag.GroupLag;
import dev.vigil.core.lag.LagSnapshot;
import dev.vigil.core.lag.LagStatus;
import dev.vigil.core.lag.PartitionLag;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.time.MicroClock;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consumer-group lag on a real sandbox, with real consumer groups on a topic of the test's: one that keeps up
 * is OK with no lag; one that stops while records keep coming has lag in seconds equal to the age of its
 * oldest unconsumed record, then is STOP; one whose member commits without advancing is STALL; offsets reset
 * backwards are REWIND; an excluded group is never evaluated, and a deleted one leaves the metrics. Series per
 * partition exist only with {@code lag.partition.metrics}, each with its partition's exact status and lag.
 * Evaluations every second over windows of three commits.
 */
class ConsumerLagIntegrationTest {

    private static final String CLUSTER = "lag-it";
    private static final String TOPIC = "lag-it-data";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final ProbeConfig PROBE = new ProbeConfig(Duration.ofMillis(200), 100, Duration.ofMillis(2_000),
            Duration.ofMillis(4_000), Duration.ofMillis(8_000), Duration.ofSeconds(10), 5, Duration.ofSeconds(1));

    @RegisterExtension
    static final SharedSandbox shared = new SharedSandbox(1);

    private static final ConsumerLagConfig LAG = new ConsumerLagConfig(Optional.of(Pattern.compile("lag-it-.*")),
            Optional.of(Pattern.compile("lag-it-excluded")), INTERVAL, 3, true);

    private static MetricRegistry registry;
    private static ClusterMonitor monitor;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void startMonitor() throws Exception {
        SandboxMonitors.createTopic(shared.admin(), new NewTopic(TOPIC, Map.of(0, List.of(shared.cluster().brokerIds().get(0)))));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, shared.cluster().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        registry = new MetricRegistry();
        monitor = new ClusterMonitor(config(CLUSTER, "lag-it-probe", LAG), shared.cluster().bootstrapServers(),
                MicroClock.system(), registry);
        monitor.start();
    }

    private static ClusterConfig config(String cluster, String probeTopic, ConsumerLagConfig lag) {
        ClusterConfig config = new ClusterConfig(cluster, Optional.of(shared.cluster().bootstrapServers()),
                Optional.empty(), Map.of(), new TopicConfig(probeTopic, 1, OptionalInt.empty(), OptionalInt.empty()),
                PROBE);
        return config.withOffsetCommit(config.offsetCommit().withEnabled(false)).withLag(lag);
    }

    @AfterAll
    static void stopMonitor() throws Exception {
        if (monitor != null) {
            monitor.stop();
            monitor.awaitShutdown(Duration.ofSeconds(10));
        }
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void aGroupThatKeepsUpIsOkWithNoLag() throws Exception {
        String group = "lag-it-keeps-up";
        produce(20);
        try (KafkaConsumer<byte[], byte[]> consumer = member(group)) {
            consumeToEnd(consumer);
            // Kept up through three whole evaluations while a member: every commit of the window at the end.
            await().atMost(Duration.ofSeconds(30)).until(() -> group(group).map(g -> g.partitions().size() == 1
                    && g.partitions().get(0).window().size() == 3
                    && g.partitions().get(0).window().stream().allMatch(c -> c.lag() == 0)).orElse(false));
            GroupLag g = group(group).orElseThrow();
            assertThat(g.status()).isEqualTo(LagStatus.OK);
            assertThat(g.lagRecords()).isZero();
            assertThat(g.lagMicros()).isZero();
            assertThat(g.members()).isEqualTo(1);
            assertThat(g.state()).isEqualTo("Stable");
            SandboxMonitors.awaitNextReading(monitor);
            MetricScope scope = MetricScope.consumerGroup(CLUSTER, group);
            assertThat(registry.value(scope, GroupLag.STATUS, 0)).isEqualTo(LagStatus.OK.code());
            assertThat(registry.value(scope, GroupLag.LAG, 0)).isZero();
            assertThat(registry.value(scope, GroupLag.LAG_RECORDS, 0)).isZero();
        }
    }

    @Test
    void partitionSeriesWhenAskedCarryEachPartitionsExactStatusAndLag() throws Exception {
        String topic = "lag-it-parts-data";
        String group = "lag-it-parts";
        int broker = shared.cluster().brokerIds().get(0);
        SandboxMonitors.createTopic(shared.admin(), new NewTopic(topic, Map.of(0, List.of(broker), 1, List.of(broker))));
        produce(topic, 0, 10);
        List<RecordMetadata> second = produce(topic, 1, 30);
        MetricRegistry parts = new MetricRegistry();
        ClusterMonitor withPartitions = new ClusterMonitor(config("lag-parts", "lag-it-parts-probe",
                new ConsumerLagConfig(Optional.of(Pattern.compile(group)), Optional.empty(), INTERVAL, 3, true)
                        .withPartitionMetrics(true)), shared.cluster().bootstrapServers(), MicroClock.system(), parts);
        withPartitions.start();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(group))) {
            // A consumer of the group that read everything, but processed partition 1 only to offset 20, then left.
            TopicPartition p0 = new TopicPartition(topic, 0);
            TopicPartition p1 = new TopicPartition(topic, 1);
            consumer.assign(List.of(p0, p1));
            int[] read = {0};
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> (read[0] += consumer.poll(Duration.ofMillis(200)).count()) >= 40);
            consumer.commitSync(Map.of(p0, new OffsetAndMetadata(10), p1, new OffsetAndMetadata(20)));

            // Partition 0 caught up: OK; partition 1 ten records behind with no commit since: STOP.
            await().atMost(Duration.ofSeconds(30)).until(() -> withPartitions.reading().consumerLag()
                    .map(l -> l.groups().get(group)).flatMap(g -> g.partition(topic, 1))
                    .map(p -> p.status() == LagStatus.STOP).orElse(false));
            MetricScope first = MetricScope.consumerGroupPartition("lag-parts", group, topic, 0);
            MetricScope behind = MetricScope.consumerGroupPartition("lag-parts", group, topic, 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> parts.sources(MetricScope.Type.CONSUMER_GROUP_PARTITION)
                    .keySet().equals(java.util.Set.of(first, behind)));
            // Values and the evaluation they come from, read while that evaluation is the latest.
            LagSnapshot s;
            double[] values;
            do {
                s = withPartitions.reading().consumerLag().orElseThrow();
                values = values(parts, first, behind);
            } while (s != withPartitions.reading().consumerLag().orElseThrow());
            assertThat(values).containsExactly(LagStatus.OK.code(), 0, 0,
                    LagStatus.STOP.code(), 10, (s.atMillis() - second.get(20).timestamp()) * 1_000.0);
            assertThat(s.groups().get(group).partition(topic, 1).orElseThrow().lagMicros())
                    .isEqualTo((s.atMillis() - second.get(20).timestamp()) * 1_000.0);

            // Not asked for: the other monitor evaluates the same group, and has nothing per partition.
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.sources(MetricScope.Type.CONSUMER_GROUP)
                    .containsKey(MetricScope.consumerGroup(CLUSTER, group)));
            assertThat(registry.sources(MetricScope.Type.CONSUMER_GROUP_PARTITION)).isEmpty();

            // A deleted group's partitions leave the metrics with it.
            shared.admin().deleteConsumerGroups(List.of(group)).all().get();
            await().atMost(Duration.ofSeconds(15)).until(() -> parts.sources(MetricScope.Type.CONSUMER_GROUP_PARTITION)
                    .isEmpty() && parts.sources(MetricScope.Type.CONSUMER_GROUP).isEmpty());
        } finally {
            SandboxMonitors.stop(withPartitions);
        }
    }

    private static double[] values(MetricRegistry parts, MetricScope... scopes) {
        List<Metric> metrics = List.of(PartitionLag.STATUS, PartitionLag.LAG_RECORDS, PartitionLag.LAG);
        double[] values = new double[scopes.length * metrics.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = parts.value(scopes[i / metrics.size()], metrics.get(i % metrics.size()), 0);
        }
        return values;
    }

    @Test
    void aGroupThatStopsHasTheAgeOfItsOldestUnconsumedRecordThenIsStop() throws Exception {
        String group = "lag-it-stops";
        produce(5);
        long committed;
        try (KafkaConsumer<byte[], byte[]> consumer = member(group)) {
            committed = consumeToEnd(consumer);
            // An evaluation that listed the offsets before the commit landed sees the member and no partition yet.
            await().atMost(Duration.ofSeconds(30)).until(() -> group(group).map(g -> g.members() == 1
                    && !g.partitions().isEmpty() && g.partitions().get(0).window().size() >= 2).orElse(false));
        } // leaves the group: no member, no commit from here on
        // Records keep coming: the oldest unconsumed is the first of them, at the committed offset.
        try (Feeder feeder = new Feeder(100)) {
            List<RecordMetadata> sent = feeder.sent;
            await().atMost(Duration.ofSeconds(10)).until(() -> !sent.isEmpty());
            RecordMetadata oldest = sent.get(0);
            assertThat(oldest.offset()).isEqualTo(committed);

            // An evaluation with lag: its lag in seconds is its time less the oldest record's timestamp, exactly.
            await().atMost(Duration.ofSeconds(15)).until(() -> partition(group).map(p -> p.lag() > 0
                    && !Double.isNaN(p.lagMicros())).orElse(false));
            LagSnapshot s = monitor.reading().consumerLag().orElseThrow();
            GroupLag g = s.groups().get(group);
            assertThat(g.lagMicros()).isEqualTo((s.atMillis() - oldest.timestamp()) * 1_000.0);
            // ... which is the ground truth now, within the interval between evaluations and the harvest.
            double truthMicros = (System.currentTimeMillis() - oldest.timestamp()) * 1_000.0;
            assertThat(g.lagMicros()).isBetween(truthMicros - INTERVAL.toNanos() / 1_000.0 - 1_000_000, truthMicros);

            // No commit for longer than the window spans, and no end offset of the recent ones at the commit: STOP.
            await().atMost(Duration.ofSeconds(20)).until(() -> group(group).map(x -> x.status() == LagStatus.STOP)
                    .orElse(false));
            PartitionLag p = partition(group).orElseThrow();
            assertThat(p.status()).isEqualTo(LagStatus.STOP);
            assertThat(p.window()).extracting(CommitSample::offset).containsOnly(committed);
            CommitSample newest = p.window().get(p.window().size() - 1);
            long span = newest.atMillis() - p.window().get(0).atMillis();
            assertThat(monitor.reading().consumerLag().orElseThrow().atMillis() - newest.atMillis()).isGreaterThan(span);
            assertThat(p.endOffset()).isGreaterThan(committed);
            SandboxMonitors.awaitNextReading(monitor);
            assertThat(registry.value(MetricScope.consumerGroup(CLUSTER, group), GroupLag.STATUS, 0))
                    .isEqualTo(LagStatus.STOP.code());

            // Its offset stays, so its record's stamp is kept: two more evaluations read nothing.
            LagSnapshot before = monitor.reading().consumerLag().orElseThrow();
            await().atMost(Duration.ofSeconds(15)).until(() -> monitor.reading().consumerLag().orElseThrow().atMillis()
                    >= before.atMillis() + 2 * INTERVAL.toMillis());
            assertThat(monitor.reading().consumerLag().orElseThrow().recordReads()).isEqualTo(before.recordReads());
            assertThat(registry.value(MetricScope.cluster(CLUSTER), LagSnapshot.RECORD_READS, 0))
                    .isEqualTo(before.recordReads());
        }
    }

    @Test
    void aMemberSlowerThanItsProducerIsWarn() throws Exception {
        String group = "lag-it-slow";
        produce(5);
        Map<String, Object> props = new java.util.HashMap<>(consumerProps(group));
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        try (Feeder feeder = new Feeder(50); KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(TOPIC));
            // At most a record per 200 ms against twenty a second: it commits, advances, and falls behind.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!consumer.poll(Duration.ofMillis(50)).isEmpty()) {
                    consumer.commitSync();
                }
                return group(group).map(g -> g.status() == LagStatus.WARN
                        && g.partitions().get(0).window().size() == 3).orElse(false);
            });
            PartitionLag p = partition(group).orElseThrow();
            assertThat(p.window()).hasSize(3);
            assertThat(p.window()).extracting(CommitSample::offset).isSorted().doesNotHaveDuplicates();
            assertThat(p.window()).extracting(CommitSample::lag).isSorted().doesNotContain(0L);
        }
    }

    @Test
    void aMemberCommittingWithoutAdvancingIsStall() throws Exception {
        String group = "lag-it-stalls";
        produce(5);
        try (KafkaConsumer<byte[], byte[]> consumer = member(group)) {
            long stuckAt = consumeToEnd(consumer);
            consumer.pause(List.of(TP));
            produce(10);
            // A member that polls (so stays in the group) and commits the same offset, while records wait.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                consumer.poll(Duration.ofMillis(50));
                consumer.commitSync(Map.of(TP, new OffsetAndMetadata(stuckAt)));
                // Burrow judges an incomplete window too (one commit with lag is all one offset): wait for a full one.
                return group(group).map(g -> g.status() == LagStatus.STALL
                        && g.partitions().get(0).window().size() == 3).orElse(false);
            });
            PartitionLag p = partition(group).orElseThrow();
            assertThat(p.window()).hasSize(3).extracting(CommitSample::offset).containsOnly(stuckAt);
            assertThat(p.window()).allMatch(c -> c.lag() == 10);
            assertThat(p.lag()).isEqualTo(10);
        }
    }

    @Test
    void offsetsResetBackwardsAreRewindAndADeletedGroupLeavesTheMetrics() throws Exception {
        String group = "lag-it-rewinds";
        produce(60);
        long end = shared.admin().listOffsets(Map.of(TP, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                .partitionResult(TP).get().offset();
        for (long offset : new long[]{end - 40, end - 20, end - 50}) {
            shared.admin().alterConsumerGroupOffsets(group, Map.of(TP, new OffsetAndMetadata(offset))).all().get();
            await().atMost(Duration.ofSeconds(15)).until(() -> partition(group).map(p -> p.committed() == offset)
                    .orElse(false));
        }
        PartitionLag p = partition(group).orElseThrow();
        assertThat(p.window()).extracting(CommitSample::offset).containsExactly(end - 40, end - 20, end - 50);
        assertThat(p.window()).extracting(CommitSample::lag).containsExactly(40L, 20L, 50L);
        assertThat(p.status()).isEqualTo(LagStatus.REWIND);
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.value(MetricScope.consumerGroup(CLUSTER, group),
                GroupLag.STATUS, 0) == LagStatus.REWIND.code());

        shared.admin().deleteConsumerGroups(List.of(group)).all().get();

        await().atMost(Duration.ofSeconds(15)).until(() -> group(group).isEmpty()
                && !registry.sources(MetricScope.Type.CONSUMER_GROUP).containsKey(MetricScope.consumerGroup(CLUSTER, group)));
    }

    @Test
    void excludedAndNotIncludedGroupsAreNeverEvaluated() throws Exception {
        produce(5);
        for (String group : List.of("lag-it-excluded", "other-app")) {
            shared.admin().alterConsumerGroupOffsets(group, Map.of(TP, new OffsetAndMetadata(1))).all().get();
        }
        shared.admin().alterConsumerGroupOffsets("lag-it-included", Map.of(TP, new OffsetAndMetadata(1))).all().get();

        await().atMost(Duration.ofSeconds(15)).until(() -> group("lag-it-included").isPresent());
        SandboxMonitors.awaitNextReading(monitor);
        LagSnapshot s = monitor.reading().consumerLag().orElseThrow();
        assertThat(s.groups()).doesNotContainKeys("lag-it-excluded", "other-app");
        assertThat(registry.sources(MetricScope.Type.CONSUMER_GROUP)).doesNotContainKeys(
                MetricScope.consumerGroup(CLUSTER, "lag-it-excluded"), MetricScope.consumerGroup(CLUSTER, "other-app"));
        assertThat(registry.sources(MetricScope.Type.CONSUMER_GROUP))
                .containsKey(MetricScope.consumerGroup(CLUSTER, "lag-it-included"));
    }

    private static Optional<GroupLag> group(String group) {
        return monitor.reading().consumerLag().map(s -> s.groups().get(group));
    }

    private static Optional<PartitionLag> partition(String group) {
        return group(group).flatMap(g -> g.partitions().stream().filter(p -> p.partition() == 0).findFirst());
    }

    /** Sends {@code records} records to one partition of {@code topic}; their metadata in order. */
    private static List<RecordMetadata> produce(String topic, int partition, int records) throws Exception {
        List<RecordMetadata> sent = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            sent.add(producer.send(new ProducerRecord<>(topic, partition, null, new byte[10])).get());
        }
        return sent;
    }

    private static void produce(int records) throws Exception {
        for (int i = 0; i < records; i++) {
            producer.send(new ProducerRecord<>(TOPIC, new byte[10]));
        }
        producer.flush();
    }

    /** A consumer of {@code group} subscribed to the topic; it joins the group at its first poll. */
    private static KafkaConsumer<byte[], byte[]> member(String group) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(group));
        consumer.subscribe(List.of(TOPIC));
        return consumer;
    }

    private static Map<String, Object> consumerProps(String group) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, shared.cluster().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    /** Produces a record every {@code everyMs} on a thread of its own until closed; {@link #sent} in order. */
    private static final class Feeder implements AutoCloseable {
        final List<RecordMetadata> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final AtomicBoolean producing = new AtomicBoolean(true);
        private final Thread thread;

        Feeder(long everyMs) {
            thread = new Thread(() -> {
                while (producing.get()) {
                    try {
                        sent.add(producer.send(new ProducerRecord<>(TOPIC, new byte[10])).get());
                        Thread.sleep(everyMs);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "lag-it-feeder");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            producing.set(false);
            thread.join();
        }
    }

    /** Polls and commits until the group's position is the partition's end; returns that offset. */
    private static long consumeToEnd(KafkaConsumer<byte[], byte[]> consumer) throws Exception {
        long end = shared.admin().listOffsets(Map.of(TP, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                .partitionResult(TP).get().offset();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            if (consumer.assignment().contains(TP) && consumer.position(TP) >= end) {
                consumer.commitSync();
                return true;
            }
            return false;
        });
        return end;
    }
}
