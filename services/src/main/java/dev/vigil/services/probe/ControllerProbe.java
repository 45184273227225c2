package dev.vigil.services.probe;

import dev.vigil.core.config.ControllerProbeConfig;
import dev.vigil.core.stats.ControllerProbeStats;
import dev.vigil.core.time.MicroClock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DeleteTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Measures the controller and metadata propagation: every {@code controller.probe.interval.ms} a
 * round creates a topic with one partition (one replica) on each online broker, waits until every
 * one of them serves its partition, and deletes the topic; a round not done within
 * {@code controller.probe.sla.ms} failed. Only the public Admin API is used: a broker answers a
 * ListOffsets for its partition once it has applied the new topic's metadata and taken leadership,
 * so "every broker served it" means every online broker's metadata shows the topic.
 *
 * <p>Probe topics are named {@code <monitor topic>.controller-probe.<epoch ms>}, on the wall clock. The topic of a
 * round is deleted whatever the round's outcome; one that survives (a crash, a failed delete) is
 * deleted by the sweep at start and before every round once it is older than the SLA plus the
 * interval, so another Vigil's round in flight on the same cluster is never touched.
 *
 * <p>A round refused for lack of an ACL is not counted: one line names the ACL and
 * {@code controllerProbeDenied} reads 1 until a round is allowed again.
 */
public final class ControllerProbe extends ProbeThread {

    private static final Logger log = LoggerFactory.getLogger(ControllerProbe.class);
    private static final long RETRY_MILLIS = 20;

    private final String cluster;
    private final String prefix;
    private final ControllerProbeConfig config;
    private final Admin admin;
    private final ControllerProbeStats stats;
    private final MicroClock clock;
    private boolean failing;
    private boolean denied;

    public ControllerProbe(String cluster, String monitorTopic, ControllerProbeConfig config, Admin admin,
                           ControllerProbeStats stats, MicroClock clock) {
        super(cluster, "controller");
        this.cluster = cluster;
        this.prefix = prefixOf(monitorTopic);
        this.config = config;
        this.admin = admin;
        this.stats = stats;
        this.clock = clock;
    }

    /** The name prefix of every probe topic for this monitor topic. */
    public static String prefixOf(String monitorTopic) {
        return monitorTopic + ".controller-probe.";
    }

    @Override
    protected void wake(Thread thread) {
        thread.interrupt(); // releases a wait on an Admin future
    }

    @Override
    protected void loop() throws InterruptedException {
        // A round longer than the interval delays the next one: rounds change metadata, never pile them up.
        everyInterval(clock, config.interval().toMillis() * 1_000L, () -> {
            sweep();
            round();
        });
    }

    private void round() throws InterruptedException {
        long start = clock.nowMicros();
        long deadline = start + config.sla().toMillis() * 1_000L;
        // Named on the wall clock, which other Vigils' sweeps read (steady time differs between processes by
        // every wall-clock step since each started); the round itself is timed on steady time.
        String topic = prefix + clock.wallMillis();
        boolean created = false;
        boolean deleted = false;
        try {
            List<Integer> brokers = createOnOnlineBrokers(topic, deadline);
            created = true;
            List<Integer> notServed = awaitServed(topic, brokers, deadline);
            if (!notServed.isEmpty()) {
                notServed.forEach(stats::notServed);
                throw new NotServedException(notServed);
            }
            long propagation = clock.nowMicros() - start;
            deleteTopic(topic, deadline);
            deleted = true;
            stats.round(true, propagation, clock.nowMicros());
            if (denied) {
                denied = false;
                stats.denied(false);
            }
            if (failing) {
                log.info("cluster={} controller probe rounds succeed again", cluster);
                failing = false;
            }
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof AuthorizationException) {
                if (!denied) {
                    log.warn("cluster={} controller probe not authorized ({}: {}); grant CREATE and DELETE on topics"
                                    + " prefixed {} and DESCRIBE on the cluster, or set controller.probe=false; not counted"
                                    + " as failures until then", cluster, cause.getClass().getSimpleName(),
                            cause.getMessage(), prefix);
                }
                denied = true;
                stats.denied(true);
                return;
            }
            stats.round(false, 0, clock.nowMicros());
            if (!failing) {
                log.warn("cluster={} controller probe rounds failing ({} not created, served by every broker and deleted"
                                + " within {} ms): {}: {}", cluster, topic, config.sla().toMillis(),
                        cause.getClass().getSimpleName(),
                        cause.getMessage() == null ? "no answer before the SLA ran out" : cause.getMessage());
                failing = true;
            }
        } finally {
            if (created && !deleted) {
                // Fire and forget: the Admin sends it even while stopping; what it misses, the sweep deletes.
                admin.deleteTopics(List.of(topic));
            }
        }
    }

    /**
     * Creates the round's topic with one partition on each online broker and returns those brokers.
     * The list comes from a broker's metadata, which learns of a fenced broker a little after the
     * controller: a create placing a partition on a broker the controller has just fenced is refused
     * (InvalidReplicaAssignment) though the controller works, so it is asked again with the brokers
     * online now, until the deadline. The Admin client resends a create whose answer it did not get (the
     * broker it asked died or was slow); when the first one went through, the resent one finds the topic
     * there (TopicExists). The name is this round's own, made of the wall clock's millisecond, so the topic
     * is the one the round asked for, as {@link #deleteTopic} reads a resent delete.
     */
    private List<Integer> createOnOnlineBrokers(String topic, long deadline)
            throws ExecutionException, TimeoutException, InterruptedException {
        while (true) {
            List<Integer> brokers = onlineBrokers(deadline);
            Map<Integer, List<Integer>> assignment = new HashMap<>();
            for (int p = 0; p < brokers.size(); p++) {
                assignment.put(p, List.of(brokers.get(p)));
            }
            try {
                await(admin.createTopics(List.of(new NewTopic(topic, assignment)),
                        new CreateTopicsOptions().timeoutMs(remainingMs(deadline))).all(), deadline);
                return brokers;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    log.debug("cluster={} controller probe's create of {} was resent after it went through", cluster, topic);
                    return brokers;
                }
                if (!(e.getCause() instanceof InvalidReplicaAssignmentException) || clock.nowMicros() >= deadline) {
                    throw e;
                }
                log.debug("cluster={} controller probe placed {} on a broker just fenced ({}); asking again",
                        cluster, topic, e.getCause().getMessage());
                Thread.sleep(RETRY_MILLIS);
            }
        }
    }

    /**
     * Waits until the leader of every partition answered a ListOffsets for it, or the deadline;
     * returns the brokers whose partition was not served by then. Asked again for the partitions
     * not served yet: the Admin client looks leaders up in the metadata of whichever broker it
     * picks, and fails at once (UnknownTopicOrPartition) when that broker has not applied the new
     * topic yet, which is the propagation being measured, not a failure.
     */
    private List<Integer> awaitServed(String topic, List<Integer> brokers, long deadline)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> pending = new HashMap<>();
        for (int p = 0; p < brokers.size(); p++) {
            pending.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        while (!pending.isEmpty() && clock.nowMicros() < deadline) {
            ListOffsetsResult result = admin.listOffsets(pending, new ListOffsetsOptions().timeoutMs(remainingMs(deadline)));
            for (TopicPartition tp : new ArrayList<>(pending.keySet())) {
                try {
                    await(result.partitionResult(tp), deadline);
                    pending.remove(tp);
                } catch (TimeoutException e) {
                    // the deadline passed: still pending
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RetriableException)) {
                        throw e;
                    }
                }
            }
            if (!pending.isEmpty() && clock.nowMicros() < deadline) {
                Thread.sleep(RETRY_MILLIS);
            }
        }
        return pending.keySet().stream().map(tp -> brokers.get(tp.partition())).sorted().toList();
    }

    /**
     * Deletes the round's topic. The Admin client resends a delete whose answer it did not get in time;
     * when the first one went through, the resent one finds no topic (UnknownTopicOrPartition). The
     * topic is gone, which is what the round asked for.
     */
    private void deleteTopic(String topic, long deadline) throws ExecutionException, TimeoutException, InterruptedException {
        try {
            await(admin.deleteTopics(List.of(topic), new DeleteTopicsOptions().timeoutMs(remainingMs(deadline))).all(),
                    deadline);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw e;
            }
            log.debug("cluster={} controller probe's delete of {} was resent after it went through", cluster, topic);
        }
    }

    /** The round failed because these brokers did not serve their partitions within the SLA. */
    private static final class NotServedException extends KafkaException {
        NotServedException(List<Integer> brokers) {
            super("not served by broker(s) " + brokers + " within the SLA");
        }
    }

    /** Online (unfenced) brokers, by id: each gets one partition. */
    private List<Integer> onlineBrokers(long deadline) throws ExecutionException, TimeoutException, InterruptedException {
        List<Integer> ids = new ArrayList<>();
        for (Node node : await(admin.describeCluster(new DescribeClusterOptions().timeoutMs(remainingMs(deadline))).nodes(),
                deadline)) {
            ids.add(node.id());
        }
        ids.sort(null);
        return ids;
    }

    /** Deletes probe topics older than one round can last. */
    private void sweep() throws InterruptedException {
        long nowMillis = clock.wallMillis(); // the clock probe topics are named on
        long maxAgeMillis = config.sla().toMillis() + config.interval().toMillis();
        List<String> leftovers = new ArrayList<>();
        try {
            for (String name : admin.listTopics(new ListTopicsOptions().timeoutMs((int) config.sla().toMillis()))
                    .names().get(config.sla().toMillis(), TimeUnit.MILLISECONDS)) {
                if (name.startsWith(prefix) && nowMillis - createdMillis(name) > maxAgeMillis) {
                    leftovers.add(name);
                }
            }
            if (leftovers.isEmpty()) {
                return;
            }
            // Counted one by one: a topic already gone (a delete of its own round got through late) is not an error.
            Map<String, KafkaFuture<Void>> deletes = admin.deleteTopics(leftovers).topicNameValues();
            List<String> deleted = new ArrayList<>();
            for (Map.Entry<String, KafkaFuture<Void>> delete : deletes.entrySet()) {
                try {
                    delete.getValue().get(config.sla().toMillis(), TimeUnit.MILLISECONDS);
                    deleted.add(delete.getKey());
                } catch (ExecutionException e) {
                    log.debug("cluster={} leftover {} not deleted: {}", cluster, delete.getKey(), e.getCause().toString());
                }
            }
            if (!deleted.isEmpty()) {
                stats.leftoversDeleted(deleted.size());
                log.info("cluster={} deleted {} leftover controller probe topics: {}", cluster, deleted.size(), deleted);
            }
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            log.debug("cluster={} controller probe sweep failed: {}", cluster, e.toString()); // the next sweep retries
        }
    }

    /** The creation time in a probe topic's name; 0 (very old) if the suffix is not a number. */
    private long createdMillis(String name) {
        try {
            return Long.parseLong(name.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private <T> T await(KafkaFuture<T> future, long deadlineMicros)
            throws ExecutionException, TimeoutException, InterruptedException {
        return future.get(Math.max(0, deadlineMicros - clock.nowMicros()), TimeUnit.MICROSECONDS);
    }

    private int remainingMs(long deadlineMicros) {
        return (int) Math.max(1, (deadlineMicros - clock.nowMicros()) / 1_000L);
    }
}
