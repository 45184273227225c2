package dev.vigil.bench.fidelity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.config.TopicManagement;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.stats.ScopeMetrics;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.core.time.MicroClock;
import dev.vigil.sandbox.SandboxCluster;
import dev.vigil.sandbox.StopMode;
import dev.vigil.services.ClusterMonitor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * How fast and how exactly Vigil sees faults it did not cause, on a real 3-broker sandbox: over repeated
 * trials, the time from a broker stop to Vigil's first failed probe of that broker (its availability
 * dropping below 1) and from its restart to its first good probe again; and the latency Vigil measures
 * against latency injected by the sandbox's proxy. A program, not a test: it prints figures for
 * {@code RESULTS.md} and asserts nothing. Usage in {@code bench/README.md}.
 *
 * <p>Detection uses Vigil's defaults (probe every 1 s, ack SLA 3 s, cluster state every 10 s) on a
 * topic with replication factor 1 and one partition per broker, so a stopped broker's partition stays
 * unavailable until the restart (with RF 3 its leadership would move and the outage end at fencing).
 * Times are measured from the moment {@code stopBroker}/{@code startBroker} returned, polling Vigil's
 * numbers every 10 ms.
 */
public final class FaultFidelityBenchmark {

    private static final String CLUSTER = "fidelity";
    private static final int VICTIM = 2;
    private static final int VICTIM_PARTITION = 1;
    private static final Duration GIVE_UP = Duration.ofSeconds(120);

    private final SandboxCluster sandbox;
    private final Admin admin;

    private FaultFidelityBenchmark(SandboxCluster sandbox, Admin admin) {
        this.sandbox = sandbox;
        this.admin = admin;
    }

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        try (SandboxCluster sandbox = SandboxCluster.start(3); Admin admin = Admin.create(sandbox.adminConfig())) {
            FaultFidelityBenchmark bench = new FaultFidelityBenchmark(sandbox, admin);
            bench.detection(trials, StopMode.ABRUPT);
            bench.detection(trials, StopMode.GRACEFUL);
            bench.latencyAccuracy(List.of(25L, 50L, 100L, 200L));
        }
    }

    private void detection(int trials, StopMode mode) throws Exception {
        String topic = "detect-" + mode.name().toLowerCase();
        createTopic(topic, 1);
        MetricRegistry registry = new MetricRegistry();
        ProbeConfig probe = ProbeConfig.defaults();
        ClusterMonitor monitor = start(topic, probe, registry, 3);
        List<Double> detect = new ArrayList<>();
        List<Double> recover = new ArrayList<>();
        try {
            for (int i = 0; i < trials; i++) {
                // Settled: the victim's partition succeeds again and its latest probe is good.
                waitFor(() -> lastOk(monitor, VICTIM_PARTITION));
                sandbox.stopBroker(VICTIM, mode);
                long stopped = System.nanoTime();
                waitFor(() -> !lastOk(monitor, VICTIM_PARTITION));
                detect.add(millisSince(stopped));
                sandbox.startBroker(VICTIM);
                long started = System.nanoTime();
                waitFor(() -> lastOk(monitor, VICTIM_PARTITION));
                recover.add(millisSince(started));
            }
        } finally {
            monitor.stop();
            monitor.awaitShutdown(Duration.ofSeconds(10));
        }
        System.out.printf("broker stop (%s) -> first failed probe of its partition: %s%n", mode, summary(detect));
        System.out.printf("broker start (%s) -> first good probe again:            %s%n", mode, summary(recover));
    }

    private void latencyAccuracy(List<Long> oneWayMillis) throws Exception {
        String topic = "latency";
        createTopic(topic, 3);
        // 500 ms between probes (more than the largest round trip injected), 20 s windows of 5 s.
        ProbeConfig probe = new ProbeConfig(Duration.ofMillis(500), 100, Duration.ofSeconds(3), Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofSeconds(20), 4, Duration.ofSeconds(10));
        MetricRegistry registry = new MetricRegistry();
        ClusterMonitor monitor = start(topic, probe, registry, 3);
        Duration settle = probe.window().plus(probe.slice());
        try {
            for (long oneWay : oneWayMillis) {
                sandbox.setLatency(VICTIM, Duration.ZERO);
                TimeUnit.MILLISECONDS.sleep(settle.toMillis());
                Map<String, Double> before = latencies(registry);
                sandbox.setLatency(VICTIM, Duration.ofMillis(oneWay));
                TimeUnit.MILLISECONDS.sleep(settle.toMillis());
                Map<String, Double> after = latencies(registry);
                System.out.printf("injected %d ms each way (round trip +%d ms) on broker %d: "
                                + "e2e p50 +%.1f p99 +%.1f, produce p50 +%.1f p99 +%.1f ms; "
                                + "other brokers' e2e p99 %.1f / %.1f ms%n",
                        oneWay, 2 * oneWay, VICTIM,
                        after.get("e2eP50") - before.get("e2eP50"), after.get("e2eP99") - before.get("e2eP99"),
                        after.get("produceP50") - before.get("produceP50"),
                        after.get("produceP99") - before.get("produceP99"),
                        after.get("b1e2eP99"), after.get("b3e2eP99"));
            }
        } finally {
            sandbox.setLatency(VICTIM, Duration.ZERO);
            monitor.stop();
            monitor.awaitShutdown(Duration.ofSeconds(10));
        }
    }

    private Map<String, Double> latencies(MetricRegistry registry) {
        Map<String, Double> out = new TreeMap<>();
        out.put("e2eP50", value(registry, VICTIM, ScopeMetrics.E2E_LATENCY.p50()) / 1_000);
        out.put("e2eP99", value(registry, VICTIM, ScopeMetrics.E2E_LATENCY.p99()) / 1_000);
        out.put("produceP50", value(registry, VICTIM, ScopeMetrics.PRODUCE_LATENCY.p50()) / 1_000);
        out.put("produceP99", value(registry, VICTIM, ScopeMetrics.PRODUCE_LATENCY.p99()) / 1_000);
        out.put("b1e2eP99", value(registry, 1, ScopeMetrics.E2E_LATENCY.p99()) / 1_000);
        out.put("b3e2eP99", value(registry, 3, ScopeMetrics.E2E_LATENCY.p99()) / 1_000);
        return out;
    }

    private static double value(MetricRegistry registry, int broker, Metric metric) {
        return registry.value(MetricScope.broker(CLUSTER, broker), metric, MicroClock.system().nowMicros());
    }

    /** Partition p led by broker p + 1, replicas following it; returns once every leader is in place. */
    private void createTopic(String topic, int rf) throws Exception {
        Map<Integer, List<Integer>> assignment = new TreeMap<>();
        for (int p = 0; p < 3; p++) {
            List<Integer> replicas = new ArrayList<>();
            for (int r = 0; r < rf; r++) {
                replicas.add((p + r) % 3 + 1);
            }
            assignment.put(p, replicas);
        }
        admin.createTopics(List.of(new NewTopic(topic, assignment)
                .configs(Map.of("min.insync.replicas", Integer.toString(Math.max(1, rf - 1)))))).all().get();
    }

    private ClusterMonitor start(String topic, ProbeConfig probe, MetricRegistry registry, int partitions)
            throws InterruptedException {
        ClusterConfig config = new ClusterConfig(CLUSTER, Optional.of(sandbox.bootstrapServers()), Optional.empty(),
                Map.of(), new TopicConfig(topic, 1, OptionalInt.empty(), OptionalInt.empty())
                        .withManagement(TopicManagement.OFF, Duration.ofSeconds(60), Duration.ofSeconds(300)), probe);
        ClusterMonitor monitor = new ClusterMonitor(config, sandbox.bootstrapServers(), MicroClock.system(), registry);
        monitor.start();
        waitFor(() -> monitor.view().snapshot().partitions().size() == partitions
                && monitor.view().snapshot().partitions().values().stream().allMatch(s -> s.received() > 0));
        return monitor;
    }

    private static boolean lastOk(ClusterMonitor monitor, int partition) {
        ScopeSnapshot s = monitor.view().snapshot().partitions().get(partition);
        return s != null && Boolean.TRUE.equals(s.lastProduceOk());
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("condition not met within " + GIVE_UP.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static String summary(List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        sorted.sort(Double::compare);
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        return String.format("median %.0f ms, max %.0f ms, min %.0f ms over %d trials %s", median,
                sorted.get(sorted.size() - 1), sorted.get(0), sorted.size(), millis.stream()
                        .map(m -> String.format("%.0f", m)).toList());
    }
}
