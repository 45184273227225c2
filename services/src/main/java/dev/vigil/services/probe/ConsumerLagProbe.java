package dev.vigil.services.probe;

import dev.vigil.core.config.ConsumerLagConfig;
import dev.vigil.core.lag.GroupLag;
import dev.vigil.core.lag.GroupPartitionCap;
import dev.vigil.core.lag.LagSnapshot;
import dev.vigil.core.lag.LagStatus;
import dev.vigil.core.lag.PartitionLag;
import dev.vigil.core.lag.PartitionWindow;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.probe.RecordAges.GroupPartition;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Evaluates the lag of a cluster's consumer groups (those {@code consumer.groups.include} matches and
 * {@code consumer.groups.exclude} does not) every {@code lag.interval.ms}, with Burrow's rules: per group it
 * lists the committed offsets, the partitions' end offsets, the group's state and members; files them in
 * each partition's {@link PartitionWindow}; and, with {@code lag.seconds} exact, reads the age of the record
 * at each committed offset that has lag ({@link RecordAges}). Each evaluation is published whole as a
 * {@link LagSnapshot}.
 *
 * <p>The groups whose partitions would exceed {@code lag.max.group.partitions} are skipped
 * ({@link GroupPartitionCap}), with one line whenever their number changes.
 *
 * <p>A group Vigil may not describe is skipped, with one line naming the grant until it is allowed again; a
 * group gone from the cluster is gone from the next snapshot, and so are its windows. An evaluation whose
 * Admin calls fail keeps the previous snapshot, with one line when they start and stop failing.
 */
public final class ConsumerLagProbe extends ProbeThread {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLagProbe.class);
    /** Partitions read for lag in seconds per evaluation: bounds its cost whatever the groups' sizes. */
    static final int MAX_READS = 1_000;
    /** Groups described and fetched per Admin call: bounds the answers held at once, whatever the groups matched. */
    static final int GROUPS_PER_CALL = 1_000;
    private static final Duration MAX_CALL = Duration.ofSeconds(30);

    private final String cluster;
    private final ConsumerLagConfig config;
    private final Admin admin;
    private final Optional<RecordAges> ages;
    private final MicroClock clock;
    private final Consumer<LagSnapshot> publish;
    private final long readsBefore;
    private final Map<String, Map<TopicPartition, PartitionWindow>> windows = new HashMap<>();
    private final Map<String, LagStatus> lastStatus = new HashMap<>();
    private final Set<String> deniedLogged = new HashSet<>();
    private final Set<String> deniedTopicsLogged = new HashSet<>();
    private final GroupPartitionCap cap;
    private final int groupsPerCall;
    private int skippedLogged;
    private volatile long lastEvaluationMicros;
    private boolean failing;

    /**
     * @param consumer    reads the records at committed offsets; empty with {@code lag.seconds} off
     * @param publish     takes each evaluation's snapshot
     * @param readsBefore records read by this cluster's earlier sessions, so the count only grows
     */
    public ConsumerLagProbe(String cluster, ConsumerLagConfig config, Admin admin,
                            Optional<KafkaConsumer<byte[], byte[]>> consumer, MicroClock clock,
                            Consumer<LagSnapshot> publish, long readsBefore) {
        this(cluster, config, admin, consumer, clock, publish, readsBefore, GROUPS_PER_CALL);
    }

    /** @param groupsPerCall groups described and fetched per Admin call (tests use a few to have several calls) */
    ConsumerLagProbe(String cluster, ConsumerLagConfig config, Admin admin,
                     Optional<KafkaConsumer<byte[], byte[]>> consumer, MicroClock clock,
                     Consumer<LagSnapshot> publish, long readsBefore, int groupsPerCall) {
        super(cluster, "consumer-lag");
        this.groupsPerCall = groupsPerCall;
        this.cluster = cluster;
        this.config = config;
        this.admin = admin;
        Duration readTimeout = config.interval().dividedBy(2).compareTo(Duration.ofSeconds(5)) < 0
                ? config.interval().dividedBy(2) : Duration.ofSeconds(5);
        this.ages = consumer.map(c -> new RecordAges(cluster, c, MAX_READS, readTimeout,
                () -> clock.nowMicros() / 1_000L));
        this.clock = clock;
        this.publish = publish;
        this.readsBefore = readsBefore;
        this.cap = new GroupPartitionCap(config.maxGroupPartitions());
    }

    /** When the latest evaluation ended, failed or not, on the steady clock; 0 before the first. */
    public long lastEvaluationMicros() {
        return lastEvaluationMicros;
    }

    @Override
    protected void wake(Thread thread) {
        thread.interrupt(); // releases a wait on an Admin future or a poll
    }

    @Override
    protected void loop() throws InterruptedException {
        everyInterval(clock, config.interval().toMillis() * 1_000L, () -> {
            evaluate();
            lastEvaluationMicros = clock.nowMicros();
        });
    }

    private void evaluate() throws InterruptedException {
        try {
            publish.accept(evaluateNow());
            if (failing) {
                failing = false;
                log.info("cluster={} consumer-group lag evaluated again", cluster);
            }
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            if (!failing && running) { // a stop interrupts the calls under way: not a failure
                failing = true;
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                log.warn("cluster={} consumer-group lag not evaluated, the previous evaluation stays: {}", cluster,
                        cause.toString());
            }
        }
    }

    private LagSnapshot evaluateNow() throws ExecutionException, TimeoutException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (GroupListing g : await(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all())) {
            if (config.evaluates(g.groupId())) {
                ids.add(g.groupId());
            }
        }
        Map<String, ConsumerGroupDescription> described = new TreeMap<>();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        int denied = 0;
        GroupPartitionCap.Round round = cap.round();
        List<String> order = GroupPartitionCap.order(ids, windows.keySet());
        // A call's answers are held until their groups are offered to the cap: a slice of the groups at a
        // time keeps that transient heap bounded too, however many groups match.
        for (int from = 0; from < order.size(); from += groupsPerCall) {
            List<String> slice = order.subList(from, Math.min(order.size(), from + groupsPerCall));
            Map<String, KafkaFuture<ConsumerGroupDescription>> descriptions =
                    admin.describeConsumerGroups(slice).describedGroups();
            Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
            slice.forEach(id -> specs.put(id, new ListConsumerGroupOffsetsSpec()));
            var offsets = admin.listConsumerGroupOffsets(specs);
            for (String id : slice) {
                try {
                    ConsumerGroupDescription d = await(descriptions.get(id));
                    Map<TopicPartition, OffsetAndMetadata> o = await(offsets.partitionsToOffsetAndMetadata(id));
                    boolean kept = round.offer(id, o.size());
                    if (kept) {
                        described.put(id, d);
                        committed.put(id, o);
                    }
                    if (deniedLogged.remove(id)) {
                        String lag = kept ? "its lag is evaluated"
                                : "its lag is not, beyond " + ConsumerLagConfig.Keys.MAX_GROUP_PARTITIONS;
                        log.info("cluster={} group={} may be described again: {}", cluster, id, lag);
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof GroupAuthorizationException) {
                        denied++;
                        if (deniedLogged.add(id)) {
                            log.warn("cluster={} group={} skipped: Vigil may not describe it (grant DESCRIBE on group"
                                    + " {} to Vigil's principal)", cluster, id, id);
                        }
                    } else if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e; // a deleted group is simply gone; anything else fails the evaluation
                    }
                }
            }
        }
        int skipped = logSkipped(round.selection());
        Map<TopicPartition, Long> ends = endOffsets(committed);
        // The evaluation's time is when it saw the end offsets: a record they count is never younger than it.
        long now = clock.wallMillis();
        windows.keySet().retainAll(described.keySet());
        lastStatus.keySet().retainAll(described.keySet());

        Map<GroupPartition, Long> withLag = new HashMap<>();
        for (var g : described.entrySet()) {
            String id = g.getKey();
            boolean hasMembers = !g.getValue().members().isEmpty();
            Map<TopicPartition, PartitionWindow> groupWindows = windows.computeIfAbsent(id, k -> new HashMap<>());
            Map<TopicPartition, OffsetAndMetadata> offsets = committed.get(id);
            groupWindows.keySet().retainAll(offsets.keySet());
            offsets.forEach((tp, om) -> {
                Long end = ends.get(tp);
                if (om == null || end == null) {
                    groupWindows.remove(tp);
                    return;
                }
                PartitionWindow w = groupWindows.computeIfAbsent(tp, k -> new PartitionWindow(config.window()));
                w.observe(om.offset(), end, now, hasMembers);
                if (w.currentLag() > 0) {
                    withLag.put(new GroupPartition(id, tp), w.committed());
                }
            });
        }
        Map<GroupPartition, Long> stamps = ages.isPresent() ? ages.get().timestamps(withLag) : Map.of();

        Map<String, GroupLag> groups = new HashMap<>();
        for (var g : described.entrySet()) {
            String id = g.getKey();
            List<PartitionLag> partitions = new ArrayList<>();
            windows.get(id).forEach((tp, w) -> {
                double micros = Double.NaN;
                if (ages.isPresent()) {
                    Long ts = stamps.get(new GroupPartition(id, tp));
                    micros = w.currentLag() == 0 ? 0 : ts == null ? Double.NaN : Math.max(0, now - ts) * 1_000.0;
                }
                partitions.add(new PartitionLag(tp.topic(), tp.partition(), w.committed(), w.endOffset(),
                        w.currentLag(), w.status(now), micros, w.commits()));
            });
            ConsumerGroupDescription d = g.getValue();
            GroupLag lag = GroupLag.of(id, d.groupState().toString(), d.members().size(), partitions);
            LagStatus before = lastStatus.put(id, lag.status());
            if (before != null && before != lag.status()) {
                log.info("cluster={} group={} lag status {} -> {} (lag {} records)", cluster, id, before, lag.status(),
                        lag.lagRecords());
            }
            groups.put(id, lag);
        }
        return new LagSnapshot(now, groups, denied, skipped, readsBefore + ages.map(RecordAges::reads).orElse(0L));
    }

    /**
     * Says when the number of groups left out for {@code lag.max.group.partitions} changes.
     *
     * @return the groups left out
     */
    private int logSkipped(GroupPartitionCap.Selection selection) {
        int skipped = selection.skipped().size();
        int groups = skipped + selection.kept().size();
        if (skipped != skippedLogged) {
            if (skipped > 0) {
                log.warn("cluster={}: {} partitions of {} groups match {}, more than {} {}; {} groups not evaluated"
                                + " (narrow {}, or raise {} and Vigil's -Xmx)", cluster, selection.partitions(),
                        groups, ConsumerLagConfig.Keys.INCLUDE, ConsumerLagConfig.Keys.MAX_GROUP_PARTITIONS,
                        config.maxGroupPartitions(), skipped, ConsumerLagConfig.Keys.INCLUDE,
                        ConsumerLagConfig.Keys.MAX_GROUP_PARTITIONS);
            } else {
                log.info("cluster={}: the {} groups matching {} fit in {} {} again: every one is evaluated", cluster,
                        groups, ConsumerLagConfig.Keys.INCLUDE, ConsumerLagConfig.Keys.MAX_GROUP_PARTITIONS,
                        config.maxGroupPartitions());
            }
            skippedLogged = skipped;
        }
        return skipped;
    }

    /** The end offset of every partition a group committed to; a partition whose offset cannot be listed is left out. */
    private Map<TopicPartition, Long> endOffsets(Map<String, Map<TopicPartition, OffsetAndMetadata>> committed)
            throws InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        committed.values().forEach(o -> o.keySet().forEach(tp -> specs.put(tp, OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        if (specs.isEmpty()) {
            return ends;
        }
        ListOffsetsResult result = admin.listOffsets(specs);
        for (TopicPartition tp : specs.keySet()) {
            try {
                ends.put(tp, await(result.partitionResult(tp)).offset());
            } catch (ExecutionException e) {
                // A deleted topic's partitions leave the groups' evaluation; a refused one is said once.
                if (e.getCause() instanceof TopicAuthorizationException && deniedTopicsLogged.add(tp.topic())) {
                    log.warn("cluster={} topic={} left out of consumer-group lag: Vigil may not describe it (grant"
                            + " DESCRIBE on topic {} to Vigil's principal)", cluster, tp.topic(), tp.topic());
                }
            }
        }
        return ends;
    }

    private <T> T await(KafkaFuture<T> future) throws ExecutionException, TimeoutException, InterruptedException {
        long ms = Math.min(MAX_CALL.toMillis(), Math.max(1_000, config.interval().toMillis()));
        return future.get(ms, TimeUnit.MILLISECONDS);
    }
}
