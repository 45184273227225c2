package dev.vigil.services.faults;

import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.probe.ProbeCodec;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.ClusterMonitor;
import dev.vigil.services.SharedSandbox;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import static dev.vigil.services.faults.FaultScenarios.PROBE;
import static dev.vigil.services.faults.FaultScenarios.REACTION;
import static dev.vigil.services.faults.FaultScenarios.anomalies;
import static dev.vigil.services.faults.FaultScenarios.config;
import static dev.vigil.services.faults.FaultScenarios.holdsThroughout;
import static dev.vigil.services.faults.FaultScenarios.stop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A wall-clock step of ±2 h gives no false outage, no negative latency and no false loss, through the
 * clock abstraction ({@link MicroClock}): a broker's clock cannot be stepped in a test, so each test steps
 * Vigil's view of time against the real broker's.
 *
 * <p>After a step, Vigil's steady time (anchored at start) is 2 h away from the wall clock, which the
 * brokers share. The brokers here refuse record timestamps more than 1 h off their clock either way
 * ({@code log.message.timestamp.before.max.ms} and {@code .after.max.ms}; Kafka 4's default for the latter):
 * stamped with steady time, every probe was refused until a restart; stamped with the wall clock, none is.
 * A step during a run (on a topic whose bounds let any timestamp through, since the broker's own clock does
 * not step with it) moves the records' timestamps and nothing else.
 */
class ClockStepScenarioTest {

    private static final long TWO_HOURS_MILLIS = 2 * 3_600_000L;
    private static final String ONE_HOUR = Long.toString(Duration.ofHours(1).toMillis());

    @RegisterExtension
    static final SharedSandbox shared = new SharedSandbox(1, Map.of(
            "log.message.timestamp.before.max.ms", ONE_HOUR, "log.message.timestamp.after.max.ms", ONE_HOUR));

    @ParameterizedTest(name = "steady time {0} ms from the wall clock")
    @ValueSource(longs = {TWO_HOURS_MILLIS, -TWO_HOURS_MILLIS})
    void probesAreNeverRefusedWhenSteadyTimeIsTwoHoursFromTheWallClock(long offsetMillis) throws Exception {
        String topic = "skewed" + (offsetMillis > 0 ? "ahead" : "behind");
        createTopic(topic, Map.of());
        SkewedClock clock = new SkewedClock(offsetMillis);
        // The setup can fail: the broker refuses a record stamped with the steady time, as probes once were.
        assertThatThrownBy(() -> sendOne(topic, clock.nowMicros() / 1_000L))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidTimestampException.class);

        MetricRegistry registry = new MetricRegistry();
        ClusterMonitor monitor = startMonitor(topic, clock, registry);
        try {
            // Longer than the loss grace (8 s), so every probe of the first seconds had its loss verdict.
            holdsThroughout(Duration.ofSeconds(10), () -> perfect(monitor));
            ScopeSnapshot total = monitor.snapshot().total();
            assertThat(total.produceAttempts()).isGreaterThan(100);
            assertThat(total.consumeChecked()).isGreaterThan(100);
            assertThat(total.produceFailures() + total.consumeFailures() + anomalies(total)).isZero();
            assertThat(monitor.reading().counters().foreignRecords()).isZero();
            assertThat(monitor.reading().produce().mean()).isEqualTo(1.0);
            assertThat(monitor.reading().consume().mean()).isEqualTo(1.0);
            // Latency is steady time on both ends: neither negative (clamped to 0 would hide it) nor 2 h.
            assertThat(total.e2eLatency().max()).isBetween(1.0, 10_000_000.0);
            assertThat(total.e2eLatency().p50()).isGreaterThan(0.0);
        } finally {
            stop(monitor);
        }
        List<long[]> stamps = probeStamps(topic);
        assertThat(stamps).hasSizeGreaterThan(100);
        long wallNow = System.currentTimeMillis();
        for (long[] stamp : stamps) {
            assertThat(wallNow - stamp[0]).as("CreateTime from the wall clock").isBetween(0L, 120_000L);
            assertThat(stamp[1] / 1_000L - stamp[0]).as("payload send time from steady time")
                    .isBetween(offsetMillis - 60_000, offsetMillis + 60_000);
        }
    }

    @Test
    void aWallClockStepDuringARunMovesOnlyTheRecordTimestamps() throws Exception {
        String topic = "stepped";
        String any = Long.toString(Long.MAX_VALUE);
        createTopic(topic, Map.of("message.timestamp.before.max.ms", any, "message.timestamp.after.max.ms", any));
        SkewedClock clock = new SkewedClock(0);
        MetricRegistry registry = new MetricRegistry();
        ClusterMonitor monitor = startMonitor(topic, clock, registry);
        try {
            holdsThroughout(Duration.ofSeconds(3), () -> perfect(monitor));
            clock.stepWall(TWO_HOURS_MILLIS);
            holdsThroughout(Duration.ofSeconds(3), () -> perfect(monitor));
            clock.stepWall(-2 * TWO_HOURS_MILLIS);
            // Then past the loss grace, so the probes sent around both steps had their loss verdicts.
            holdsThroughout(Duration.ofSeconds(10), () -> perfect(monitor));
            ScopeSnapshot total = monitor.snapshot().total();
            assertThat(total.produceFailures() + total.consumeFailures() + anomalies(total)).isZero();
            assertThat(total.e2eLatency().max()).isBetween(1.0, 10_000_000.0);
        } finally {
            stop(monitor);
        }
        ScopeSnapshot total = monitor.snapshot().total();
        Map<Long, Integer> byStep = new HashMap<>();
        List<long[]> stamps = probeStamps(topic);
        for (long[] stamp : stamps) {
            long skew = stamp[0] - stamp[1] / 1_000L;
            long step = Math.round((double) skew / TWO_HOURS_MILLIS) * TWO_HOURS_MILLIS;
            assertThat(Math.abs(skew - step)).as("CreateTime is the send's steady time plus the wall's step")
                    .isLessThan(60_000L);
            byStep.merge(step, 1, Integer::sum);
        }
        assertThat(byStep.keySet()).containsExactlyInAnyOrder(0L, TWO_HOURS_MILLIS, -TWO_HOURS_MILLIS);
        assertThat(byStep.values()).allSatisfy(n -> assertThat(n).isGreaterThan(10));
        // Every probe received is on the topic; beyond them at most the one per partition still in flight at the stop.
        assertThat((long) stamps.size()).isBetween(total.received(), total.received() + 4);
    }

    /** No failure, loss, duplicate or late probe, and every availability in the windows 1. */
    private static boolean perfect(ClusterMonitor monitor) {
        ScopeSnapshot total = monitor.snapshot().total();
        return total.produceFailures() == 0 && total.consumeFailures() == 0 && anomalies(total) == 0
                && monitor.snapshot().partitions().values().stream().allMatch(p ->
                p.produceAvailability() == 1.0 && (Double.isNaN(p.consumeAvailability()) || p.consumeAvailability() == 1.0));
    }

    private static ClusterMonitor startMonitor(String topic, MicroClock clock, MetricRegistry registry) {
        String bootstrap = shared.cluster().bootstrapServers();
        ClusterMonitor monitor = new ClusterMonitor(config(bootstrap, topic, PROBE), bootstrap, clock, registry);
        monitor.start();
        await().atMost(REACTION).until(() -> monitor.snapshot().partitions().size() == 4
                && monitor.snapshot().partitions().values().stream().allMatch(s -> s.received() > 0));
        return monitor;
    }

    private static void createTopic(String topic, Map<String, String> configs) throws Exception {
        shared.admin().createTopics(List.of(new NewTopic(topic, 4, (short) 1).configs(configs))).all().get();
        await().atMost(REACTION).ignoreExceptions().until(() -> FaultScenarios.leaders(shared.admin(), topic)
                .values().stream().allMatch(leader -> leader >= 0));
    }

    private static void sendOne(String topic, long createTimeMillis) throws Exception {
        Map<String, Object> props = new HashMap<>(shared.cluster().adminConfig());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, 0, createTimeMillis, null, new byte[]{1})).get();
        }
    }

    /** Every Vigil probe on the topic as {CreateTime millis, payload send time micros}. */
    private static List<long[]> probeStamps(String topic) {
        Map<String, Object> props = new HashMap<>(shared.cluster().adminConfig());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<long[]> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(REACTION).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    ProbeCodec.Decoded decoded = ProbeCodec.decode(record.value());
                    if (decoded.isProbe()) {
                        out.add(new long[]{record.timestamp(), decoded.probe().sendTimeMicros()});
                    }
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            });
        }
        return out;
    }

    /** Steady time a constant away from the real one; the wall clock the real one plus the steps the test makes. */
    private static final class SkewedClock implements MicroClock {
        private final MicroClock system = MicroClock.system();
        private final long steadyOffsetMicros;
        private final AtomicLong wallStepMillis = new AtomicLong();

        SkewedClock(long steadyOffsetMillis) {
            this.steadyOffsetMicros = steadyOffsetMillis * 1_000L;
        }

        void stepWall(long deltaMillis) {
            wallStepMillis.addAndGet(deltaMillis);
        }

        @Override
        public long nowMicros() {
            return system.nowMicros() + steadyOffsetMicros;
        }

        @Override
        public long wallMillis() {
            return system.wallMillis() + wallStepMillis.get();
        }
    }
}
