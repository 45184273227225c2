package dev.vigil.bench.soak;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import dev.vigil.bench.soak.GroundTruthTap.Written;
import dev.vigil.bench.soak.SoakReport.HeapSample;
import dev.vigil.bench.soak.SoakReport.Pair;
import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.episodes.Episode;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.core.time.MicroClock;
import dev.vigil.sandbox.StopMode;
import dev.vigil.services.ClusterMonitor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;

/**
 * Vigil with its defaults on a 3-broker sandbox for a given time, while faults of every {@link Fault} kind are
 * injected at random times, one at a time, each healed before the next; the first is always an
 * {@link Fault#UNCLEAN_ELECTION}, so every run destroys acked probes at least once. Ground truth comes from
 * Kafka's own clients ({@link GroundTruthTap}: what was acked, what was read) and from the log itself
 * ({@link LogContents}: what is still there), checked at the end of each of Vigil's runs (a restart ends one).
 * The report ({@link SoakReport}) sets Vigil's loss and duplicate counts against that truth, gives the time from
 * each outage to Vigil's episode of it, and samples the live heap and the CPU. The brokers run in a JVM of their
 * own ({@link ForkedSandbox}), so this JVM's heap is Vigil's (and the soak's few fixed structures). A program
 * (usage in {@code bench/README.md}); {@code ChaosSoakTest} runs it for 10 minutes in the {@code slow} group.
 */
public final class ChaosSoak {

    private static final String CLUSTER = "soak";
    private static final String TOPIC = "vigil-soak";
    private static final int MAX_PARTITIONS = 24;
    private static final Duration RECOVERY = Duration.ofMinutes(2);
    /** How long before an unclean election the old leader's probes are acked but not read. */
    private static final Duration UNREAD = Duration.ofSeconds(5);

    private final ForkedSandbox sandbox;
    private final Admin admin;
    private final UncleanElection unclean;
    private final Random random;
    private final ProbeConfig probe = ProbeConfig.defaults();
    private final MetricRegistry registry = new MetricRegistry();

    private ClusterMonitor monitor;
    private GroundTruthTap.Truth truth;
    private final Map<Fault, Integer> faults = new EnumMap<>(Fault.class);
    private final Map<Fault, List<Long>> detection = new EnumMap<>(Fault.class);
    private final List<String> notRecovered = new ArrayList<>();
    private int missedDetections;
    private long acked;
    private long retired;
    private Pair lostUnread = new Pair(0, 0);
    private Pair lostAfterRead = new Pair(0, 0);
    private Pair duplicates = new Pair(0, 0);
    private long falseLoss;
    private long missedLoss;
    private long falseDuplicates;

    /** Partitions of the monitor topic: Vigil creates it with two a broker, and {@link #addPartitions} adds more. */
    private volatile int partitions;
    /** Set while a run is checked against the log: the heap then holds the check's copies of the log, not Vigil's. */
    private volatile boolean checking;

    private ChaosSoak(ForkedSandbox sandbox, Admin admin, long seed) {
        this.sandbox = sandbox;
        this.admin = admin;
        this.unclean = new UncleanElection(sandbox, admin, TOPIC);
        this.partitions = 2 * sandbox.brokerIds().size();
        this.random = new Random(seed);
    }

    /** {@code ChaosSoak [minutes, default 120] [seed, default the time]}; exits 1 if the report has problems. */
    public static void main(String[] args) throws Exception {
        Duration duration = Duration.ofMinutes(args.length > 0 ? Long.parseLong(args[0]) : 120);
        long seed = args.length > 1 ? Long.parseLong(args[1]) : System.currentTimeMillis();
        System.out.printf("chaos soak for %d min, seed %d%n", duration.toMinutes(), seed);
        SoakReport report = run(duration, seed);
        System.out.println(report.markdown());
        report.problems().forEach(p -> System.out.println("PROBLEM: " + p));
        System.exit(report.problems().isEmpty() ? 0 : 1);
    }

    /** Runs a soak of {@code duration} with faults drawn from {@code seed}. */
    public static SoakReport run(Duration duration, long seed) throws Exception {
        Path log = Files.createTempFile("vigil-soak-sandbox-", ".log");
        System.out.println("sandbox JVM's log: " + log);
        try (ForkedSandbox sandbox = ForkedSandbox.start(3, log); Admin admin = Admin.create(sandbox.adminConfig())) {
            return new ChaosSoak(sandbox, admin, seed).soak(duration);
        }
    }

    private SoakReport soak(Duration duration) throws Exception {
        List<HeapSample> heap = new CopyOnWriteArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        long sampleEvery = Math.max(10, Math.min(60, duration.toSeconds() / 20));
        sampler.scheduleAtFixedRate(() -> {
            if (!checking) {
                heap.add(new HeapSample(liveHeapMiB(), partitions));
            }
        }, sampleEvery, sampleEvery, TimeUnit.SECONDS);
        long startNanos = System.nanoTime();
        long startCpu = processCpuNanos();
        long startSandboxCpu = sandbox.cpuNanos();
        long endNanos = startNanos + duration.minus(settle()).toNanos();
        try {
            startVigil();
            while (System.nanoTime() < endNanos) {
                TimeUnit.SECONDS.sleep(10 + random.nextInt(21));
                Fault fault = faults.isEmpty() ? Fault.UNCLEAN_ELECTION
                        : Fault.values()[random.nextInt(Fault.values().length)];
                faults.merge(fault, 1, Integer::sum);
                inject(fault);
            }
            finishVigil();
        } finally {
            sampler.shutdownNow();
        }
        Duration ran = Duration.ofNanos(System.nanoTime() - startNanos);
        double cores = (processCpuNanos() - startCpu) / (double) ran.toNanos();
        double sandboxCores = (sandbox.cpuNanos() - startSandboxCpu) / (double) ran.toNanos();
        return new SoakReport(ran, faults, acked, retired, lostUnread, lostAfterRead, duplicates, falseLoss,
                missedLoss, falseDuplicates, detection, missedDetections, notRecovered, List.copyOf(heap), cores,
                sandboxCores);
    }

    private void inject(Fault fault) throws Exception {
        int broker = sandbox.brokerIds().get(random.nextInt(sandbox.brokerIds().size()));
        // An unclean election's cut must stay within what Vigil's ledger remembers (two loss graces of probes).
        Duration lasting = Duration.ofSeconds(fault == Fault.UNCLEAN_ELECTION
                ? 10 + random.nextInt(16) : 15 + random.nextInt(31));
        long at = System.nanoTime();
        System.out.printf("%tT %s%s%n", System.currentTimeMillis(), fault, fault.onBroker()
                ? " on broker " + broker + " for " + lasting.toSeconds() + " s" : "");
        switch (fault) {
            case ABRUPT_STOP, GRACEFUL_STOP -> {
                sandbox.stopBroker(broker, fault == Fault.ABRUPT_STOP ? StopMode.ABRUPT : StopMode.GRACEFUL);
                watchOutage(fault, broker, at, lasting);
                sandbox.startBroker(broker);
            }
            case BLACKHOLE -> {
                sandbox.blackhole(broker, true);
                watchOutage(fault, broker, at, lasting);
                sandbox.blackhole(broker, false);
            }
            case LATENCY -> {
                sandbox.setLatency(broker, Duration.ofMillis(50 + random.nextInt(451)));
                TimeUnit.NANOSECONDS.sleep(lasting.toNanos());
                sandbox.setLatency(broker, Duration.ZERO);
            }
            case ADD_PARTITIONS -> addPartitions(at);
            case VIGIL_RESTART -> {
                finishVigil();
                startVigil();
            }
            case UNCLEAN_ELECTION -> uncleanElection(broker, lasting);
        }
        if (!await(RECOVERY, this::everyPartitionOk)) {
            notRecovered.add(fault + " on broker " + broker);
        }
    }

    /** Waits out the fault, noting when Vigil first showed an open episode of the broker. */
    private void watchOutage(Fault fault, int broker, long at, Duration lasting) throws InterruptedException {
        long until = at + lasting.toNanos();
        long seen = -1;
        while (System.nanoTime() < until) {
            if (seen < 0 && monitor.reading().episodes().open().stream()
                    .anyMatch(e -> e.subject() == Episode.Subject.BROKER && e.id() == broker)) {
                seen = System.nanoTime();
                detection.computeIfAbsent(fault, f -> new ArrayList<>()).add((seen - at) / 1_000_000);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        if (seen < 0 && fault.outage()) {
            missedDetections++;
            System.out.printf("  no episode of broker %d during its %s%n", broker, fault);
        }
    }

    /**
     * {@code leader} acks alone for {@code lasting}, then a stale broker is elected in its place. The detection time
     * is from that election to Vigil's first count of an acked probe read and then cut.
     */
    private void uncleanElection(int leader, Duration lasting) throws Exception {
        try {
            unclean.isolate(leader);
            TimeUnit.NANOSECONDS.sleep(lasting.toNanos());
            long cutBefore = monitor.snapshot().total().lostAckedAfterRead();
            unclean.electStale(leader, UNREAD);
            long elected = System.nanoTime();
            if (await(Duration.ofMinutes(1), () -> monitor.snapshot().total().lostAckedAfterRead() > cutBefore)) {
                detection.computeIfAbsent(Fault.UNCLEAN_ELECTION, f -> new ArrayList<>())
                        .add((System.nanoTime() - elected) / 1_000_000);
            }
        } catch (IllegalStateException e) {
            notRecovered.add("unclean election led by broker " + leader + ": " + e.getMessage());
        } finally {
            unclean.heal();
        }
    }

    private void addPartitions(long at) throws Exception {
        int now = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions().size();
        if (now + 3 > MAX_PARTITIONS) {
            return;
        }
        admin.createPartitions(Map.of(TOPIC, NewPartitions.increaseTo(now + 3))).all().get();
        partitions = now + 3;
        if (await(RECOVERY, () -> everyPartitionProbed(now + 3))) {
            detection.computeIfAbsent(Fault.ADD_PARTITIONS, f -> new ArrayList<>()).add((System.nanoTime() - at) / 1_000_000);
        } else {
            notRecovered.add("partitions added: " + (now + 3) + " not all probed");
        }
    }

    private void startVigil() throws Exception {
        truth = GroundTruthTap.open(TOPIC);
        // min.insync.replicas 2 is the default's (RF - 1), set explicitly so that Vigil's topic manager leaves the
        // unclean election's lowered setting alone while it lasts.
        ClusterConfig config = new ClusterConfig(CLUSTER, Optional.of(sandbox.bootstrapServers()), Optional.empty(),
                truth.clientProperties(), new TopicConfig(TOPIC, 2, OptionalInt.empty(), OptionalInt.of(2)), probe);
        monitor = new ClusterMonitor(config, sandbox.bootstrapServers(), MicroClock.system(), registry);
        monitor.start();
        if (!await(RECOVERY, this::everyPartitionOk)) {
            notRecovered.add("Vigil's start");
        }
    }

    /**
     * Ends one run of Vigil: once every probe it sent can have been judged, its counts are set against the
     * truth of the log as it is now, and it stops.
     */
    private void finishVigil() throws Exception {
        TimeUnit.NANOSECONDS.sleep(settle().toNanos());
        ScopeSnapshot vigil = monitor.snapshot().total();
        monitor.stop();
        monitor.awaitShutdown(Duration.ofSeconds(30));
        checking = true;
        try {
            check(vigil);
        } finally {
            truth.close();
            checking = false;
        }
    }

    private void check(ScopeSnapshot vigil) throws Exception {
        LogContents log = LogContents.read(admin, sandbox.adminConfig(), TOPIC);
        GroundTruthTap.Reported reported = truth.reported();
        List<Written> sent = reported.acked();
        long unread = 0;
        long afterRead = 0;
        for (Written record : sent) {
            if (log.retired(record.at())) {
                retired++;
            } else if (!log.holds(record)) {
                if (reported.read().contains(record)) {
                    afterRead++;
                } else {
                    unread++;
                }
            }
        }
        long copies = log.duplicatesOf(sent.stream().map(Written::at).collect(Collectors.toSet()));
        acked += sent.size();
        lostUnread = lostUnread.plus(vigil.lostAcked(), unread);
        lostAfterRead = lostAfterRead.plus(vigil.lostAckedAfterRead(), afterRead);
        duplicates = duplicates.plus(vigil.duplicates(), copies);
        falseLoss += Math.max(0, vigil.lostAcked() - unread) + Math.max(0, vigil.lostAckedAfterRead() - afterRead);
        missedLoss += Math.max(0, unread - vigil.lostAcked()) + Math.max(0, afterRead - vigil.lostAckedAfterRead());
        falseDuplicates += Math.max(0, vigil.duplicates() - copies);
        System.out.printf("%tT Vigil run ended: %d acked; lost unread %d (truth %d), after read %d (truth %d), "
                        + "duplicates %d (truth %d)%n", System.currentTimeMillis(), sent.size(), vigil.lostAcked(), unread,
                vigil.lostAckedAfterRead(), afterRead, vigil.duplicates(), copies);
    }

    /** Long enough for every probe sent before it to be acked or failed, and judged received or lost. */
    private Duration settle() {
        return probe.lossGrace().plus(probe.e2eSla()).plus(probe.interval().multipliedBy(3)).plusSeconds(5);
    }

    private boolean everyPartitionOk() {
        var partitions = monitor.snapshot().partitions();
        return !partitions.isEmpty() && partitions.values().stream().allMatch(s -> Boolean.TRUE.equals(s.lastProduceOk()));
    }

    private boolean everyPartitionProbed(int count) {
        var partitions = monitor.snapshot().partitions();
        return partitions.size() >= count && partitions.values().stream().allMatch(s -> s.received() > 0);
    }

    private static boolean await(Duration atMost, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return true;
    }

    private static long liveHeapMiB() {
        System.gc(); // a sample of what is held, not of garbage not yet collected
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
