package dev.vigil.bench.overhead;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.management.ObjectName;

import dev.vigil.bench.overhead.ScheduleCheck.Adherence;
import dev.vigil.bench.overhead.ScheduleCheck.Format;

/**
 * Vigil's whole-process overhead against the floor ({@link FloorProbe}: the bare Kafka clients doing the
 * same probing), and Vigil's end-to-end latency against Kafka's own {@code EndToEndLatency} tool, on one
 * 3-broker sandbox cluster running in a JVM of its own ({@link SandboxMain}). A program, not a test: it
 * prints and writes figures for {@code RESULTS.md}. Run it with {@code bench/run-overhead.sh} (options in
 * {@code bench/README.md}).
 *
 * <p>For every repetition and workload, Vigil (its real main, from {@code app/target}), the floor and each
 * {@link Variant} asked for run one after the other, each in a fresh JVM with the same {@code -Xmx}, on the
 * same topic; the order rotates every repetition. Each run: start, warm up, then over the measurement
 * window the process's CPU time (/proc) and GC time (JMX); at the end threads and RSS, then heap after a
 * full GC; after the process stopped, read back from the topic ({@link ScheduleCheck}), the probes it wrote
 * in the window (CPU per probe divides by these) and its schedule adherence. Each repetition ends with Vigil and
 * {@code EndToEndLatency} (order flipping too) on one 1-partition RF 3 topic, {@code acks=all}, 100-byte
 * records, for the latency comparison.
 */
public final class OverheadBenchmark {

    private static final String CLUSTER = "bench";
    /** HotSpot's C1 and C2 compiler threads, as {@link MeasuredJvm#threadCpuNanos} names them. */
    static final String JIT_THREADS = "C# CompilerThre";
    static final String VIGIL = "vigil";
    static final String FLOOR = "floor";
    /**
     * Vigil's side of the latency comparison: the 1-partition RF 3 topic {@code EndToEndLatency} uses (the
     * same partition, leader and path), one probe every 100 ms.
     */
    static final Workload E2E = new Workload(1, 10, 3);
    private static final int RECORD_BYTES = 100;

    private final Options options;
    private final Path repo;
    private final String java;
    private final String driverClasspath;
    private final String vigilClasspath;
    private final Results results;
    private String bootstrap;
    private MeasuredJvm sandbox;

    private OverheadBenchmark(Options options) throws IOException {
        this.options = options;
        this.repo = Path.of("").toAbsolutePath();
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.driverClasspath = System.getProperty("java.class.path");
        this.vigilClasspath = repo.resolve("app/target/vigil-app.jar") + ":" + repo.resolve("app/target/lib") + "/*";
        this.results = new Results(options.out());
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Files.createDirectories(options.out());
        new OverheadBenchmark(options).run();
    }

    private void run() throws Exception {
        results.header(options, System.getProperty("sun.java.command"));
        startSandbox();
        try (Topics topics = new Topics(bootstrap)) {
            for (Workload w : options.workloads()) {
                long started = System.nanoTime();
                topics.create(w.topic(), w.partitions(), w.replicationFactor());
                log("topic %s: %d partitions RF %d ready in %.1f s", w.topic(), w.partitions(), w.replicationFactor(),
                        (System.nanoTime() - started) / 1e9);
            }
            topics.create(E2E.topic(), E2E.partitions(), E2E.replicationFactor());
        }
        Set<String> warmed = new HashSet<>();
        for (Workload w : options.workloads()) {
            if (warmed.add(w.topic())) { // 6x1 and 6x10 share a topic
                warm(w);
            }
        }
        if (options.e2eRecords() > 0) {
            warm(E2E);
        }
        for (int rep = 1; rep <= options.reps(); rep++) {
            for (Workload w : options.workloads()) {
                // Vigil, the floor, then each variant; every repetition starts one further along, so each
                // goes first in turn and a slow drift of the machine's load is shared out.
                List<String> kinds = new ArrayList<>(List.of(VIGIL, FLOOR));
                options.variants().forEach(v -> kinds.add(v.kind()));
                Collections.rotate(kinds, -((rep - 1) % kinds.size()));
                for (String kind : kinds) {
                    try {
                        RunResult r = kind.equals(FLOOR) ? runFloor(w, rep) : runVigil(w, rep, Variant.of(kind));
                        results.add(r);
                        log("%s", r.line());
                    } catch (Exception e) {
                        // One run that could not be measured (an overloaded cluster) must not lose the others.
                        log("%s %s rep %d FAILED, not counted: %s", kind, w, rep, e);
                    }
                }
            }
            if (options.e2eRecords() > 0) {
                // Vigil, the floor at Vigil's pace and EndToEndLatency, each first in turn.
                for (int k = 0; k < 3; k++) {
                    switch ((rep - 1 + k) % 3) {
                        case 0 -> {
                            RunResult r = runVigil(E2E, rep, Variant.DEFAULTS);
                            results.add(r);
                            log("%s", r.line());
                        }
                        case 1 -> {
                            RunResult r = runFloor(E2E, rep);
                            results.add(r);
                            log("%s", r.line());
                        }
                        default -> {
                            E2eResult e = runEndToEndLatency(rep);
                            results.add(e);
                            log("%s", e.line());
                        }
                    }
                }
            }
        }
        results.summary(options);
        sandbox.close();
        deleteTree(options.sandboxDir()); // the sandbox empties it as it stops, unless it was killed first
        log("results in %s", options.out());
    }

    private void startSandbox() throws Exception {
        Path file = options.out().resolve("bootstrap.txt");
        Files.deleteIfExists(file);
        // The sandbox keeps its brokers' data under its java.io.tmpdir (and deletes it when it stops).
        Path data = Files.createDirectories(options.sandboxDir());
        Files.createDirectories(options.out().resolve("tmp")); // Vigil's java.io.tmpdir
        sandbox = MeasuredJvm.start("sandbox", List.of(java, "-Xmx" + options.sandboxXmx(),
                "-Djava.io.tmpdir=" + data, "-cp", driverClasspath, SandboxMain.class.getName(), file.toString()),
                options.out().resolve("sandbox.log"));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!Files.exists(file)) {
            if (!sandbox.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("sandbox did not start; see " + options.out().resolve("sandbox.log"));
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        bootstrap = Files.readString(file).trim();
        log("sandbox cluster (pid %d, -Xmx%s, data in %s): %s", sandbox.pid(), options.sandboxXmx(), data, bootstrap);
    }

    private RunResult runVigil(Workload w, int rep, Variant variant) throws Exception {
        String name = variant.kind() + "-" + w.partitions() + "x" + w.probesPerSecond() + "-rep" + rep;
        long windowMs = Math.max(6_000, options.measure().toMillis() / 6_000 * 6_000);
        String config = """
                {"summary.interval.ms": 10000, "http.port": 0,
                 "clusters": [{"name": "%s", "bootstrap.servers": "%s", "topic": "%s", "topic.management": "off",
                   "probe.interval.ms": %d, "record.size.bytes": %d, "window.ms": %d, "window.slices": 6%s}]}
                """.formatted(CLUSTER, bootstrap, w.topic(), w.intervalMillis(), RECORD_BYTES, windowMs,
                variant.keys(w));
        Path configFile = options.out().resolve(name + ".json");
        Files.writeString(configFile, config);
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + options.xmx()));
        command.addAll(jfr(name));
        command.addAll(options.jvmOptions());
        command.addAll(List.of("-Dlog4j2.configurationFile=" + repo.resolve("config/log4j2.xml"),
                "-Djava.io.tmpdir=" + options.out().resolve("tmp"), "-cp", vigilClasspath, "dev.vigil.app.Vigil",
                configFile.toString()));
        try (MeasuredJvm jvm = MeasuredJvm.start(name, command, options.out().resolve(name + ".log"))) {
            ObjectName counters = awaitCounters(jvm, "vigil:type=cluster,cluster=" + CLUSTER);
            return measure(jvm, variant.kind(), w, rep, counters, "produceAttempts", Format.VIGIL);
        }
    }

    private RunResult runFloor(Workload w, int rep) throws Exception {
        String name = "floor-" + w.partitions() + "x" + w.probesPerSecond() + "-rep" + rep;
        List<String> command = new ArrayList<>(floorCommand(w));
        command.addAll(1, jfr(name));
        command.addAll(1, options.jvmOptions());
        try (MeasuredJvm jvm = MeasuredJvm.start(name, command, options.out().resolve(name + ".log"))) {
            ObjectName counters = awaitCounters(jvm, FloorProbe.MBEAN);
            return measure(jvm, FLOOR, w, rep, counters, "Sent", Format.FLOOR);
        }
    }

    /**
     * The first process to write to a freshly created topic finds the brokers busy for a long while (at
     * 1,000 partitions RF 3, well past a 20 s warm-up: 3,000 replica logs taking their first records; at one
     * partition, the brokers' own JIT warm-up: twice the cluster CPU and e2e latency), and that would be
     * charged to whichever of Vigil and the floor runs first. So the floor writes to each topic once,
     * unmeasured, for one warm-up period plus one measurement period before any measured run.
     */
    private void warm(Workload w) throws Exception {
        long started = System.nanoTime();
        String name = "warm-" + w.partitions() + "x" + w.probesPerSecond();
        try (MeasuredJvm jvm = MeasuredJvm.start(name, floorCommand(w), options.out().resolve(name + ".log"))) {
            awaitCounters(jvm, FloorProbe.MBEAN);
            TimeUnit.MILLISECONDS.sleep(options.warmup().plus(options.measure()).toMillis());
        }
        log("topic %s warmed by an unmeasured floor run (%.0f s)", w.topic(), (System.nanoTime() - started) / 1e9);
    }

    /** With {@code --jfr}, the JVM option that profiles a measured run from the end of its warm-up (start-up and JIT left out). */
    private List<String> jfr(String name) {
        return options.jfr() ? List.of("-XX:StartFlightRecording=settings=profile,delay=" + options.warmup().toSeconds()
                + "s,filename=" + options.out().resolve(name + ".jfr")) : List.of();
    }

    private List<String> floorCommand(Workload w) {
        return List.of(java, "-Xmx" + options.xmx(), "-cp", driverClasspath, FloorProbe.class.getName(), bootstrap,
                w.topic(), Long.toString(w.intervalMillis()), Integer.toString(RECORD_BYTES));
    }

    private static ObjectName awaitCounters(MeasuredJvm jvm, String pattern) throws Exception {
        jvm.connect(Duration.ofMinutes(1));
        return jvm.awaitMBean(pattern, Duration.ofMinutes(2));
    }

    private RunResult measure(MeasuredJvm jvm, String kind, Workload w, int rep, ObjectName counters, String counter,
                              Format format) throws Exception {
        TimeUnit.MILLISECONDS.sleep(options.warmup().toMillis());
        MachineCpu machine0 = MachineCpu.now(sandbox);
        if (format == Format.FLOOR) {
            jvm.invoke(counters, "resetLatency"); // Vigil's latency is over its window, which is the measurement's
        }
        Map<String, Long> threads0 = jvm.threadCpuNanos();
        MeasuredJvm.Sample s0 = jvm.sample(counters, counter);
        TimeUnit.MILLISECONDS.sleep(options.measure().toMillis());
        MeasuredJvm.Sample s1 = jvm.sample(counters, counter);
        Map<String, Long> threads1 = jvm.threadCpuNanos();
        String pace = clientPace(jvm);
        MachineCpu machine1 = MachineCpu.now(sandbox);
        long threads = jvm.status("Threads");
        long rssKiB = jvm.status("VmRSS");
        double[] ms = new double[Latency.ATTRIBUTES.size()];
        for (int i = 0; i < ms.length; i++) {
            String name = (format == Format.VIGIL ? "e2eLatency" : "E2eLatency") + Latency.ATTRIBUTES.get(i) + "Micros";
            ms[i] = jvm.attribute(counters, name) / 1_000;
        }
        Optional<Latency> e2e = Optional.of(new Latency(ms));
        long liveHeap = jvm.liveHeapBytes();
        jvm.classHistogram(options.out().resolve(kind + "-" + w.partitions() + "x" + w.probesPerSecond() + "-rep" + rep
                + ".histo.txt"));
        jvm.close();
        Adherence adherence = ScheduleCheck.read(bootstrap, w.topic(), format, s0.epochMillis(), s1.epochMillis(),
                w.intervalMillis() * 1_000);
        double seconds = (s1.nanoTime() - s0.nanoTime()) / 1e9;
        long cpu = s1.cpuNanos() - s0.cpuNanos();
        log("%s %s rep %d CPU by thread (cores): %s", kind, w, rep, byThread(threads0, threads1, seconds));
        log("%s %s rep %d clients: %s", kind, w, rep, pace);
        long jit = threads1.getOrDefault(JIT_THREADS, 0L) - threads0.getOrDefault(JIT_THREADS, 0L);
        return new RunResult(kind, w, rep, seconds, cpu, jit, adherence.written(), s1.probes() - s0.probes(), liveHeap, rssKiB,
                threads, s1.gcMillis() - s0.gcMillis(), s1.gcCount() - s0.gcCount(), adherence, e2e,
                machine1.otherCores(machine0, cpu, seconds), machine1.sandboxCores(machine0, seconds), options.xmx());
    }

    /**
     * How the probe clients paced themselves, by their own metrics (Kafka's windows: about the last minute): the
     * same client code costs more per probe if it polls or sends more often with fewer records each, so this
     * tells a difference in pace from a difference in the cost of the same work.
     */
    private static String clientPace(MeasuredJvm jvm) {
        try {
            ObjectName consumer = jvm.awaitMBean("kafka.consumer:type=consumer-metrics,client-id=*consumer",
                    Duration.ofSeconds(5));
            ObjectName fetches = new ObjectName("kafka.consumer:type=consumer-fetch-manager-metrics,client-id="
                    + consumer.getKeyProperty("client-id"));
            ObjectName producer = jvm.awaitMBean("kafka.producer:type=producer-metrics,client-id=*producer",
                    Duration.ofSeconds(5));
            return String.format("consumer %.1f ms between polls, %.2f fetches/s of %.0f records; producer %.2f requests/s "
                            + "of %.0f records", jvm.attribute(consumer, "time-between-poll-avg"),
                    jvm.attribute(fetches, "fetch-rate"), jvm.attribute(fetches, "records-per-request-avg"),
                    jvm.attribute(producer, "request-rate"), jvm.attribute(producer, "records-per-request-avg"));
        } catch (Exception e) {
            return "not read (" + e + ")";
        }
    }

    /**
     * The threads' CPU over the window, in cores, busiest first; those under 0.0005 cores left out (an optional
     * probe's thread at one round every few seconds takes about that).
     */
    public static String byThread(Map<String, Long> before, Map<String, Long> after, double seconds) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / 1e9 / seconds))
                .filter(e -> e.getValue() >= 0.0005)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format("%s %.4f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private E2eResult runEndToEndLatency(int rep) throws Exception {
        Path log = options.out().resolve("endtoendlatency-rep" + rep + ".log");
        List<String> command = List.of(java, "-Xmx" + options.xmx(), "-cp", driverClasspath,
                "org.apache.kafka.tools.EndToEndLatency", bootstrap, E2E.topic(),
                Integer.toString(options.e2eRecords()), "all", Integer.toString(RECORD_BYTES));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("EndToEndLatency failed; see " + log);
            }
        } finally {
            p.destroyForcibly();
        }
        return E2eResult.parse(rep, Files.readAllLines(log));
    }

    static void log(String format, Object... args) {
        System.out.printf("%s %s%n", Instant.now().toString().substring(11, 19), String.format(format, args));
    }

    /** Vigil's e2e latency over its window, milliseconds: its mean, percentiles and maximum. */
    record Latency(double[] ms) {
        static final List<String> ATTRIBUTES = List.of("Mean", "P50", "P75", "P90", "P99", "P999", "P9999", "Max");
        /** The quantiles of ATTRIBUTES from P50 on (the maximum as 1). */
        static final double[] QUANTILES = {0.5, 0.75, 0.9, 0.99, 0.999, 0.9999, 1};

        double mean() {
            return ms[0];
        }

        double p50() {
            return ms[1];
        }

        double p99() {
            return ms[4];
        }

        double[] quantileMillis() {
            return Arrays.copyOfRange(ms, 1, ms.length);
        }
    }

    /**
     * One measured run.
     *
     * @param probes       probes written to the topic with a send time in the window (read back)
     * @param jitNanos     the part of {@code cpuNanos} that the JIT compiler threads took
     * @param counted      the process's own count over the window (Vigil: final produce attempts, which
     *                     include rounds it could not send; the floor: sends), a cross-check
     *
     * @param otherCores   CPU used by every process on the machine but the sandbox and this one over the
     *                     window, in cores: other people's work, the contention to report with the figures
     * @param sandboxCores the cluster's own CPU over the window, in cores
     */
    record RunResult(String kind, Workload workload, int rep, double seconds, long cpuNanos, long jitNanos, long probes,
                     long counted, long liveHeapBytes, long rssKiB, long threads, long gcMillis, long gcCount,
                     Adherence adherence, Optional<Latency> e2e, double otherCores, double sandboxCores, String xmx) {

        double cpuMicrosPerProbe() {
            return probes == 0 ? Double.NaN : cpuNanos / 1_000.0 / probes;
        }

        /**
         * Without the JIT compiler threads: on a busy machine they still compile long after the warm-up, and
         * how much they compile in a window varies from run to run more than the probes' own cost.
         */
        double cpuMicrosPerProbeWithoutJit() {
            return probes == 0 ? Double.NaN : (cpuNanos - jitNanos) / 1_000.0 / probes;
        }

        double cpuCores() {
            return cpuNanos / 1e9 / seconds;
        }

        String line() {
            return String.format("%s %s rep %d: %.1f µs CPU/probe (%.1f without the JIT; %d probes written in %.0f s, %d counted, "
                            + "%.3f cores), live heap %.1f MiB, RSS %.0f MiB (-Xmx%s), GC %d ms in %d, %d threads, on schedule %.5f (%d of %d late, "
                            + "max %.0f ms)%s; others used %.2f cores, sandbox %.2f",
                    kind, workload, rep, cpuMicrosPerProbe(), cpuMicrosPerProbeWithoutJit(), probes, seconds, counted, cpuCores(), liveHeapBytes / 1048576.0,
                    rssKiB / 1024.0, xmx, gcMillis, gcCount, threads, adherence.onScheduleFraction(), adherence.late(),
                    adherence.due(), adherence.maxLateMillis(),
                    e2e.map(l -> String.format("; e2e mean %.2f p50 %.2f p99 %.2f ms", l.mean(), l.p50(), l.p99())).orElse(""),
                    otherCores, sandboxCores);
        }
    }

    /** One {@code EndToEndLatency} run: its own printed average (ms, 4 decimals) and percentiles (whole ms). */
    record E2eResult(int rep, double mean, double p50, double p99, double p999) {

        static E2eResult parse(int rep, List<String> lines) {
            double mean = Double.NaN;
            double[] pct = {Double.NaN, Double.NaN, Double.NaN};
            for (String line : lines) {
                if (line.startsWith("Avg latency:")) {
                    mean = Double.parseDouble(line.replaceAll("[^0-9.]", ""));
                } else if (line.startsWith("Percentiles:")) {
                    Matcher m = Pattern.compile("= ([0-9.]+)").matcher(line);
                    for (int i = 0; i < 3 && m.find(); i++) {
                        pct[i] = Double.parseDouble(m.group(1));
                    }
                }
            }
            return new E2eResult(rep, mean, pct[0], pct[1], pct[2]);
        }

        String line() {
            return String.format("EndToEndLatency rep %d: mean %.4f ms, p50 %.0f, p99 %.0f, p99.9 %.0f ms", rep, mean, p50, p99, p999);
        }
    }

    /** Machine-wide busy CPU (/proc/stat) and the sandbox's, to tell how much else ran during a window. */
    public record MachineCpu(long busyNanos, long sandboxNanos) {

        public static MachineCpu now(MeasuredJvm sandbox) throws IOException {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return new MachineCpu(MeasuredJvm.ticksToNanos(busy), sandbox.cpuNanos());
        }

        double sandboxCores(MachineCpu before, double seconds) {
            return (sandboxNanos - before.sandboxNanos) / 1e9 / seconds;
        }

        /** Cores used by everything but the sandbox and the measured process, whose CPU was {@code measuredNanos}. */
        double otherCores(MachineCpu before, long measuredNanos, double seconds) {
            return (busyNanos - before.busyNanos - (sandboxNanos - before.sandboxNanos) - measuredNanos) / 1e9 / seconds;
        }
    }

    /**
     * Vigil with one optional probe switched from its default ({@code --variants}), measured beside Vigil
     * with every default so that the difference is that probe's own cost.
     *
     * @param name the option's word, and the run's kind after {@code vigil-}
     * @param keys the cluster keys it sets, {@code %d} standing for the workload's probe interval in ms
     */
    record Variant(String name, String keys) {

        static final Variant DEFAULTS = new Variant("", "");
        static final List<Variant> ALL = List.of(
                new Variant("no-offset-commit", "\"offset.commit.probe\": false"),
                new Variant("no-connection-check", "\"connection.check\": false"),
                new Variant("controller-probe", "\"controller.probe\": true"),
                // offset.commit.interval.ms's default before it had its own
                new Variant("commit-every-probe", "\"offset.commit.interval.ms\": %d"),
                new Variant("no-optional-probes", "\"offset.commit.probe\": false, \"connection.check\": false"));

        static Variant parse(String name) {
            return ALL.stream().filter(v -> v.name.equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                    "unknown variant " + name + "; use " + ALL.stream().map(Variant::name).toList()));
        }

        static Variant of(String kind) {
            return kind.equals(VIGIL) ? DEFAULTS : parse(kind.substring(VIGIL.length() + 1));
        }

        String kind() {
            return name.isEmpty() ? VIGIL : VIGIL + "-" + name;
        }

        /** The keys to add to the cluster object, with their leading comma; none for the defaults. */
        String keys(Workload w) {
            return keys.isEmpty() ? "" : ", " + keys.formatted(w.intervalMillis());
        }
    }

    /** Command-line options; see bench/README.md. */
    record Options(List<Workload> workloads, Duration warmup, Duration measure, int reps, String xmx, String sandboxXmx,
                   Path sandboxDir, int e2eRecords, boolean jfr, List<String> jvmOptions, List<Variant> variants,
                   Path out) {

        /**
         * Where the brokers keep their logs unless {@code --sandbox-dir} says otherwise: a tmpfs when the machine
         * has one. On a disk, the kernel may page out a broker's memory-mapped index pages that look cold
         * (this machine's DAMON scheme pages out, up to 128 MB/s, file pages unused for a minute); at 10,000
         * partitions the brokers then spent about a core refaulting page 0 of their indexes (about 300 major
         * faults a second, 75 % of their CPU in the kernel) and starved the processes measured beside them.
         * A tmpfs without swap cannot be paged out. At the harness's sizes the data is small (about 300 MB
         * at 10,000 partitions).
         */
        static Path defaultSandboxDir(Path out) {
            Path shm = Path.of("/dev/shm");
            return Files.isDirectory(shm) && Files.isWritable(shm) ? shm.resolve("vigil-bench-" + out.getFileName())
                    : out.resolve("tmp");
        }

        static Options parse(String[] args) {
            Map<String, String> o = new LinkedHashMap<>();
            o.put("workloads", "6x10,1000x1,10000x1:rf1");
            // At 10,000 partitions Vigil's JIT still took 0.18 cores 30 s after start, under 0.01 after 120 s.
            o.put("warmup", "120");
            o.put("measure", "120");
            o.put("reps", "3");
            o.put("xmx", "512m");
            o.put("sandbox-xmx", "4g");
            o.put("e2e-records", "10000");
            o.put("jfr", "false");
            o.put("sandbox-dir", "");
            o.put("jvm-options", "");
            o.put("variants", "");
            o.put("out", "bench/target/overhead/" + Instant.now().toString().replaceAll("[:.]", "-"));
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--quick")) {
                    o.put("workloads", "6x10,1000x1");
                    o.put("warmup", "20");
                    o.put("measure", "30");
                    o.put("reps", "1");
                    o.put("e2e-records", "2000");
                } else if (a.equals("--jfr")) {
                    o.put("jfr", "true");
                } else if (a.startsWith("--") && o.containsKey(a.substring(2)) && i + 1 < args.length) {
                    o.put(a.substring(2), args[++i]);
                } else {
                    throw new IllegalArgumentException("unknown option " + a + "; options: --quick --jfr "
                            + o.keySet().stream().map(k -> "--" + k).toList());
                }
            }
            Path out = Path.of(o.get("out")).toAbsolutePath();
            Path sandboxDir = o.get("sandbox-dir").isBlank() ? defaultSandboxDir(out) : Path.of(o.get("sandbox-dir")).toAbsolutePath();
            return new Options(o.get("workloads").isBlank() ? List.of()
                    : Arrays.stream(o.get("workloads").split(",")).map(Workload::parse).toList(),
                    Duration.ofSeconds(Long.parseLong(o.get("warmup"))), Duration.ofSeconds(Long.parseLong(o.get("measure"))),
                    Integer.parseInt(o.get("reps")), o.get("xmx"), o.get("sandbox-xmx"),
                    sandboxDir, Integer.parseInt(o.get("e2e-records")), Boolean.parseBoolean(o.get("jfr")),
                    o.get("jvm-options").isBlank() ? List.of() : List.of(o.get("jvm-options").trim().split("\\s+")),
                    o.get("variants").isBlank() ? List.of() : Arrays.stream(o.get("variants").split(","))
                            .map(Variant::parse).toList(), out);
        }
    }

    /** On a tmpfs, brokers' data left behind would hold memory until the machine restarts. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
