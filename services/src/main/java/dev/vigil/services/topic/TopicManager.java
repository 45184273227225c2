package dev.vigil.services.topic;

import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.config.TopicManagement;
import dev.vigil.core.memory.HeapBudget;
import dev.vigil.core.memory.HeapEstimate;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.services.kafka.AccessHints;
import dev.vigil.services.state.ClusterState;
import dev.vigil.services.state.PartitionState;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the monitor topic present and following the cluster, through the Admin API only (works on
 * KRaft): every online broker the preferred leader of at least one partition, partitions raised to
 * {@code brokers x partitions.per.broker}, preferred leaders elected when leadership drifts, and
 * unsafe topic settings reported (and fixed, when managing).
 *
 * <p>Doing no harm comes first, because a monitor that melts a broker or fights the cluster's own
 * balancer is worse than none:
 * <ul>
 *   <li>partitions move only after the set of registered brokers changed (or Vigil started) and
 *       then stayed the same for {@code topic.rebalance.stable.ms}, so a rolling restart, where
 *       brokers go down and come back but stay registered, moves nothing;</li>
 *   <li>a broker that is down still counts, and partitions with a replica on it are never moved
 *       ({@link LeadershipPlan}), so its outage shows instead of being hidden;</li>
 *   <li>at most one batch of reassignments is in flight (checked with listPartitionReassignments),
 *       and batches start no more often than {@code topic.rebalance.interval.ms};</li>
 *   <li>{@code report-only} computes and reports the same plan and changes nothing;</li>
 *   <li>a denied action is reported once, in one line naming the ACL, and the manager falls back to
 *       report-only instead of retrying or crashing.</li>
 * </ul>
 *
 * <p>{@link #ensureTopic} runs on the monitor's connect thread; {@link #reconcile} on its state
 * timer, one call at a time; the metric getters from any thread.
 */
public final class TopicManager {

    private static final Logger log = LoggerFactory.getLogger(TopicManager.class);

    private final String cluster;
    private final Admin admin;
    private final TopicConfig config;
    private final HeapBudget heap;
    private final String topic;
    private volatile TopicManagement mode;
    private volatile LeadershipPlan lastPlan;
    private final AtomicLong reassignmentsStarted = new AtomicLong();
    private final AtomicLong partitionsAdded = new AtomicLong();
    private final AtomicLong leaderElections = new AtomicLong();
    private final AtomicLong settingsFixed = new AtomicLong();

    // Touched only by reconcile(), on one thread.
    private Set<Integer> registered;
    private long registeredSinceMicros;
    private boolean pending = true; // Vigil starting counts as a change: the topic may need work
    private long lastActionMicros = Long.MIN_VALUE / 2;
    private long lastElectionMicros = Long.MIN_VALUE / 2;
    private String lastReported = "";
    private final Set<String> warned = new HashSet<>();

    /** @param heap checked before the topic is created or grown: Vigil's state grows with its partitions */
    public TopicManager(String cluster, Admin admin, TopicConfig config, HeapBudget heap) {
        this.cluster = cluster;
        this.admin = admin;
        this.config = config;
        this.heap = heap;
        this.topic = config.name();
        this.mode = config.management();
    }

    /** The mode in effect: the configured one, or report-only after a denied action. */
    public TopicManagement mode() {
        return mode;
    }

    /**
     * Makes sure the topic exists (creating it when managing) and returns its partition count.
     * Growing and rebalancing are left to {@link #reconcile}, which waits for a stable cluster.
     */
    public int ensureTopic() throws ExecutionException, InterruptedException {
        // The first call to a cluster: a short timeout, so an unreachable one is reported within seconds.
        int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).nodes().get().size();
        TopicDescription existing = describe();
        if (existing != null) {
            // Probed whatever its size (someone made it so); only Vigil's own growth is held to the budget.
            heap.observed(cluster, new HeapEstimate.Size(Math.max(1, brokers), existing.partitions().size()));
            return existing.partitions().size();
        }
        if (mode != TopicManagement.MANAGE) {
            throw new IllegalStateException("topic " + topic + " does not exist and topic.management is "
                    + mode.configName() + "; create it or set topic.management=manage");
        }
        int partitions = Math.max(1, brokers * config.partitionsPerBroker());
        Optional<String> tooLarge = heap.admit(cluster, new HeapEstimate.Size(Math.max(1, brokers), partitions));
        if (tooLarge.isPresent()) {
            throw new IllegalStateException("not creating topic " + topic + " with " + partitions + " partitions: "
                    + tooLarge.get());
        }
        return create(brokers, partitions);
    }

    private int create(int brokers, int partitions) throws ExecutionException, InterruptedException {
        int rf = config.replicationFactor().orElse(Math.min(3, brokers));
        int minIsr = config.minInsyncReplicas().orElse(Math.max(1, rf - 1));
        if (rf > brokers) {
            throw new IllegalStateException("cluster " + cluster + " has " + brokers + " brokers, fewer than "
                    + "replication.factor " + rf + " for topic " + topic + "; lower replication.factor");
        }
        NewTopic newTopic = new NewTopic(topic, partitions, (short) rf)
                .configs(Map.of(org.apache.kafka.common.config.TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                        Integer.toString(minIsr)));
        try {
            admin.createTopics(List.of(newTopic)).all().get();
            log.info("cluster={} topic={} created: {} partitions, replication.factor={}, min.insync.replicas={}",
                    cluster, topic, partitions, rf, minIsr);
            return partitions;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return ensureTopic(); // another Vigil created it meanwhile
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.AuthorizationException) {
                throw new IllegalStateException(AccessHints.withHint("not allowed to create topic " + topic,
                        e.getCause(), topic, "CREATE", "CREATE") + ", or create the topic yourself", e.getCause());
            }
            throw e;
        }
    }

    private TopicDescription describe() throws ExecutionException, InterruptedException {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    /** One management step on a fresh observation of the cluster; see the class comment for the rules. */
    public void reconcile(ClusterState state) throws InterruptedException {
        if (mode == TopicManagement.OFF || state.partitions().isEmpty()) {
            return;
        }
        long now = state.observedAtMicros();
        Set<Integer> ids = state.registeredBrokerIds();
        if (!ids.equals(registered)) {
            if (registered != null) {
                log.info("cluster={} topic={} registered brokers changed from {} to {}; the topic follows once they "
                        + "are unchanged for {} ms", cluster, topic, registered, ids, config.rebalanceStable().toMillis());
            }
            registered = ids;
            registeredSinceMicros = now;
            pending = true;
        }
        // Keep the replication factor an operator chose, unless it is 1 (one broker's loss blinds the probes).
        int actualRf = state.partitions().stream().mapToInt(p -> p.replicas().size()).max().orElse(0);
        int rf = config.replicationFactor().orElse(actualRf <= 1 ? Math.min(3, ids.size()) : actualRf);
        LeadershipPlan plan = LeadershipPlan.compute(state.brokers(),
                state.partitions().stream().map(PartitionState::replicas).toList(), partitionTarget(state, ids.size()), rf);
        lastPlan = plan;
        checkSettings(state, rf);
        if (mode == TopicManagement.REPORT_ONLY) {
            report(plan, state);
            return;
        }
        if (pending && now - registeredSinceMicros >= micros(config.rebalanceStable().toMillis())
                && now - lastActionMicros >= micros(config.rebalanceInterval().toMillis())) {
            if (plan.isEmpty()) {
                pending = false;
            } else if (!reassignmentInFlight()) {
                apply(plan, state);
                lastActionMicros = now;
                lastElectionMicros = Long.MIN_VALUE / 2; // reordered replicas need an election as soon as they land
                return;
            }
        }
        if (mode == TopicManagement.MANAGE && now - lastElectionMicros >= micros(config.rebalanceStable().toMillis())) {
            if (electPreferredLeaders(state)) {
                lastElectionMicros = now;
            }
        }
    }

    /**
     * Brokers × {@code partitions.per.broker}, or, when managing, the partitions there are if Vigil's state for
     * that many would not fit the heap: then the plan covers new brokers by moving partitions instead, and the
     * refusal is logged once, naming the key to lower. An admitted size is held for this cluster until the
     * growth is done, so another cluster's growth cannot take the same heap meanwhile.
     */
    private int partitionTarget(ClusterState state, int brokers) {
        int existing = state.partitions().size();
        int target = Math.max(existing, brokers * config.partitionsPerBroker());
        HeapEstimate.Size now = new HeapEstimate.Size(Math.max(1, brokers), existing);
        if (target == existing || mode != TopicManagement.MANAGE) {
            heap.observed(cluster, now);
            return target;
        }
        Optional<String> tooLarge = heap.admit(cluster, new HeapEstimate.Size(Math.max(1, brokers), target));
        if (tooLarge.isPresent()) {
            heap.observed(cluster, now);
            warnOnce("heap " + target, "cluster={} topic={} not growing from {} to {} partitions: {}", existing, target,
                    tooLarge.get());
            return existing;
        }
        return target;
    }

    private void report(LeadershipPlan plan, ClusterState state) {
        String line = plan.describe();
        if (!plan.isEmpty() && !line.equals(lastReported)) {
            log.info("cluster={} topic={} topic.management={}: would {} (brokers {}, leading no partition now: {})",
                    cluster, topic, mode.configName(), line, state.registeredBrokerIds(),
                    state.brokersLeadingNoPartition());
        }
        lastReported = line;
    }

    private boolean reassignmentInFlight() throws InterruptedException {
        try {
            return !admin.listPartitionReassignments().reassignments().get().keySet().stream()
                    .filter(tp -> tp.topic().equals(topic)).toList().isEmpty();
        } catch (ExecutionException e) {
            denied(e, "list partition reassignments", "DESCRIBE on the cluster");
            return true;
        }
    }

    private void apply(LeadershipPlan plan, ClusterState state) throws InterruptedException {
        log.info("cluster={} topic={} rebalancing for brokers {}: {}", cluster, topic, state.registeredBrokerIds(),
                plan.describe());
        if (!plan.newPartitions().isEmpty()) {
            int total = state.partitions().size() + plan.newPartitions().size();
            try {
                admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(total, plan.newPartitions()))).all().get();
                partitionsAdded.addAndGet(plan.newPartitions().size());
            } catch (ExecutionException e) {
                if (denied(e, "add partitions", "ALTER on topic " + topic)) {
                    return;
                }
                log.warn("cluster={} topic={} adding partitions failed: {}", cluster, topic, describe(e));
            }
        }
        if (!plan.moves().isEmpty()) {
            Map<TopicPartition, Optional<NewPartitionReassignment>> moves = new HashMap<>();
            plan.moves().forEach((p, move) ->
                    moves.put(new TopicPartition(topic, p), Optional.of(new NewPartitionReassignment(move.to()))));
            try {
                admin.alterPartitionReassignments(moves).all().get();
                reassignmentsStarted.addAndGet(moves.size());
            } catch (ExecutionException e) {
                if (!denied(e, "reassign partitions", "ALTER on the cluster")) {
                    log.warn("cluster={} topic={} reassignment failed: {}", cluster, topic, describe(e));
                }
            }
        }
    }

    /** Elects the preferred leader where it is online and in sync but not leading; true if it tried. */
    private boolean electPreferredLeaders(ClusterState state) throws InterruptedException {
        Set<Integer> online = new HashSet<>();
        state.brokers().stream().filter(b -> b.online()).forEach(b -> online.add(b.id()));
        Set<TopicPartition> drifted = new HashSet<>();
        for (PartitionState p : state.partitions()) {
            int preferred = p.preferredLeader();
            if (p.leader() != preferred && online.contains(preferred) && p.isr().contains(preferred)) {
                drifted.add(new TopicPartition(topic, p.partition()));
            }
        }
        if (drifted.isEmpty()) {
            return false;
        }
        try {
            admin.electLeaders(ElectionType.PREFERRED, drifted).partitions().get();
            leaderElections.addAndGet(drifted.size());
            log.info("cluster={} topic={} preferred leaders elected for partitions {}", cluster, topic,
                    drifted.stream().map(TopicPartition::partition).sorted().toList());
        } catch (ExecutionException e) {
            if (!denied(e, "elect preferred leaders", "ALTER on the cluster")) {
                log.warn("cluster={} topic={} preferred leader election failed: {}", cluster, topic, describe(e));
            }
        }
        return true;
    }

    /** Unsafe topic settings: one warning each, with the fix; fixed when managing and allowed. */
    private void checkSettings(ClusterState state, int rf) throws InterruptedException {
        int actualRf = state.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
        if (actualRf == 1 && rf > 1) {
            warnOnce("rf", "cluster={} topic={} has replication factor 1: losing one broker loses probes and "
                    + "blinds its partitions; {}", mode == TopicManagement.MANAGE
                    ? "Vigil adds replicas (up to " + rf + ") at its next rebalance"
                    : "raise it by reassignment to " + rf + " replicas");
        }
        Map<String, String> desired = new HashMap<>();
        // Only RF-1 when Vigil chooses: an operator's explicit min.insync.replicas is theirs to decide.
        int wantedMinIsr = Math.max(1, actualRf - 1);
        if (config.minInsyncReplicas().isEmpty() && state.minInsyncReplicas().isPresent()
                && state.minInsyncReplicas().getAsInt() < wantedMinIsr) {
            desired.put("min.insync.replicas", Integer.toString(wantedMinIsr));
        }
        String cleanup = state.topicConfigs().getOrDefault("cleanup.policy", "delete");
        if (cleanup.contains("compact")) {
            desired.put("cleanup.policy", "delete");
        }
        if (desired.isEmpty()) {
            return;
        }
        String current = desired.keySet().stream().sorted()
                .map(k -> k + "=" + state.topicConfigs().get(k)).toList().toString();
        String fix = desired.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).toList().toString();
        if (mode != TopicManagement.MANAGE) {
            warnOnce("configs" + current, "cluster={} topic={} has unsafe settings {} (min.insync.replicas 1 acks "
                    + "writes a single broker holds; compaction deletes probes); set {}", current, fix);
            return;
        }
        Collection<AlterConfigOp> ops = new ArrayList<>();
        desired.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        try {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), ops)).all().get();
            settingsFixed.addAndGet(ops.size());
            log.warn("cluster={} topic={} had unsafe settings {}; set {}", cluster, topic, current, fix);
        } catch (ExecutionException e) {
            if (!denied(e, "fix unsafe settings " + current, "ALTER_CONFIGS on topic " + topic)) {
                warnOnce("fix" + current, "cluster={} topic={} fixing unsafe settings {} failed: {}", current, describe(e));
            }
        }
    }

    private void warnOnce(String key, String format, Object... args) {
        if (warned.add(key)) {
            Object[] all = new Object[args.length + 2];
            all[0] = cluster;
            all[1] = topic;
            System.arraycopy(args, 0, all, 2, args.length);
            log.warn(format, all);
        }
    }

    /**
     * When {@code e} is an authorization failure: says so in one line naming the ACL, switches to
     * report-only for good (no retries), and returns true.
     */
    private boolean denied(ExecutionException e, String action, String acl) {
        if (!(e.getCause() instanceof AuthorizationException)) {
            return false;
        }
        if (mode == TopicManagement.MANAGE) {
            mode = TopicManagement.REPORT_ONLY;
            log.warn("cluster={} topic={} not allowed to {} ({}): grant {} to let Vigil manage the topic, or set "
                    + "topic.management=report-only; reporting only from now on, probing continues",
                    cluster, topic, action, e.getCause().getClass().getSimpleName(), acl);
        }
        return true;
    }

    private static String describe(ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage().lines().findFirst().orElse("");
        return cause.getClass().getSimpleName() + message;
    }

    private static long micros(long millis) {
        return millis * 1_000L;
    }

    /** Topic-management values for the cluster scope. */
    public List<MetricValue> values() {
        LeadershipPlan plan = lastPlan;
        TopicManagement current = mode;
        return List.of(
                TopicManagementMetrics.MODE.value(
                        current == TopicManagement.MANAGE ? 2 : current == TopicManagement.REPORT_ONLY ? 1 : 0),
                TopicManagementMetrics.DENIED.value(current != config.management() ? 1 : 0),
                TopicManagementMetrics.PLANNED_MOVES.value(plan == null ? Double.NaN : plan.moves().size()),
                TopicManagementMetrics.PLANNED_PARTITIONS.value(plan == null ? Double.NaN : plan.newPartitions().size()),
                TopicManagementMetrics.REASSIGNMENTS_STARTED.value(reassignmentsStarted.get()),
                TopicManagementMetrics.PARTITIONS_ADDED.value(partitionsAdded.get()),
                TopicManagementMetrics.LEADER_ELECTIONS_TRIGGERED.value(leaderElections.get()),
                TopicManagementMetrics.SETTINGS_FIXED.value(settingsFixed.get()));
    }
}
