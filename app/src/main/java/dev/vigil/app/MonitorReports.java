package dev.vigil.app;

import dev.vigil.core.config.MirrorConfig;
import dev.vigil.core.episodes.EpisodesSnapshot;
import dev.vigil.core.lag.LagSnapshot;
import dev.vigil.core.stats.ClusterSnapshot;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.stats.ConnectionCheckStats;
import dev.vigil.core.stats.ControllerProbeStats;
import dev.vigil.core.stats.MirrorStats;
import dev.vigil.core.stats.OffsetCommitStats;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.core.time.MicroClock;
import dev.vigil.core.window.LatencySummary;
import dev.vigil.services.ClusterMonitor;
import dev.vigil.services.ClusterReading;
import dev.vigil.services.VerdictFreshness;
import dev.vigil.services.probe.ProbeErrors;
import dev.vigil.services.state.BrokerState;
import dev.vigil.services.state.ClusterState;
import dev.vigil.services.state.PartitionState;
import dev.vigil.webui.dashboard.ClusterReport;
import dev.vigil.webui.dashboard.ClusterReport.BrokerRow;
import dev.vigil.webui.dashboard.ClusterReport.ClusterStateRow;
import dev.vigil.webui.dashboard.ClusterReport.EventRow;
import dev.vigil.webui.dashboard.ClusterReport.Latency;
import dev.vigil.webui.dashboard.ClusterReport.PartitionRow;
import dev.vigil.webui.dashboard.ClusterReport.ProbeRow;
import dev.vigil.webui.dashboard.ClusterReport.Totals;
import dev.vigil.webui.dashboard.ClusterSource;
import dev.vigil.webui.dashboard.Numbers;
import dev.vigil.webui.dashboard.SandboxControls;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The dashboard's view of the cluster monitors: adapts each {@link ClusterMonitor} (its latest
 * {@link ClusterReading}, numbers by broker and partition, errors and events) to the web module's
 * {@link ClusterReport}. The card's totals, the cluster state and the extra probes' rows come from the
 * reading, so they show what {@code /metrics} and the summary line show. Only probe
 * results and cluster metadata go out; nothing of the clients' configuration does, so no secret can.
 */
final class MonitorReports implements ClusterSource {

    static final int EVENTS_SHOWN = 50;

    private final List<String> clusters;
    private final Function<String, Optional<ClusterMonitor>> monitors;
    private final Function<String, Optional<SandboxControls>> sandboxes;
    private final MicroClock clock;

    /**
     * @param clusters  the configured clusters' names; those whose monitor does not exist yet read STARTING
     * @param monitors  the monitor of a cluster, once started
     * @param sandboxes the fault controls of a cluster that is a sandbox, once started
     */
    MonitorReports(List<String> clusters, Function<String, Optional<ClusterMonitor>> monitors,
                   Function<String, Optional<SandboxControls>> sandboxes, MicroClock clock) {
        this.clusters = List.copyOf(clusters);
        this.monitors = monitors;
        this.sandboxes = sandboxes;
        this.clock = clock;
    }

    @Override
    public List<String> clusters() {
        return clusters;
    }

    @Override
    public Optional<ScopeSnapshot> totals(String cluster) {
        return monitors.apply(cluster).map(m -> m.reading().total());
    }

    @Override
    public Optional<LagSnapshot> consumerGroups(String cluster) {
        return monitors.apply(cluster).flatMap(m -> m.reading().consumerLag());
    }

    @Override
    public Optional<EpisodesSnapshot> episodes(String cluster) {
        return clusters.contains(cluster) ? monitors.apply(cluster).map(m -> m.reading().episodes()) : Optional.empty();
    }

    @Override
    public Optional<SandboxControls> sandbox(String cluster) {
        return clusters.contains(cluster) ? sandboxes.apply(cluster) : Optional.empty();
    }

    @Override
    public Optional<ClusterReport> report(String cluster) {
        if (!clusters.contains(cluster)) {
            return Optional.empty();
        }
        return Optional.of(monitors.apply(cluster).map(this::report).orElseGet(() -> new ClusterReport(cluster, "",
                new ClusterReport.Monitor("STARTING", "starting"), totals(ScopeSnapshot.EMPTY, Double.NaN, Double.NaN,
                ClusterReading.Counters.NONE), null,
                List.of(), List.of(), List.of(), List.of())));
    }

    private ClusterReport report(ClusterMonitor monitor) {
        long now = clock.nowMicros();
        ClusterReading reading = monitor.reading();
        ClusterSnapshot snapshot = monitor.snapshot();
        Optional<ClusterState> state = reading.clusterState();
        ClusterStateRow stateRow = state.map(s -> new ClusterStateRow(s.observedAtMicros() / 1_000,
                reading.clusterStateReachable(), s.brokersOnline(), s.registeredBrokerIds().size(), s.controllerId(),
                s.underReplicatedPartitions(), s.underMinIsrPartitions().isPresent()
                ? s.underMinIsrPartitions().getAsInt() : null, s.offlinePartitions())).orElse(null);
        return new ClusterReport(monitor.name(), monitor.topic(),
                new ClusterReport.Monitor(reading.status().name(), reading.reason(),
                        monitor.staleVerdicts().stream().map(VerdictFreshness.Age::describe).toList()),
                totals(reading.total(), reading.produce().mean(), reading.consume().mean(), reading.counters()),
                stateRow, brokers(monitor, reading, snapshot, state, now), partitions(snapshot, state), events(monitor.stats()),
                probes(reading, monitor.mirror()));
    }

    /** The offset-commit, controller and mirror probes, those enabled. */
    private static List<ProbeRow> probes(ClusterReading reading, Optional<MirrorConfig> mirror) {
        List<ProbeRow> rows = new ArrayList<>();
        reading.offsetCommit().ifPresent(s -> rows.add(commitRow(s)));
        reading.controller().ifPresent(s -> rows.add(controllerRow(s)));
        reading.mirror().ifPresent(s -> rows.add(mirrorRow(mirror.orElseThrow(), s)));
        return rows;
    }

    private static ProbeRow commitRow(OffsetCommitStats.Snapshot s) {
        return new ProbeRow("offset commits", orNull(s.availability()), s.attempts(), s.failures(),
                millis(s.latency().p99()), s.coordinator() == OffsetCommitStats.UNKNOWN_COORDINATOR
                ? "coordinator unknown" : "coordinator broker " + s.coordinator(), s.denied());
    }

    private static ProbeRow controllerRow(ControllerProbeStats.Snapshot s) {
        return new ProbeRow("controller (topic create to every broker)", orNull(s.availability()), s.attempts(),
                s.failures(), millis(s.propagation().p99()), s.leftoversDeleted() + " leftover probe topics deleted",
                s.denied());
    }

    /** Attempts and failures are the acked probes judged against the mirror SLA; p99 is replication latency. */
    private static ProbeRow mirrorRow(MirrorConfig mirror, MirrorStats.Snapshot s) {
        String detail = s.lostAcked() + " acked lost, " + s.duplicates() + " duplicated in " + mirror.to();
        if (!s.reachable()) {
            detail += "; " + mirror.to() + " unreachable";
        } else if (s.topicPartitions() == 0) {
            detail += "; " + mirror.topic() + " absent in " + mirror.to();
        }
        return new ProbeRow("mirror to " + mirror.to() + " (" + mirror.topic() + ")", orNull(s.availability()),
                s.checked(), s.failures(), millis(s.latency().p99()), detail, false);
    }

    /**
     * The card: the availabilities are the reading's means over partitions (as in {@code /metrics}), not the
     * total's pooled ratios, which weigh each partition by its traffic.
     */
    private static Totals totals(ScopeSnapshot t, double produceAvailability, double consumeAvailability,
                                 ClusterReading.Counters counters) {
        return new Totals(orNull(produceAvailability), orNull(consumeAvailability), t.produceAttempts(),
                t.produceFailures(), t.consumeChecked(), t.consumeFailures(), t.received(), t.lostAcked(),
                t.lostUnacked(), t.duplicates(), t.late(), counters.foreignRecords(), counters.truncations(),
                t.lostAckedAfterRead(), latency(t.produceLatency()), latency(t.e2eLatency()));
    }

    /** Registered brokers and those probes were attributed to (a broker since removed still shows its numbers). */
    private static List<BrokerRow> brokers(ClusterMonitor monitor, ClusterReading reading, ClusterSnapshot snapshot,
                                           Optional<ClusterState> state, long now) {
        Set<Integer> ids = new TreeSet<>(snapshot.brokers().keySet());
        ids.remove(ClusterStats.NO_LEADER);
        state.ifPresent(s -> ids.addAll(s.registeredBrokerIds()));
        Map<Integer, ConnectionCheckStats.BrokerCheck> connections = reading.connections()
                .map(ConnectionCheckStats.Snapshot::brokers).orElse(Map.of());
        Map<Integer, Integer> leaders = state.map(ClusterState::leaders).orElse(Map.of());
        ProbeErrors errors = monitor.errors();
        List<BrokerRow> rows = new ArrayList<>();
        for (int id : ids) {
            Optional<BrokerState> broker = state.flatMap(s -> s.brokers().stream().filter(b -> b.id() == id).findFirst());
            ScopeSnapshot counts = snapshot.brokers().get(id);
            ScopeSnapshot latency = counts == null ? null : monitor.stats().broker(id).snapshot(now);
            Optional<ProbeErrors.LastError> lastError = errors.lastError(id);
            ConnectionCheckStats.BrokerCheck connection = connections.get(id);
            rows.add(new BrokerRow(id, broker.flatMap(BrokerState::rack).orElse(null), broker.isPresent(),
                    broker.map(BrokerState::online).orElse(false),
                    (int) leaders.values().stream().filter(l -> l == id).count(),
                    counts == null ? null : orNull(counts.produceAvailability()),
                    counts == null ? null : orNull(counts.consumeAvailability()),
                    latency == null ? null : millis(latency.e2eLatency().p99()),
                    latency == null ? null : millis(latency.produceLatency().p99()),
                    counts == null ? -1 : counts.consecutiveProduceFailures(),
                    lastError.map(ProbeErrors.LastError::errorClass).orElse(null),
                    lastError.map(e -> e.atMicros() / 1_000).orElse(null),
                    connection == null || !connection.ok() ? null : connection.apiVersionsMicros() / 1_000.0,
                    connection == null ? null : connection.failure()));
        }
        return rows;
    }

    private static List<PartitionRow> partitions(ClusterSnapshot snapshot, Optional<ClusterState> state) {
        Set<Integer> ids = new TreeSet<>(snapshot.partitions().keySet());
        state.ifPresent(s -> s.partitions().forEach(p -> ids.add(p.partition())));
        List<PartitionRow> rows = new ArrayList<>();
        for (int id : ids) {
            Optional<PartitionState> p = state.flatMap(s -> s.partition(id));
            ScopeSnapshot counts = snapshot.partitions().get(id);
            rows.add(new PartitionRow(id, p.map(PartitionState::leader).orElse(PartitionState.NO_LEADER),
                    p.map(PartitionState::replicas).orElse(List.of()), p.map(PartitionState::isr).orElse(List.of()),
                    counts == null ? null : orNull(counts.produceAvailability()),
                    counts == null ? null : orNull(counts.consumeAvailability()),
                    counts == null ? -1 : counts.consecutiveProduceFailures()));
        }
        return rows;
    }

    private static List<EventRow> events(ClusterStats stats) {
        return stats.events().newest(EVENTS_SHOWN).stream()
                .map(e -> new EventRow(e.kind().name(), e.partition(), e.leader(), e.sequence(), e.atMicros() / 1_000))
                .toList();
    }

    private static Latency latency(LatencySummary s) {
        return new Latency(s.count(), millis(s.p50()), millis(s.p99()), millis(s.p999()), millis(s.max()));
    }

    private static Double millis(double micros) {
        return Numbers.millis(micros);
    }

    private static Double orNull(double value) {
        return Numbers.orNull(value);
    }
}
