package dev.vigil.bench.lag;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;

/**
 * The benchmark's consumer groups: {@code groups} groups with committed offsets on every partition of one of
 * the topics (group {@code g} on topic {@code g % topics}, the {@code g / topics}th there), set with the Admin
 * API, so the groups have no members (state Empty), as groups whose consumers commit and leave between polls
 * look to the Admin API. Three topics in ten are quiet: written once, their groups caught up and never moved
 * (OK, nothing to read). Between evaluations {@link #advance} writes {@value #RECORDS_PER_INTERVAL} records to
 * every partition of the other topics and moves their groups by kind, each group its own distance behind
 * (one record more per group before it on its topic), so that every group reads a record of its own:
 * <ul>
 *   <li>3 in 10 advancing: 5 records a partition every interval, fewer than are written (WARN; their
 *       committed offsets move, so every partition of theirs asks for a record read every evaluation);</li>
 *   <li>1 in 10 rewinding: 5 forward, and 20 back every third interval (REWIND);</li>
 *   <li>6 in 10 stopped with lag: never moved (STOP once the window ages; one read each, then the stamp is kept).</li>
 * </ul>
 * The moves are one Admin call per group, so that they take less than an evaluation interval on a busy machine.
 */
final class LagGroups {

    static final int RECORDS_PER_INTERVAL = 10;
    private static final byte[] VALUE = new byte[100];

    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<String> topics;
    private final int partitions;
    private final int groups;
    private final long[][] committed;

    LagGroups(Admin admin, KafkaProducer<byte[], byte[]> producer, List<String> topics, int partitions, int groups) {
        this.admin = admin;
        this.producer = producer;
        this.topics = topics;
        this.partitions = partitions;
        this.groups = groups;
        this.committed = new long[groups][partitions];
    }

    static String id(int g) {
        return String.format("lagbench-%04d", g);
    }

    List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            ids.add(id(g));
        }
        return ids;
    }

    /** Writes {@code records} records to every partition of every topic, or of the busy ones only. */
    void produce(int records, boolean quietToo) throws ExecutionException, InterruptedException {
        for (String topic : quietToo ? topics : topics.subList(quietTopics(), topics.size())) {
            for (int p = 0; p < partitions; p++) {
                for (int i = 0; i < records; i++) {
                    producer.send(new ProducerRecord<>(topic, p, null, VALUE));
                }
            }
        }
        producer.flush();
    }

    /** Commits every group's starting offsets: its kind's distance from the partitions' end offsets now. */
    void create() throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> ends = endOffsets();
        for (int g = 0; g < groups; g++) {
            for (int p = 0; p < partitions; p++) {
                long end = ends.get(new TopicPartition(topicOf(g), p));
                int spread = g / topics.size();
                committed[g][p] = Math.max(0, end - switch (kind(g)) {
                    case CAUGHT_UP -> 0;
                    case ADVANCING, REWINDING -> 60 + spread;
                    case STOPPED -> 80 + spread;
                });
            }
        }
        commit(IntStream.range(0, groups).toArray());
    }

    /** Writes the interval's records, then moves the groups that move (the interval counts from 1). */
    int advance(int interval) throws ExecutionException, InterruptedException {
        produce(RECORDS_PER_INTERVAL, false);
        Map<TopicPartition, Long> ends = endOffsets();
        List<Integer> moved = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            Kind kind = kind(g);
            if (kind == Kind.STOPPED || kind == Kind.CAUGHT_UP) {
                continue;
            }
            moved.add(g);
            for (int p = 0; p < partitions; p++) {
                long end = ends.get(new TopicPartition(topicOf(g), p));
                committed[g][p] = switch (kind) {
                    case ADVANCING -> Math.min(end, committed[g][p] + 5);
                    case REWINDING -> interval % 3 == 2 ? Math.max(0, committed[g][p] - 20)
                            : Math.min(end, committed[g][p] + 5);
                    case STOPPED, CAUGHT_UP -> committed[g][p];
                };
            }
        }
        commit(moved.stream().mapToInt(Integer::intValue).toArray());
        return moved.size();
    }

    void delete() throws ExecutionException, InterruptedException {
        admin.deleteConsumerGroups(ids()).all().get();
    }

    private enum Kind { CAUGHT_UP, ADVANCING, STOPPED, REWINDING }

    private Kind kind(int g) {
        if (g % topics.size() < quietTopics()) {
            return Kind.CAUGHT_UP;
        }
        int r = g / topics.size() % 10;
        return r < 3 ? Kind.ADVANCING : r < 4 ? Kind.REWINDING : Kind.STOPPED;
    }

    private int quietTopics() {
        return topics.size() * 3 / 10;
    }

    private String topicOf(int g) {
        return topics.get(g % topics.size());
    }

    /**
     * One Admin call per group (a group's offsets are altered alone), 100 in flight at a time, so that on a
     * busy machine the calls do not time out waiting to be sent.
     */
    private void commit(int[] which) throws ExecutionException, InterruptedException {
        for (int from = 0; from < which.length; from += 100) {
            List<KafkaFuture<Void>> pending = new ArrayList<>();
            for (int g : Arrays.copyOfRange(which, from, Math.min(which.length, from + 100))) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (int p = 0; p < partitions; p++) {
                    offsets.put(new TopicPartition(topicOf(g), p), new OffsetAndMetadata(committed[g][p]));
                }
                pending.add(admin.alterConsumerGroupOffsets(id(g), offsets).all());
            }
            KafkaFuture.allOf(pending.toArray(KafkaFuture[]::new)).get();
        }
    }

    private Map<TopicPartition, Long> endOffsets() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        for (String topic : topics) {
            for (int p = 0; p < partitions; p++) {
                specs.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(specs).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }
}
