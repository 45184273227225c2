package dev.vigil.services.mirror;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test stand-in for MirrorMaker 2 replicating one topic from a source to a target cluster, for the
 * faults a real MirrorMaker ({@link DedicatedMirrorMaker}) cannot be made to produce on demand: records
 * dropped or copied twice. It does what {@code MirrorSourceConnector} with {@code DefaultReplicationPolicy}
 * does for the mirror probe's purpose: the remote topic is {@code <source alias>.<topic>}, created
 * with the source's partition count; each record keeps its partition, key, value, headers and
 * timestamp; delivery is at least once, with the source offsets committed (here as a consumer group
 * of the source cluster) only after the copies were acknowledged, so a restart resumes where it
 * stopped. A graceful {@link #stop} commits what it copied, so a restart copies nothing twice.
 *
 * <p>For tests of the probe's arithmetic it can also drop or duplicate the next records it copies.
 */
public final class TopicReplicator {

    private final String topic;
    private final String remoteTopic;
    private final Map<String, Object> source;
    private final Map<String, Object> target;
    private final String group;
    private final AtomicLong copied = new AtomicLong();
    private final AtomicInteger toDrop = new AtomicInteger();
    private final AtomicInteger toDuplicate = new AtomicInteger();
    private volatile boolean running;
    private volatile Throwable failure;
    private Thread thread;

    /**
     * @param source client properties of the source cluster (at least {@code bootstrap.servers})
     * @param target client properties of the target cluster
     */
    public TopicReplicator(String sourceAlias, String topic, Map<String, Object> source, Map<String, Object> target) {
        this.topic = topic;
        this.remoteTopic = sourceAlias + "." + topic;
        this.source = Map.copyOf(source);
        this.target = Map.copyOf(target);
        this.group = "replicator." + sourceAlias + "." + topic;
    }

    public String remoteTopic() {
        return remoteTopic;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        failure = null;
        thread = new Thread(this::run, "test-replicator-" + remoteTopic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops after the batch in hand is copied and committed. */
    public synchronized void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(30_000);
            if (thread.isAlive()) {
                throw new IllegalStateException("replicator did not stop within 30 s");
            }
            thread = null;
        }
    }

    /** Records copied (duplicates included, dropped ones not) since construction. */
    public long copied() {
        return copied.get();
    }

    /** The error that ended the replicator's loop, if one did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** The next {@code n} records read are committed but never copied: loss in the mirror. */
    public void dropNext(int n) {
        toDrop.addAndGet(n);
    }

    /** The next {@code n} records read are copied twice. */
    public void duplicateNext(int n) {
        toDuplicate.addAndGet(n);
    }

    private void run() {
        Map<String, Object> consumerProps = new HashMap<>(source);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // MirrorMaker 2's default too
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, Object> producerProps = new HashMap<>(target);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps);
             Admin targetAdmin = Admin.create(target)) {
            int partitions = 0;
            long lastRefresh = 0;
            while (running) {
                if (System.nanoTime() - lastRefresh > 1_000_000_000L) {
                    lastRefresh = System.nanoTime();
                    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                    if (infos != null && infos.size() > partitions) {
                        partitions = infos.size();
                        createRemoteTopic(targetAdmin, partitions);
                        consumer.assign(infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList());
                    }
                }
                if (partitions == 0) {
                    Thread.sleep(100);
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    if (take(toDrop)) {
                        continue;
                    }
                    int copies = take(toDuplicate) ? 2 : 1;
                    for (int i = 0; i < copies; i++) {
                        sends.add(producer.send(new ProducerRecord<>(remoteTopic, r.partition(), r.timestamp(),
                                r.key(), r.value(), r.headers())));
                        copied.incrementAndGet();
                    }
                }
                if (!next.isEmpty()) {
                    producer.flush(); // at least once: commit only what the target acknowledged
                    for (Future<RecordMetadata> send : sends) {
                        send.get(); // a failed copy ends the replicator (see failure()) rather than losing silently
                    }
                    consumer.commitSync(next);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            failure = e;
        }
    }

    private void createRemoteTopic(Admin admin, int partitions) throws InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(remoteTopic, Optional.of(partitions), Optional.empty())))
                    .all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + remoteTopic, e.getCause());
            }
        }
    }

    private static boolean take(AtomicInteger counter) {
        return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
}
