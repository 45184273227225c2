package dev.vigil.bench.overhead;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import javax.management.ObjectName;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The floor Vigil's overhead is measured against: the least a program can do to probe every partition
 * with the Kafka clients. One thread sends one record to every partition of the topic each interval on a
 * fixed schedule (never skipping a round: a late round is sent late), in partition order ({@code
 * -Dfloor.send.order=leader}: grouped by leader, as Vigil's rounds are), with the producer settings Vigil
 * uses ({@code acks=all}, idempotence, {@code linger.ms=0}, a {@code batch.size} of the record size + 256,
 * delivery and request timeouts of twice a 3 s ack SLA); another reads them back with a consumer assigned every partition (no group), positioned at
 * the log end at start, with Vigil's {@code fetch.max.wait.ms}. No bookkeeping beyond four counters and an e2e
 * latency histogram, so that Vigil's latency can also be compared with the bare clients' at the same pace.
 *
 * <p>A record's value is its scheduled and actual send time (epoch microseconds, big-endian), padded to
 * the record size, so the harness can read back how late each send was ({@link ScheduleCheck}); its
 * timestamp is the send time in milliseconds, as Vigil's are.
 *
 * <p>Usage: {@code FloorProbe BOOTSTRAP TOPIC INTERVAL_MS RECORD_BYTES}; runs until killed. The counters
 * are the MXBean {@code dev.vigil.bench:type=floor}.
 */
public final class FloorProbe {

    /** Read by the harness over JMX. */
    public interface CountersMXBean {
        long getSent();

        long getAcked();

        long getFailed();

        long getReceived();

        /** End-to-end latency of the records received since {@link #resetLatency}, as Vigil exports it. */
        double getE2eLatencyMeanMicros();

        double getE2eLatencyP50Micros();

        double getE2eLatencyP75Micros();

        double getE2eLatencyP90Micros();

        double getE2eLatencyP99Micros();

        double getE2eLatencyP999Micros();

        double getE2eLatencyP9999Micros();

        double getE2eLatencyMaxMicros();

        /** Starts the latency measurement afresh (the harness calls it at the start of its window). */
        void resetLatency();
    }

    static final String MBEAN = "dev.vigil.bench:type=floor";
    private static final long ACK_SLA_MS = 3_000;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    /** Written by the consume thread, read and reset over JMX: guarded by itself. */
    private final Histogram e2e = new Histogram(60_000_000L, 3);
    private volatile boolean running = true;

    private FloorProbe() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        long intervalMicros = Long.parseLong(args[2]) * 1_000L;
        int recordBytes = Integer.parseInt(args[3]);
        FloorProbe floor = new FloorProbe();
        ManagementFactory.getPlatformMBeanServer().registerMBean(floor.counters(), new ObjectName(MBEAN));

        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(bootstrap, recordBytes));
        List<PartitionInfo> infos = new ArrayList<>(producer.partitionsFor(topic));
        infos.sort(Comparator.comparingInt(PartitionInfo::partition));
        if ("leader".equals(System.getProperty("floor.send.order", "partition"))) {
            // Each leader's partitions together, as Vigil's rounds go (RoundOrder); the leaders of the bench topic stay put.
            infos.sort(Comparator.comparingInt((PartitionInfo info) -> info.leader() == null ? -1 : info.leader().id())
                    .thenComparingInt(PartitionInfo::partition));
        }
        List<Integer> partitions = new ArrayList<>();
        for (PartitionInfo info : infos) {
            partitions.add(info.partition());
        }
        Thread reader = new Thread(() -> floor.consume(bootstrap, topic, partitions, intervalMicros), "floor-consume");
        reader.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            floor.running = false;
            LockSupport.unpark(reader);
        }));
        floor.produce(producer, topic, partitions, intervalMicros, recordBytes);
    }

    private void produce(KafkaProducer<byte[], byte[]> producer, String topic, List<Integer> partitions,
                         long intervalMicros, int recordBytes) {
        long next = nowMicros();
        while (running) {
            long wait = next - nowMicros();
            if (wait > 0) {
                LockSupport.parkNanos(wait * 1_000L);
                continue;
            }
            for (int partition : partitions) {
                long sendMicros = nowMicros();
                byte[] value = ByteBuffer.allocate(recordBytes).putLong(next).putLong(sendMicros).array();
                sent.incrementAndGet();
                producer.send(new ProducerRecord<>(topic, partition, sendMicros / 1_000L, null, value), (md, error) -> {
                    if (error == null) {
                        acked.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                });
            }
            next += intervalMicros;
        }
        producer.close(Duration.ofSeconds(5));
    }

    private void consume(String bootstrap, String topic, List<Integer> partitions, long intervalMicros) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(bootstrap, intervalMicros))) {
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(assigned);
            consumer.seekToEnd(assigned);
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                received.addAndGet(records.count());
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    // As Vigil measures it: receipt after the poll, minus the send time carried in the record.
                    long latency = nowMicros() - ByteBuffer.wrap(record.value()).getLong(Long.BYTES);
                    synchronized (e2e) {
                        e2e.recordValue(Math.max(0, Math.min(latency, e2e.getHighestTrackableValue())));
                    }
                }
            }
        }
    }

    private static long nowMicros() {
        // Wall clock at microsecond resolution, as Vigil's probe send times (epoch microseconds).
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static Map<String, Object> producerConfig(String bootstrap, int recordBytes) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "floor-producer");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, recordBytes + 256); // Vigil's: a batch fits one probe
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (2 * ACK_SLA_MS));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (2 * ACK_SLA_MS));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    private static Map<String, Object> consumerConfig(String bootstrap, long intervalMicros) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "floor-consumer");
        // Vigil's choice: longer than an interval, at least Kafka's 500 ms default, at most 10 s.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Integer.getInteger("floor.fetch.max.wait.ms",
                (int) Math.min(10_000, Math.max(500, 2 * intervalMicros / 1_000))));
        // Vigil's too: fewer polls, each of which walks every assigned partition in the client.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.getInteger("floor.max.poll.records", 10_000));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    private CountersMXBean counters() {
        return new CountersMXBean() {
            @Override
            public long getSent() {
                return sent.get();
            }

            @Override
            public long getAcked() {
                return acked.get();
            }

            @Override
            public long getFailed() {
                return failed.get();
            }

            @Override
            public long getReceived() {
                return received.get();
            }

            @Override
            public double getE2eLatencyMeanMicros() {
                synchronized (e2e) {
                    return e2e.getMean();
                }
            }

            @Override
            public double getE2eLatencyP50Micros() {
                return percentile(50);
            }

            @Override
            public double getE2eLatencyP75Micros() {
                return percentile(75);
            }

            @Override
            public double getE2eLatencyP90Micros() {
                return percentile(90);
            }

            @Override
            public double getE2eLatencyP99Micros() {
                return percentile(99);
            }

            @Override
            public double getE2eLatencyP999Micros() {
                return percentile(99.9);
            }

            @Override
            public double getE2eLatencyP9999Micros() {
                return percentile(99.99);
            }

            @Override
            public double getE2eLatencyMaxMicros() {
                synchronized (e2e) {
                    return e2e.getMaxValue();
                }
            }

            @Override
            public void resetLatency() {
                synchronized (e2e) {
                    e2e.reset();
                }
            }

            private double percentile(double p) {
                synchronized (e2e) {
                    return e2e.getValueAtPercentile(p);
                }
            }
        };
    }
}
