package dev.vigil.webui.dashboard;

import dev.vigil.core.config.InstanceLabels;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.service.TaskGuard;
import dev.vigil.core.time.MicroClock;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard's model: samples every cluster's totals on its own thread every
 * {@link #SAMPLE_EVERY} into a {@link #KEEP}-long history (and a day at {@link DayHistory#STEP}),
 * and answers the JSON API with the clusters' reports, health verdicts and time series.
 */
public final class Dashboard implements AutoCloseable {

    static final Duration SAMPLE_EVERY = Duration.ofSeconds(2);
    static final Duration KEEP = Duration.ofMinutes(15);
    /** Events (newest first) in the page's refresh. */
    static final int EVENTS_SHOWN = 20;
    /** Samples the recent history keeps: {@link #KEEP} at {@link #SAMPLE_EVERY}, and the one before. */
    static final int RECENT_SAMPLES = (int) (KEEP.toMillis() / SAMPLE_EVERY.toMillis()) + 1;
    /** The charts' ranges: {@link #KEEP} at {@link #SAMPLE_EVERY}, and a day at {@link DayHistory#STEP}. */
    public static final String RECENT = "15m";
    public static final String DAY = "24h";

    /** A line of the cluster list. */
    public record ClusterSummary(String name, String status, Health health) {
    }

    /** Everything the page shows for one cluster. */
    public record ClusterPage(String name, long now, Health health, ClusterReport cluster, Series series,
                              SandboxView sandbox) {
    }

    /**
     * What the page fetches every refresh: the page without one row per partition. {@code cluster}'s partitions
     * are the unhealthy ones, worst first, at most {@link PartitionSummary#SHOWN}; {@code partitions} counts
     * them all; its events are the newest {@link #EVENTS_SHOWN}. The verdict is made on every partition.
     */
    public record ClusterOverview(String name, long now, Health health, ClusterReport cluster,
                                  PartitionSummary partitions, SandboxView sandbox) {
    }

    /** One page of the partition grid, fetched when the operator opens it: rows {@code from} on, by id. */
    public record PartitionPage(String cluster, int total, int from, List<ClusterReport.PartitionRow> partitions) {
        public PartitionPage {
            partitions = List.copyOf(partitions);
        }
    }

    /**
     * The charts' points of one range after a given time: {@code 15m} at {@link #SAMPLE_EVERY}, {@code 24h} at
     * {@link DayHistory#STEP}; {@code newestMs} is the newest point the range holds (null before the first), so
     * a page holding newer ones knows the history restarted.
     */
    public record SeriesView(String range, long stepMs, Long newestMs, Series series) {
    }

    /** The sandbox panel: present only when this cluster is Vigil's own sandbox. */
    public record SandboxView(List<SandboxControls.BrokerControl> brokers) {
    }

    private final ClusterSource source;
    private final MicroClock clock;
    private final TaskGuard guard;
    private final InstanceLabels instance;
    private final Map<String, ClusterHistory> histories = new ConcurrentHashMap<>();
    private final Map<String, GroupLagHistory> lagHistories = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-dashboard");
        t.setDaemon(true);
        return t;
    });

    /** A dashboard whose sampler's failures reach no one else: for tests. */
    public Dashboard(ClusterSource source, MicroClock clock) {
        this(source, clock, new TaskGuard(new MetricRegistry()), InstanceLabels.NONE);
    }

    /**
     * @param guard    runs the sampler; a failure in it turns every cluster FAILED (the charts would freeze)
     * @param instance which Vigil this is, shown in the page's header
     */
    public Dashboard(ClusterSource source, MicroClock clock, TaskGuard guard, InstanceLabels instance) {
        this.source = source;
        this.clock = clock;
        this.guard = guard;
        this.instance = instance;
    }

    /** The configured {@code instance} and {@code zone}, those set. */
    public Map<String, String> instance() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        this.instance.instance().ifPresent(i -> out.put(InstanceLabels.Keys.INSTANCE, i));
        this.instance.zone().ifPresent(z -> out.put(InstanceLabels.Keys.ZONE, z));
        return out;
    }

    public void start() {
        long everyMs = SAMPLE_EVERY.toMillis();
        sampler.scheduleAtFixedRate(guard.guard("dashboard-sampler", this::sample), 0, everyMs, TimeUnit.MILLISECONDS);
    }

    /** Takes one sample of every cluster; the sampler calls it, tests may too. */
    public void sample() {
        long nowMs = clock.nowMicros() / 1_000;
        for (String cluster : source.clusters()) {
            source.totals(cluster).ifPresent(t -> history(cluster).add(nowMs, t));
            source.consumerGroups(cluster).ifPresent(lag -> lagHistory(cluster).add(lag));
        }
    }

    public List<ClusterSummary> clusters() {
        return source.clusters().stream()
                .map(name -> source.report(name).map(r -> new ClusterSummary(name, r.monitor().status(),
                        HealthAssessor.assess(r, history(name)))))
                .flatMap(Optional::stream)
                .toList();
    }

    public Optional<ClusterPage> page(String cluster) {
        return source.report(cluster).map(report -> {
            ClusterHistory history = history(cluster);
            SandboxView panel = source.sandbox(cluster).map(s -> new SandboxView(s.brokers())).orElse(null);
            return new ClusterPage(cluster, clock.nowMicros() / 1_000, HealthAssessor.assess(report, history),
                    report, history.series(), panel);
        });
    }

    /** The page's refresh: {@link ClusterOverview}. */
    public Optional<ClusterOverview> overview(String cluster) {
        return source.report(cluster).map(report -> {
            ClusterHistory history = history(cluster);
            SandboxView panel = source.sandbox(cluster).map(s -> new SandboxView(s.brokers())).orElse(null);
            List<ClusterReport.PartitionRow> worst = PartitionSummary.worst(report.partitions(), PartitionSummary.SHOWN);
            return new ClusterOverview(cluster, clock.nowMicros() / 1_000, HealthAssessor.assess(report, history),
                    report.compacted(worst, EVENTS_SHOWN), PartitionSummary.of(report.partitions(), worst.size()), panel);
        });
    }

    /** Up to {@code limit} partition rows from the {@code from}-th on, in id order. */
    public Optional<PartitionPage> partitions(String cluster, int from, int limit) {
        return source.report(cluster).map(report -> {
            List<ClusterReport.PartitionRow> all = report.partitions();
            int start = Math.min(from, all.size());
            return new PartitionPage(cluster, all.size(), start, all.subList(start, Math.min(all.size(), start + limit)));
        });
    }

    /** The charts' points of {@code range} ({@code 15m} or {@code 24h}) taken after {@code afterMs}. */
    public Optional<SeriesView> series(String cluster, String range, long afterMs) {
        if (!source.clusters().contains(cluster)) {
            return Optional.empty();
        }
        ClusterHistory history = history(cluster);
        return Optional.of(range.equals(DAY) ? new SeriesView(DAY, DayHistory.STEP.toMillis(), history.dayNewestMs(),
                history.daySeries(afterMs)) : new SeriesView(RECENT, SAMPLE_EVERY.toMillis(), history.newestMs(),
                history.series(afterMs)));
    }

    /**
     * The cluster's consumer groups as its latest lag evaluation judged them; empty for an unknown cluster or
     * one whose groups are not evaluated.
     */
    public Optional<ConsumerGroupsView> consumerGroups(String cluster) {
        return source.consumerGroups(cluster).map(s -> ConsumerGroupsView.of(cluster, s));
    }

    /**
     * The lag panel of a cluster: its groups worst first with their lag over time, or {@code evaluated} false when
     * it evaluates none; empty for an unknown cluster.
     */
    public Optional<LagPanel> lagPanel(String cluster) {
        if (!source.clusters().contains(cluster)) {
            return Optional.empty();
        }
        return Optional.of(source.consumerGroups(cluster).map(lag -> LagPanel.of(cluster, lag, lagHistory(cluster)))
                .orElseGet(() -> LagPanel.notEvaluated(cluster)));
    }

    public Optional<SandboxControls> sandbox(String cluster) {
        return source.sandbox(cluster);
    }

    public Optional<EpisodesReport> episodes(String cluster) {
        return source.episodes(cluster).map(e -> EpisodesReport.of(cluster, e, clock.nowMicros()));
    }

    private ClusterHistory history(String cluster) {
        return histories.computeIfAbsent(cluster, c -> new ClusterHistory(RECENT_SAMPLES));
    }

    private GroupLagHistory lagHistory(String cluster) {
        return lagHistories.computeIfAbsent(cluster, c -> new GroupLagHistory(
                (int) (KEEP.toMillis() / SAMPLE_EVERY.toMillis()) + 1, KEEP.toMillis()));
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
