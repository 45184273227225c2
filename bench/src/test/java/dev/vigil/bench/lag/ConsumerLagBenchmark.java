package dev.vigil.bench.lag;

import com.sun.management.OperatingSystemMXBean;
import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ConfigLoader;
import dev.vigil.core.lag.GroupLag;
import dev.vigil.core.lag.LagSnapshot;
import dev.vigil.core.lag.LagStatus;
import dev.vigil.core.lag.PartitionLag;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.time.MicroClock;
import dev.vigil.reporters.prometheus.LatencyBuckets;
import dev.vigil.reporters.prometheus.PrometheusExporter;
import dev.vigil.sandbox.SandboxCluster;
import dev.vigil.services.ClusterMonitor;
import dev.vigil.services.kafka.KafkaClients;
import dev.vigil.services.probe.ConsumerLagProbe;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;

/**
 * What Vigil's consumer-group lag evaluation costs at 1,000 groups of 100 partitions, on a real sandbox: the
 * real {@link ConsumerLagProbe} with the Admin client and lag consumer {@link KafkaClients} makes for it, and
 * the lag config read from JSON as an operator writes it ({@code "consumer.groups.include": ".*"}, every other
 * lag key at its default: a round every 10 s, windows of 10, exact lag in seconds). Between rounds the groups
 * move ({@link LagGroups}). Per round it prints the wall time, the CPU time of the evaluating thread, of the
 * Admin client's I/O thread and of the whole process (which includes the brokers serving the round), the
 * Admin calls and the requests the brokers served, the records read for lag in seconds (against their bound)
 * and how many lagging partitions have lag in seconds; per repetition the live heap with and without the
 * groups; once, the Prometheus series the groups add to a real {@link ClusterMonitor}'s scrape, and the group
 * requests a monitor with the default config makes (none of the evaluation's). A program, not a test: it prints figures for
 * {@code RESULTS.md} and asserts nothing. Usage in {@code bench/README.md}.
 */
public final class ConsumerLagBenchmark {

    private static final String CLUSTER = "lagbench";
    private static final int INITIAL_RECORDS = 300;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Clocks read at one instant of a round. */
    private record Sample(long nanos, long threadCpu, long processCpu, long adminIoCpu) {
    }

    private record RoundEnd(Sample sample, LagSnapshot snapshot) {
    }

    /** One evaluation round's figures. */
    private record Round(int rep, int round, double wallMs, double threadCpuMs, double adminIoCpuMs,
                         double processCpuMs, Map<String, long[]> calls, Map<String, Long> requests, long reads,
                         long laggingPartitions, long partitionsWithSeconds, long laggingGroupsWithoutSeconds,
                         Map<LagStatus, Integer> statuses, boolean overlapped) {
    }

    private final SandboxCluster sandbox;
    private final Admin admin;
    private final int groups;
    private final int partitions;
    private final int rounds;
    private final BrokerRequests brokers = new BrokerRequests();
    private final BlockingQueue<Sample> roundStarts = new LinkedBlockingQueue<>();

    private ConsumerLagBenchmark(SandboxCluster sandbox, Admin admin, int groups, int partitions, int rounds)
            throws Exception {
        this.sandbox = sandbox;
        this.admin = admin;
        this.groups = groups;
        this.partitions = partitions;
        this.rounds = rounds;
    }

    /** Arguments: groups [1000], partitions per group [100], topics [10], rounds per repetition [8], repetitions [3]. */
    public static void main(String[] args) throws Exception {
        int groups = arg(args, 0, 1_000);
        int partitions = arg(args, 1, 100);
        int topicCount = arg(args, 2, 10);
        int rounds = arg(args, 3, 8);
        int reps = arg(args, 4, 3);
        System.out.printf("%d groups x %d partitions on %d topic(s) of %d partitions, %d rounds x %d repetitions,"
                        + " %d cores, max heap %d MiB%n", groups, partitions, topicCount, partitions, rounds, reps,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        try (SandboxCluster sandbox = SandboxCluster.start(3); Admin admin = Admin.create(sandbox.adminConfig());
             KafkaProducer<byte[], byte[]> producer = producer(sandbox)) {
            List<String> topics = new ArrayList<>();
            List<NewTopic> newTopics = new ArrayList<>();
            for (int t = 0; t < topicCount; t++) {
                topics.add("lagbench-" + t);
                newTopics.add(new NewTopic("lagbench-" + t, partitions, (short) 1));
            }
            admin.createTopics(newTopics).all().get();
            LagGroups lagGroups = new LagGroups(admin, producer, topics, partitions, groups);
            lagGroups.produce(INITIAL_RECORDS, true);
            ConsumerLagBenchmark bench = new ConsumerLagBenchmark(sandbox, admin, groups, partitions, rounds);
            lagGroups.create();
            bench.series();
            List<Round> all = new ArrayList<>();
            List<double[]> heaps = new ArrayList<>();
            for (int rep = 1; rep <= reps; rep++) {
                lagGroups.create();
                bench.repetition(rep, lagGroups, all, heaps);
            }
            bench.summary(all, heaps);
        }
    }

    /**
     * The Prometheus series the groups add: one scrape of a real monitor with the default config, one with
     * {@code consumer.groups.include} {@code .*} once its reading has every group; and the group requests the
     * brokers served while the default monitor ran.
     */
    private void series() throws Exception {
        MetricRegistry plain = new MetricRegistry();
        ClusterMonitor monitor = new ClusterMonitor(config(false), sandbox.bootstrapServers(), MicroClock.system(),
                plain);
        Map<String, Long> before;
        Map<String, Long> after;
        long scrapeDefault;
        monitor.start();
        try {
            waitFor(() -> monitor.status() == ClusterMonitor.Status.RUNNING, Duration.ofMinutes(2));
            before = brokers.counts();
            TimeUnit.SECONDS.sleep(25);
            after = brokers.counts();
            scrapeDefault = seriesIn(plain, "");
        } finally {
            monitor.stop();
            monitor.awaitShutdown(Duration.ofSeconds(30));
        }
        Map<String, Long> groupApis = new TreeMap<>();
        BrokerRequests.since(before, after).forEach((api, n) -> {
            if (api.contains("Group") || api.equals("OffsetFetch") || api.equals("FindCoordinator")) {
                groupApis.put(api, n);
            }
        });
        System.out.printf("default config (no consumer.groups.include), 25 s of a running monitor: group requests"
                + " served %s (ListGroups, DescribeGroups, ConsumerGroupDescribe: none expected; the offset-commit"
                + " probe's own group may show)%n", groupApis);

        MetricRegistry registry = new MetricRegistry();
        ClusterMonitor lagMonitor = new ClusterMonitor(config(true), sandbox.bootstrapServers(), MicroClock.system(),
                registry);
        lagMonitor.start();
        try {
            waitFor(() -> lagMonitor.reading().consumerLag().map(l -> l.groups().size() >= groups).orElse(false),
                    Duration.ofMinutes(3));
            TimeUnit.SECONDS.sleep(3); // the next harvests register the groups' scopes
            long total = seriesIn(registry, "");
            long groupSeries = seriesIn(registry, "vigil_consumer_group_");
            System.out.printf("Prometheus series: default config %d, include .* %d (+%d), of which"
                            + " vigil_consumer_group_* %d (%.1f per group)%n", scrapeDefault, total,
                    total - scrapeDefault, groupSeries, groupSeries / (double) groups);
        } finally {
            lagMonitor.stop();
            lagMonitor.awaitShutdown(Duration.ofSeconds(30));
        }
    }

    private void repetition(int rep, LagGroups lagGroups, List<Round> all, List<double[]> heaps) throws Exception {
        ClusterConfig config = config(true);
        roundStarts.clear(); // the rounds the last repetition's probe began before it stopped
        KafkaClients clients = new KafkaClients(config, sandbox.bootstrapServers());
        double heapBefore = liveHeapMiB();
        Admin real = clients.admin();
        CountingAdmin counting = CountingAdmin.wrap(real, () -> roundStarts.add(sample()));
        KafkaConsumer<byte[], byte[]> consumer = clients.lagConsumer();
        BlockingQueue<RoundEnd> ends = new LinkedBlockingQueue<>();
        ConsumerLagProbe probe = new ConsumerLagProbe(config.name(), config.lag(), counting.admin(),
                Optional.of(consumer), MicroClock.system(), s -> ends.add(new RoundEnd(sample(), s)), 0);
        Duration patience = config.lag().interval().multipliedBy(3).plusMinutes(1);
        long readsBefore = 0;
        double heapWith;
        double heapDeleted;
        try {
            Map<String, Long> requestsBefore = brokers.counts();
            long quietFrom = System.nanoTime();
            probe.start();
            for (int r = 1; r <= rounds; r++) {
                RoundEnd end = ends.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
                if (end == null) {
                    throw new IllegalStateException("no evaluation within " + patience);
                }
                Map<String, Long> requests = BrokerRequests.since(requestsBefore, brokers.counts());
                Sample start = roundStarts.take(); // rounds run one after another: the first start not taken is this one's
                Round round = round(rep, r, start, end, counting.take(), requests, end.snapshot().recordReads()
                        - readsBefore, start.nanos() < quietFrom || !roundStarts.isEmpty());
                readsBefore = end.snapshot().recordReads();
                all.add(round);
                print(round);
                if (r < rounds) {
                    long t0 = System.nanoTime();
                    int moved = lagGroups.advance(r);
                    if (r == 1) {
                        System.out.printf("  between rounds: %d records to each partition, %d groups moved in %.0f ms%n",
                                LagGroups.RECORDS_PER_INTERVAL, moved, (System.nanoTime() - t0) / 1e6);
                    }
                    quietFrom = System.nanoTime();
                    requestsBefore = brokers.counts();
                }
            }
            heapWith = liveHeapMiB();
            lagGroups.delete();
            RoundEnd afterDelete;
            do { // the first round may have listed the groups before they were deleted
                afterDelete = ends.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
                if (afterDelete == null) {
                    throw new IllegalStateException("no evaluation within " + patience + " after the groups were deleted");
                }
            } while (afterDelete.snapshot().groups().keySet().stream().anyMatch(g -> g.startsWith("lagbench-")));
            heapDeleted = liveHeapMiB();
            System.out.printf("rep %d live heap: %.1f MiB before the probe, %.1f MiB after %d rounds of %d groups"
                            + " (+%.1f), %.1f MiB one round after the groups were deleted (%d groups left)%n",
                    rep, heapBefore, heapWith, rounds, groups, heapWith - heapBefore, heapDeleted,
                    afterDelete.snapshot().groups().size());
        } finally {
            probe.stop();
            probe.awaitShutdown(Duration.ofSeconds(30));
            consumer.close();
            real.close();
        }
        heaps.add(new double[]{heapBefore, heapWith, heapDeleted});
    }

    private Round round(int rep, int r, Sample start, RoundEnd end, Map<String, long[]> calls,
                        Map<String, Long> requests, long reads, boolean overlapped) {
        LagSnapshot s = end.snapshot();
        long lagging = 0;
        long withSeconds = 0;
        long groupsWithout = 0;
        Map<LagStatus, Integer> statuses = new EnumMap<>(LagStatus.class);
        for (GroupLag g : s.groups().values()) {
            statuses.merge(g.status(), 1, Integer::sum);
            for (PartitionLag p : g.partitions()) {
                if (p.lag() > 0) {
                    lagging++;
                    if (!Double.isNaN(p.lagMicros())) {
                        withSeconds++;
                    }
                }
            }
            if (g.lagRecords() > 0 && g.partitions().stream().allMatch(p -> p.lag() == 0 || Double.isNaN(p.lagMicros()))) {
                groupsWithout++;
            }
        }
        Sample e = end.sample();
        return new Round(rep, r, (e.nanos() - start.nanos()) / 1e6, (e.threadCpu() - start.threadCpu()) / 1e6,
                (e.adminIoCpu() - start.adminIoCpu()) / 1e6, (e.processCpu() - start.processCpu()) / 1e6, calls,
                requests, reads, lagging, withSeconds, groupsWithout, statuses, overlapped);
    }

    private static void print(Round r) {
        StringBuilder calls = new StringBuilder();
        r.calls().forEach((m, n) -> calls.append(String.format(" %s x%d (%d)", m, n[0], n[1])));
        System.out.printf("rep %d round %d: wall %.0f ms, cpu: evaluating thread %.0f ms, admin I/O thread %.0f ms,"
                        + " process %.0f ms; admin calls (items):%s; broker requests %s; record reads %d (bound %d);"
                        + " lagging partitions %d, with lag seconds %d; lagging groups without seconds %d; %s%s%n",
                r.rep(), r.round(), r.wallMs(), r.threadCpuMs(), r.adminIoCpuMs(), r.processCpuMs(), calls,
                r.requests(), r.reads(), 1_000, r.laggingPartitions(), r.partitionsWithSeconds(),
                r.laggingGroupsWithoutSeconds(), r.statuses(), r.overlapped() ? " OVERLAPPED the bench's own moves" : "");
    }

    private void summary(List<Round> all, List<double[]> heaps) {
        List<Round> first = all.stream().filter(r -> r.round() == 1).toList();
        List<Round> steady = all.stream().filter(r -> r.round() > 1).toList();
        System.out.println();
        System.out.println("| rounds | wall ms | evaluating thread CPU ms | admin I/O thread CPU ms | process CPU ms | record reads |");
        System.out.println("|---|---|---|---|---|---|");
        for (var rows : List.of(Map.entry("first (fresh windows)", first), Map.entry("later", steady))) {
            List<Round> rs = rows.getValue();
            System.out.printf("| %s (%d) | %s | %s | %s | %s | %s |%n", rows.getKey(), rs.size(),
                    spread(rs, Round::wallMs), spread(rs, Round::threadCpuMs), spread(rs, Round::adminIoCpuMs),
                    spread(rs, Round::processCpuMs), spread(rs, r -> r.reads()));
        }
        Map<String, List<Long>> requests = new TreeMap<>();
        steady.stream().filter(r -> !r.overlapped()).forEach(r -> r.requests().forEach((api, n) -> requests.computeIfAbsent(api, k -> new ArrayList<>()).add(n)));
        long clean = steady.stream().filter(r -> !r.overlapped()).count();
        System.out.printf("broker requests per later round not overlapping the bench's moves (%d; min / median / max):"
                + " %s%n", clean, requestsSpread(requests, (int) clean));
        double intervalMs = config(true).lag().interval().toMillis();
        System.out.printf("rounds longer than lag.interval.ms (the next starts at once): %d of %d; rounds overlapping"
                        + " the bench's moves (their requests not counted above): %d%n",
                all.stream().filter(r -> r.wallMs() > intervalMs).count(), all.size(),
                all.stream().filter(Round::overlapped).count());
        System.out.printf("live heap MiB (before probe / with %d groups / groups deleted) per repetition: %s%n", groups,
                heaps.stream().map(h -> String.format("%.1f / %.1f / %.1f", h[0], h[1], h[2])).toList());
        // The probe's clients stay after the groups are deleted: what goes with the groups is the windows'.
        System.out.printf("held by the groups' windows and stamps (with minus deleted): %s MiB over %d group"
                        + " partitions; the evaluation in all (with minus before: clients too): %s MiB%n",
                heaps.stream().map(h -> String.format("%.1f", h[1] - h[2])).toList(), (long) groups * partitions,
                heaps.stream().map(h -> String.format("%.1f", h[1] - h[0])).toList());
    }

    private static String requestsSpread(Map<String, List<Long>> requests, int rounds) {
        StringBuilder out = new StringBuilder();
        requests.forEach((api, ns) -> {
            List<Long> sorted = new ArrayList<>(ns);
            while (sorted.size() < rounds) {
                sorted.add(0L);
            }
            sorted.sort(Long::compare);
            out.append(String.format("%s %d / %d / %d; ", api, sorted.get(0), sorted.get(sorted.size() / 2),
                    sorted.get(sorted.size() - 1)));
        });
        return out.toString();
    }

    private static String spread(List<Round> rounds, ToDoubleFunction<Round> figure) {
        double[] v = rounds.stream().mapToDouble(figure).sorted().toArray();
        return v.length == 0 ? "-" : String.format("%.0f / %.0f / %.0f", v[0], v[v.length / 2], v[v.length - 1]);
    }

    /** Called on the evaluating thread. */
    private Sample sample() {
        return new Sample(System.nanoTime(), THREADS.getCurrentThreadCpuTime(), OS.getProcessCpuTime(),
                adminIoCpu());
    }

    /** The CPU time of the Admin client's network thread ({@code kafka-admin-client-thread | CLIENT_ID}). */
    private static long adminIoCpu() {
        long cpu = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("kafka-admin-client-thread | vigil-" + CLUSTER + "-admin")) {
                cpu += Math.max(0, THREADS.getThreadCpuTime(t.getId()));
            }
        }
        return cpu;
    }

    /** The cluster as an operator writes it, lag keys at their defaults but for the include. */
    private ClusterConfig config(boolean lag) {
        String include = lag ? ", \"consumer.groups.include\": \".*\"" : "";
        String json = "{\"clusters\": [{\"name\": \"" + CLUSTER + "\", \"bootstrap.servers\": \""
                + sandbox.bootstrapServers() + "\", \"topic\": \"lagbench-probe\"" + include + "}]}";
        return ConfigLoader.parse(json, "lagbench").clusters().get(0);
    }

    private static long seriesIn(MetricRegistry registry, String prefix) throws Exception {
        PrometheusExporter exporter = new PrometheusExporter(registry, MicroClock.system(), new LatencyBuckets(), false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exporter.write(out);
        return out.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && l.startsWith(prefix)).count();
    }

    private static double liveHeapMiB() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            ManagementFactory.getMemoryMXBean().gc();
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    private static KafkaProducer<byte[], byte[]> producer(SandboxCluster sandbox) {
        Map<String, Object> props = new HashMap<>(sandbox.adminConfig());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        return new KafkaProducer<>(props);
    }

    private static void waitFor(BooleanSupplier condition, Duration giveUp) throws InterruptedException {
        long deadline = System.nanoTime() + giveUp.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("condition not met within " + giveUp);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static int arg(String[] args, int i, int otherwise) {
        return args.length > i ? Integer.parseInt(args[i]) : otherwise;
    }
}
