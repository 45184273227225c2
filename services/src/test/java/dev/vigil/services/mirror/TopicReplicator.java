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
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test stand-in for MirrorMaker 2 replicating one topic from a source to a target cluster, for the
 * faults a real MirrorMaker ({@link DedicatedMirrorMaker}) cannot be made to produce on demand: records
 * dropped or copied twice, copying held back. It does what {@code MirrorSourceConnector} with
 * {@code DefaultReplicationPolicy} does for the mirror probe's purpose: the remote topic is
 * {@code <source alias>.<topic>}, created with the source's partition count; each record keeps its
 * partition, key, value, headers and timestamp; delivery is at least once, with the source offsets
 * committed (here as a consumer group of the source cluster) only after the copies were acknowledged,
 * so a restart resumes where it stopped. A graceful {@link #stop} commits what it copied, so a restart
 * copies nothing twice. Like a Connect source task, it keeps reading while copies are in flight: a
 * target partition without a leader holds back only its own copies (the producer keeps them until
 * it has a leader again, within its delivery timeout) and its own offset commits.
 *
 * <p>For tests of the probe's arithmetic it can also drop or duplicate the next records it copies,
 * and pause: read nothing from the source until resumed, as a replicator that is slow to resume
 * after an outage of the target.
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
    private final Map<Integer, AtomicInteger> toDropOf = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile boolean paused;
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

    /** Stops once every record read is copied and its source offset committed (the target must be up). */
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

    /** The next {@code n} records read from source partition {@code partition} are committed but never copied. */
    public void dropNext(int partition, int n) {
        toDropOf.computeIfAbsent(partition, p -> new AtomicInteger()).addAndGet(n);
    }

    /** Reads nothing more from the source (copies in flight still complete) until {@link #resume}. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
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
            InFlight inFlight = new InFlight();
            while (running) {
                inFlight.commitAcknowledged(consumer);
                if (paused) {
                    Thread.sleep(100);
                    continue;
                }
                if (System.nanoTime() - lastRefresh > 1_000_000_000L) {
                    lastRefresh = System.nanoTime();
                    List<PartitionInfo> infos = sourcePartitions(consumer);
                    if (infos.size() > partitions && createRemoteTopic(targetAdmin, infos.size())) {
                        partitions = infos.size();
                        consumer.assign(infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList());
                    }
                }
                if (partitions == 0) {
                    Thread.sleep(100);
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    List<Future<RecordMetadata>> copies = new ArrayList<>(2);
                    if (!take(toDrop) && !take(toDropOf.get(r.partition()))) {
                        int times = take(toDuplicate) ? 2 : 1;
                        for (int i = 0; i < times; i++) {
                            copies.add(producer.send(new ProducerRecord<>(remoteTopic, r.partition(), r.timestamp(),
                                    r.key(), r.value(), r.headers())));
                            copied.incrementAndGet();
                        }
                    }
                    inFlight.add(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, copies);
                }
            }
            producer.flush(); // a graceful stop: everything read is copied and committed
            inFlight.commitAcknowledged(consumer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            failure = e;
        }
    }

    /**
     * Copies handed to the producer, per source partition in the order read, with the source offset to
     * commit once they (and every copy before them) are acknowledged. At least once: nothing is
     * committed ahead of its copies.
     */
    private static final class InFlight {

        private final Map<TopicPartition, Deque<Copy>> byPartition = new HashMap<>();

        void add(TopicPartition source, long nextOffset, List<Future<RecordMetadata>> copies) {
            byPartition.computeIfAbsent(source, tp -> new ArrayDeque<>()).add(new Copy(nextOffset, copies));
        }

        /** Commits each partition's acknowledged prefix; a copy that failed ends the replicator (see failure()). */
        void commitAcknowledged(KafkaConsumer<byte[], byte[]> consumer) throws Exception {
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            for (Map.Entry<TopicPartition, Deque<Copy>> partition : byPartition.entrySet()) {
                Deque<Copy> copies = partition.getValue();
                while (!copies.isEmpty() && copies.peek().acknowledged()) {
                    commit.put(partition.getKey(), new OffsetAndMetadata(copies.poll().nextOffset()));
                }
            }
            if (!commit.isEmpty()) {
                consumer.commitSync(commit);
            }
        }
    }

    private record Copy(long nextOffset, List<Future<RecordMetadata>> sends) {

        /** True once every send completed; throws if one failed rather than losing silently. */
        boolean acknowledged() throws ExecutionException, InterruptedException {
            for (Future<RecordMetadata> send : sends) {
                if (!send.isDone()) {
                    return false;
                }
                send.get();
            }
            return true;
        }
    }

    /**
     * The source topic's partitions; none while its metadata does not come within 5 s. A source that is
     * slow to answer (a loaded machine, a broker that hangs) is asked again a second later, as a Connect
     * task retries, rather than ending the replicator.
     */
    private List<PartitionInfo> sourcePartitions(KafkaConsumer<byte[], byte[]> consumer) {
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            return infos == null ? List.of() : infos;
        } catch (TimeoutException e) {
            return List.of();
        }
    }

    /** True once the remote topic exists; false if the target did not answer in time (tried again later). */
    private boolean createRemoteTopic(Admin admin, int partitions) throws InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(remoteTopic, Optional.of(partitions), Optional.empty())))
                    .all().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                return false;
            }
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + remoteTopic, e.getCause());
            }
        }
        return true;
    }

    private static boolean take(AtomicInteger counter) {
        return counter != null && counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
}
