package dev.vigil.bench.hundred;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.vigil.bench.hundred.Fleet.Member;
import dev.vigil.bench.hundred.Fleet.Role;
import dev.vigil.bench.overhead.MeasuredJvm;
import dev.vigil.bench.overhead.OverheadBenchmark;
import dev.vigil.bench.overhead.OverheadBenchmark.MachineCpu;
import dev.vigil.bench.overhead.SandboxMain;

/**
 * A hundred clusters in one Vigil process, some of them dead: what the process costs, and whether the dead
 * disturb the living. A program, not a test (see {@code bench/README.md}, "A hundred clusters in one
 * process"); exit status 1, with every failed check named, if a check fails.
 *
 * <p>Vigil runs as the real app ({@code dev.vigil.app.Vigil} from {@code app/target}, a generated config of
 * every cluster at its defaults: 6 partitions on 3 brokers, one probe a second each) in a JVM of its own;
 * the clusters in JVMs of their own ({@link SandboxMain}), so the figures are Vigil's alone. The healthy
 * clusters share one 3-broker sandbox, each with its own monitor topic; the {@code --blackholed} ones a
 * second, whose brokers are all blackholed mid-run through the sandbox's fault proxies (the addresses the
 * brokers advertise, so reconnecting clients stay cut off too); the {@code --unreachable} ones point from the
 * start at a port nobody listens on, or at one this harness holds open and never answers.
 *
 * <p>Phases: start (until every cluster that can be probed reads availability 1), warm-up, {@code before}
 * (the measurement with the unreachable dead only), the blackhole, {@code after}. Every {@code --every}
 * seconds, one at a time: {@code /metrics} (parsed), the dashboard's cluster list, one healthy, one
 * blackholed and one unreachable cluster's overview, and {@code /health}, each timed; the process's CPU
 * since the previous sample, threads, open files and RSS ({@code /proc}); every {@code --heap-every}
 * seconds the live heap (two full GCs over JMX, then the heap in use). Checks, over {@code before} and
 * {@code after}: every healthy cluster's produce and consume availability exactly 1 at every scrape, no
 * produce or consume failure, loss or duplicate, its probes on schedule and all attempted; every web request
 * a 200 within 1 s; Vigil within the CPU and live-heap budget; from {@code --settle} seconds after the
 * blackhole to the end, threads, open files and live heap not growing; and the dead clusters really dead
 * (produce availability 0 at the end).
 */
public final class HundredClusters {

    /** The cluster-scope counters only a fault raises: each must not move for a healthy cluster. */
    private static final List<String> FAULT_COUNTERS = List.of("vigil_produce_failures_total",
            "vigil_consume_failures_total", "vigil_lost_acked_total", "vigil_lost_unacked_total",
            "vigil_duplicates_total", "vigil_late_total", "vigil_lost_acked_after_read_total");
    private static final double WEB_BUDGET_MS = 1_000;
    private static final long MIB = 1024 * 1024;

    private final Options options;
    private final Path repo = Path.of("").toAbsolutePath();
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final List<String> failures = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private final List<Window> windows = new ArrayList<>();
    /** Per healthy cluster, the first scrape at which an availability was not 1 during a checked phase. */
    private final Map<String, String> imperfect = new LinkedHashMap<>();
    private final List<MeasuredJvm> sandboxes = new ArrayList<>();
    private Fleet fleet;
    private MeasuredJvm vigil;
    private WebTimings web;
    private Scrape lastScrape;
    private long lastCpuNanos;
    private long lastSampleNanos;
    private long startNanos;
    /** When every cluster that can be probed read availability 1 (or the start timed out). */
    private long probingNanos;
    /** Per checked {@code /metrics} request, milliseconds of Vigil's web threads on a core and waiting for one. */
    private final List<Double> scrapeCpuMillis = new ArrayList<>();
    private final List<Double> scrapeWaitMillis = new ArrayList<>();
    /** Broker heartbeats the healthy sandbox timed out over the checked phases. */
    private long fencings;

    private HundredClusters(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Files.createDirectories(options.out());
        List<String> failed = new HundredClusters(options).run();
        System.exit(failed.isEmpty() ? 0 : 1);
    }

    private List<String> run() throws Exception {
        log("command: %s; out %s; load average %s", System.getProperty("sun.java.command"), options.out(), loadAverage());
        String healthy = startSandbox("sandbox-healthy");
        String doomed = options.blackholed() > 0 ? startSandbox("sandbox-blackholed") : healthy;
        int refusedPort = freePort();
        int httpPort = freePort();
        // Accepts connections into its backlog and never reads them: a broker that answers nothing.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            fleet = Fleet.of(options.clusters(), options.unreachable(), options.blackholed(), healthy, doomed,
                    "127.0.0.1:" + refusedPort, "127.0.0.1:" + silent.getLocalPort());
            Path config = options.out().resolve("vigil.json");
            Files.writeString(config, fleet.config(httpPort));
            vigil = MeasuredJvm.start("vigil", niced(options.vigilNice(), java, "-Xmx" + options.xmx(),
                    "-Dlog4j2.configurationFile=" + repo.resolve("config/log4j2.xml"),
                    // seconds since the JVM started, about the harness's sample seconds: a slow scrape lines up with a pause
                    "-Xlog:gc,safepoint:file=" + options.out().resolve("vigil-gc.log") + ":uptime",
                    "-Djava.io.tmpdir=" + Files.createDirectories(options.out().resolve("tmp")),
                    "-cp", repo.resolve("app/target/vigil-app.jar") + ":" + repo.resolve("app/target/lib") + "/*",
                    "dev.vigil.app.Vigil", config.toString()), options.out().resolve("vigil.log"));
            try {
                measure(httpPort);
            } finally {
                vigil.close();
                sandboxes.forEach(MeasuredJvm::close);
                OverheadBenchmark.deleteTree(dataDir()); // a sandbox killed before it emptied its directory leaves it on the tmpfs
            }
        }
        String report = report();
        Files.writeString(options.out().resolve("summary.md"), report);
        writeSamples();
        System.out.println(report);
        if (failures.isEmpty()) {
            log("every check passed; results in %s", options.out());
        } else {
            log("FAILED (%d): %s", failures.size(), String.join("; ", failures));
        }
        return failures;
    }

    private void measure(int httpPort) throws Exception {
        startNanos = System.nanoTime();
        vigil.connect(Duration.ofMinutes(1));
        web = new WebTimings(httpPort);
        awaitProbing();
        probingNanos = System.nanoTime();
        log("start took %.0f s; warming up %d s", seconds(startNanos),
                options.warmup().toSeconds());
        lastCpuNanos = vigil.cpuNanos();
        lastSampleNanos = System.nanoTime();
        phase("warmup", options.warmup(), false);

        long heartbeatTimeouts = heartbeatTimeouts();
        Window before = window("before", options.before());
        Optional<Window> after = Optional.empty();
        if (options.blackholed() > 0) {
            sandboxes.get(1).tell("blackhole");
            long blackholed = System.nanoTime();
            log("sandbox-blackholed: every broker blackholed; %d s more", options.after().toSeconds());
            after = Optional.of(window("after", options.after()));
            // A cluster's 15-minute chart fills from its first reading, and the heap with it: growth is judged after.
            checkNoGrowth(Math.max(blackholed + options.settle().toNanos(), probingNanos + options.fill().toNanos()));
        }
        checkHealthy(before.first(), after.orElse(before).last(),
                before.seconds() + after.map(Window::seconds).orElse(0.0));
        checkBudget(before, after);
        checkDeadAreDead();
        checkWeb();
        fencings = heartbeatTimeouts() - heartbeatTimeouts;
    }

    /** Until every healthy and blackholed cluster reads produce and consume availability 1. */
    private void awaitProbing() throws Exception {
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        while (true) {
            String body = web.get("/metrics", false);
            Scrape s = body == null ? null : Scrape.parse(body);
            List<Member> waiting = fleet.probing().stream().filter(m -> s == null || !s.perfect(m.name())).toList();
            if (waiting.isEmpty()) {
                return;
            }
            if (!vigil.isAlive()) {
                throw new IllegalStateException("Vigil exited; see " + options.out().resolve("vigil.log"));
            }
            if (System.nanoTime() > deadline) {
                // Measured all the same: the figures still tell what the process costs, and the checks fail.
                failures.add(waiting.size() + " clusters not at availability 1 within " + options.startTimeout()
                        + " of start, e.g. " + waiting.get(0).name());
                log("%s; going on", failures.get(failures.size() - 1));
                return;
            }
            TimeUnit.SECONDS.sleep(2);
        }
    }

    /** A checked phase, with its first and last scrape and the CPU over it. */
    private Window window(String name, Duration length) throws Exception {
        long cpu0 = vigil.cpuNanos();
        long t0 = System.nanoTime();
        MachineCpu machine0 = MachineCpu.now(vigil);
        long sandboxCpu0 = sandboxCpuNanos();
        Map<String, Long> threads0 = vigil.threadCpuNanos();
        Scrape first = tick(name, true, true);
        phase(name, length, true);
        Scrape last = tick(name, true, true);
        double secs = (System.nanoTime() - t0) / 1e9;
        double cores = (vigil.cpuNanos() - cpu0) / 1e9 / secs;
        double sandboxCores = (sandboxCpuNanos() - sandboxCpu0) / 1e9 / secs;
        double others = (MachineCpu.now(vigil).busyNanos() - machine0.busyNanos()) / 1e9 / secs - cores - sandboxCores;
        String byThread = OverheadBenchmark.byThread(threads0, vigil.threadCpuNanos(), secs);
        log("%s: %.0f s, Vigil %.3f cores, sandboxes %.2f, others on the machine %.2f; by thread: %s", name, secs, cores,
                sandboxCores, others, byThread);
        Window w = new Window(name, secs, cores, sandboxCores, others, loadAverage(), first, last, byThread);
        windows.add(w);
        return w;
    }

    private void phase(String name, Duration length, boolean checked) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        long every = options.every().toNanos();
        long nextHeap = System.nanoTime() + options.heapEvery().toNanos();
        while (System.nanoTime() + every <= end) {
            long next = System.nanoTime() + every;
            boolean heap = System.nanoTime() >= nextHeap;
            if (heap) {
                nextHeap += options.heapEvery().toNanos();
            }
            tick(name, checked, heap);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
        }
        TimeUnit.NANOSECONDS.sleep(Math.max(0, end - System.nanoTime()));
    }

    /**
     * One round of requests, then the process sample: in turn, never at once, so a forced full GC is never
     * inside a timed request.
     */
    private Scrape tick(String phase, boolean checked, boolean heap) throws Exception {
        if (!vigil.isAlive()) {
            throw new IllegalStateException("Vigil exited; see " + options.out().resolve("vigil.log"));
        }
        long[] sched = vigil.schedNanos("vigil-http");
        String body = web.get("/metrics", checked);
        double scrapeMillis = web.lastMillis();
        long[] after = vigil.schedNanos("vigil-http");
        double onCore = (after[0] - sched[0]) / 1e6;
        double waiting = (after[1] - sched[1]) / 1e6;
        if (checked) {
            scrapeCpuMillis.add(onCore);
            scrapeWaitMillis.add(waiting);
        }
        web.get("/api/v1/clusters", checked);
        web.get("/api/v1/clusters/" + fleet.with(Role.HEALTHY).get(0).name() + "/overview", checked);
        fleet.members().stream().filter(Member::dead).map(Member::role).distinct().forEach(role ->
                web.get("/api/v1/clusters/" + fleet.with(role).get(0).name() + "/overview", checked));
        web.get("/health", checked);
        if (body != null) {
            lastScrape = Scrape.parse(body);
            if (checked) {
                for (Member m : fleet.with(Role.HEALTHY)) {
                    if (!lastScrape.perfect(m.name()) && !imperfect.containsKey(m.name())) {
                        imperfect.put(m.name(), String.format("%s at %.0f s: produce %s, consume %s", m.name(),
                                seconds(startNanos), lastScrape.value(m.name(), Scrape.PRODUCE_AVAILABILITY),
                                lastScrape.value(m.name(), Scrape.CONSUME_AVAILABILITY)));
                    }
                }
            }
        }
        long cpu = vigil.cpuNanos();
        long now = System.nanoTime();
        double cores = (cpu - lastCpuNanos) / 1e9 / Math.max(1e-9, (now - lastSampleNanos) / 1e9);
        lastCpuNanos = cpu;
        lastSampleNanos = now;
        long liveHeap = heap ? vigil.liveHeapBytes() : -1;
        samples.add(new Sample(seconds(startNanos), phase, cores, vigil.status("Threads"), vigil.openFiles(),
                vigil.status("VmRSS"), liveHeap, scrapeMillis, onCore, waiting));
        if (heap) {
            Sample s = samples.get(samples.size() - 1);
            log("%s %.0f s: %.3f cores, live heap %.1f MiB, RSS %.0f MiB, %d threads, %d open files", phase, s.seconds(),
                    s.cores(), s.liveHeapBytes() / (double) MIB, s.rssKiB() / 1024.0, s.threads(), s.openFiles());
        }
        return lastScrape;
    }

    /** Every healthy cluster perfect at every scrape, no fault counted, every round attempted on time. */
    private void checkHealthy(Scrape first, Scrape last, double seconds) {
        imperfect.values().forEach(v -> failures.add("healthy availability not 1: " + v));
        for (Member m : fleet.with(Role.HEALTHY)) {
            for (String counter : FAULT_COUNTERS) {
                double moved = last.value(m.name(), counter) - first.value(m.name(), counter);
                if (!(moved == 0)) {
                    failures.add(m.name() + " " + counter + " moved by " + moved);
                }
            }
            double attempts = last.value(m.name(), Scrape.PRODUCE_ATTEMPTS) - first.value(m.name(), Scrape.PRODUCE_ATTEMPTS);
            double behind = last.value(m.name(), Scrape.BEHIND_SCHEDULE) - first.value(m.name(), Scrape.BEHIND_SCHEDULE);
            // 6 partitions, one probe a second each; attempts are counted when final, so a few are in flight.
            if (!(attempts >= 0.99 * 6 * seconds)) {
                failures.add(String.format("%s attempted %.0f probes in %.0f s, below 99 %% of 6 a second", m.name(),
                        attempts, seconds));
            }
            if (!(behind <= options.maxBehind() * attempts)) {
                failures.add(String.format("%s %.0f of %.0f probes behind schedule (allowed %.4f)", m.name(), behind,
                        attempts, options.maxBehind()));
            }
        }
    }

    private void checkBudget(Window before, Optional<Window> after) {
        for (Window w : after.map(a -> List.of(before, a)).orElse(List.of(before))) {
            if (w.cores() > options.maxCores()) {
                failures.add(String.format("CPU %.3f cores over %s, above %.2f", w.cores(), w.name(), options.maxCores()));
            }
        }
        long maxHeap = samples.stream().filter(s -> !s.phase().equals("warmup")).mapToLong(Sample::liveHeapBytes).max()
                .orElse(-1);
        if (maxHeap > options.maxHeapMiB() * MIB) {
            failures.add(String.format("live heap %.1f MiB, above %d MiB", maxHeap / (double) MIB, options.maxHeapMiB()));
        }
    }

    /**
     * From {@code from} (a settle time after the blackhole, and every chart full) to the end, over at least
     * {@code --growth-span}, the first sample against the last: threads and open files may end at most a few
     * above (Jetty's pool and the clients' connections come and go), the live heap at most 10 % above.
     */
    private void checkNoGrowth(long from) {
        double at = (from - startNanos) / 1e9;
        List<Sample> window = samples.stream().filter(s -> s.seconds() >= at).toList();
        List<Sample> heaps = window.stream().filter(s -> s.liveHeapBytes() >= 0).toList();
        if (window.size() < 2 || heaps.size() < 2) {
            failures.add("too few samples after the settle time to judge growth");
            return;
        }
        double span = window.get(window.size() - 1).seconds() - window.get(0).seconds();
        if (span < options.growthSpan().toSeconds()) {
            failures.add(String.format("growth judged over %.0f s only (from %.0f s after start), less than --growth-span %d:"
                    + " lengthen --after", span, at, options.growthSpan().toSeconds()));
        }
        Sample first = window.get(0);
        Sample last = window.get(window.size() - 1);
        if (last.threads() > first.threads() + options.threadSlack()) {
            failures.add("threads grew from " + first.threads() + " to " + last.threads());
        }
        if (last.openFiles() > first.openFiles() + options.fileSlack()) {
            failures.add("open files grew from " + first.openFiles() + " to " + last.openFiles());
        }
        long heap0 = heaps.get(0).liveHeapBytes();
        long heap1 = heaps.get(heaps.size() - 1).liveHeapBytes();
        if (heap1 > heap0 * 1.10) {
            failures.add(String.format("live heap grew from %.1f to %.1f MiB", heap0 / (double) MIB, heap1 / (double) MIB));
        }
    }

    private void checkDeadAreDead() {
        for (Member m : fleet.members()) {
            if (m.dead() && !(lastScrape.value(m.name(), Scrape.PRODUCE_AVAILABILITY) == 0)) {
                failures.add(m.name() + " (" + m.role() + ") not dead at the end: produce availability "
                        + lastScrape.value(m.name(), Scrape.PRODUCE_AVAILABILITY));
            }
        }
    }

    private void checkWeb() {
        web.failures().forEach((path, why) -> failures.add(path + " failed " + why.size() + " times, e.g. " + why.get(0)));
        web.millis().forEach((path, ms) -> {
            if (WebTimings.max(ms) > WEB_BUDGET_MS) {
                failures.add(String.format("%s took up to %.0f ms", path, WebTimings.max(ms)));
            }
        });
    }

    private String report() throws IOException {
        StringBuilder r = new StringBuilder();
        r.append(String.format("%n%d clusters x 6 partitions at 1 probe/s in one Vigil (-Xmx%s): %d healthy, %d blackholed "
                        + "after %d s, %d unreachable from the start (%d refused, %d silent)%n%n", fleet.members().size(),
                options.xmx(), fleet.with(Role.HEALTHY).size(), options.blackholed(), options.before().toSeconds(),
                options.unreachable(), fleet.with(Role.REFUSED).size(), fleet.with(Role.SILENT).size()));
        r.append("| phase | samples | Vigil CPU (cores) | live heap min / max (MiB) | RSS max (MiB) | threads first / last / max "
                + "| open files first / last / max |\n|---|---|---|---|---|---|---|\n");
        for (String phase : List.of("warmup", "before", "after")) {
            List<Sample> in = samples.stream().filter(s -> s.phase().equals(phase)).toList();
            if (in.isEmpty()) {
                continue;
            }
            double cores = in.stream().mapToDouble(Sample::cores).average().orElse(Double.NaN);
            LongSummaryStatistics heap = in.stream().filter(s -> s.liveHeapBytes() >= 0)
                    .mapToLong(Sample::liveHeapBytes).summaryStatistics();
            r.append(String.format("| %s | %d | %.3f | %s | %.0f | %d / %d / %d | %d / %d / %d |%n", phase, in.size(),
                    cores, heap.getCount() == 0 ? "–" : String.format("%.1f / %.1f", heap.getMin() / (double) MIB,
                            heap.getMax() / (double) MIB),
                    in.stream().mapToLong(Sample::rssKiB).max().orElse(-1) / 1024.0, in.get(0).threads(),
                    in.get(in.size() - 1).threads(), in.stream().mapToLong(Sample::threads).max().orElse(-1),
                    in.get(0).openFiles(), in.get(in.size() - 1).openFiles(),
                    in.stream().mapToLong(Sample::openFiles).max().orElse(-1)));
        }
        windows.forEach(w -> r.append(String.format("%n%s (%.0f s): Vigil %.3f cores, sandboxes %.2f, everything else on the"
                + " machine %.2f, load average at its end %s; by thread: %s%n", w.name(), w.seconds(), w.cores(),
                w.sandboxCores(), w.otherCores(), w.loadAverage(), w.byThread())));
        r.append("\n| request (before and after) | answered | p99 (ms) | max (ms) | failed |\n|---|---|---|---|---|\n");
        web.millis().forEach((path, ms) -> r.append(String.format("| `%s` | %d | %.0f | %.0f | %d |%n", path, ms.size(),
                WebTimings.p99(ms), WebTimings.max(ms), web.failures().getOrDefault(path, List.of()).size())));
        r.append(String.format("%n`/metrics`, Vigil's web threads per request: on a core p50 %.0f, p99 %.0f, max %.0f ms; "
                        + "runnable but waiting for a core p50 %.0f, p99 %.0f, max %.0f ms.%n",
                WebTimings.percentile(scrapeCpuMillis, 0.5), WebTimings.p99(scrapeCpuMillis), WebTimings.max(scrapeCpuMillis),
                WebTimings.percentile(scrapeWaitMillis, 0.5), WebTimings.p99(scrapeWaitMillis),
                WebTimings.max(scrapeWaitMillis)));
        r.append(String.format("%nHealthy clusters at availability 1 at every scrape: %d of %d.%n",
                fleet.with(Role.HEALTHY).size() - imperfect.size(), fleet.with(Role.HEALTHY).size()));
        r.append("Dead clusters' produce availability at the end: ");
        fleet.members().stream().filter(Member::dead).forEach(m -> r.append(String.format("%s %s; ", m.name(),
                lastScrape.value(m.name(), Scrape.PRODUCE_AVAILABILITY))));
        r.append(String.format("%nLoad average at the end: %s; broker heartbeats the healthy sandbox's controller timed out"
                + " over the checked phases (a starved machine): %d%n", loadAverage(), fencings));
        r.append(failures.isEmpty() ? "\nEvery check passed.\n" : "\nFAILED:\n- " + String.join("\n- ", failures) + "\n");
        return r.toString();
    }

    private void writeSamples() throws IOException {
        StringBuilder csv = new StringBuilder("seconds,phase,cores,threads,open_files,rss_kib,live_heap_bytes,"
                + "metrics_ms,metrics_on_core_ms,metrics_waiting_ms\n");
        samples.forEach(s -> csv.append(String.format("%.1f,%s,%.4f,%d,%d,%d,%d,%.1f,%.1f,%.1f%n", s.seconds(), s.phase(),
                s.cores(), s.threads(), s.openFiles(), s.rssKiB(), s.liveHeapBytes(), s.metricsMillis(),
                s.metricsOnCoreMillis(), s.metricsWaitingMillis())));
        Files.writeString(options.out().resolve("samples.csv"), csv);
    }

    private String startSandbox(String name) throws Exception {
        Path file = options.out().resolve(name + ".bootstrap");
        Path data = Files.createDirectories(dataDir().resolve(name));
        MeasuredJvm sandbox = MeasuredJvm.start(name, niced(options.sandboxNice(), java, "-Xmx" + options.sandboxXmx(),
                "-Djava.io.tmpdir=" + data, "-cp", System.getProperty("java.class.path"), SandboxMain.class.getName(),
                file.toString()), options.out().resolve(name + ".log"));
        sandboxes.add(sandbox);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!Files.exists(file)) {
            if (!sandbox.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not start; see " + options.out().resolve(name + ".log"));
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        String bootstrap = Files.readString(file).trim();
        log("%s (pid %d): %s", name, sandbox.pid(), bootstrap);
        return bootstrap;
    }

    /**
     * Where the brokers keep their logs: a tmpfs when the machine has one, for the reason the overhead
     * benchmark gives (bench/README.md: a disk's cold index pages paged out and faulted back in). Each
     * sandbox deletes its own data when it stops.
     */
    private Path dataDir() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm.resolve("vigil-hundred-" + options.out().getFileName())
                : options.out().resolve("tmp");
    }

    /**
     * Broker heartbeats the healthy sandbox's controller timed out so far (its log's lines): on a starved
     * machine its event queue falls seconds behind, it fences brokers, and every cluster on them fails for
     * a moment; a failure of the checks at such a time is the machine's, not Vigil's.
     */
    private long heartbeatTimeouts() throws IOException {
        try (var lines = Files.lines(options.out().resolve("sandbox-healthy.log"))) {
            return lines.filter(l -> l.contains("Timed out heartbeat from broker")).count();
        }
    }

    private long sandboxCpuNanos() throws IOException {
        long sum = 0;
        for (MeasuredJvm s : sandboxes) {
            sum += s.cpuNanos();
        }
        return sum;
    }

    /**
     * The command under {@code nice -n niceness} unless 0. A negative niceness (root only) lets the
     * process's threads run as soon as they are runnable on a machine others keep busy: a sandbox's
     * controller that waits seconds for a core fences its brokers (3 s sessions), which would fail every
     * cluster on them for the machine's sake, not Vigil's.
     */
    private static List<String> niced(int niceness, String... command) {
        List<String> out = new ArrayList<>();
        if (niceness != 0) {
            out.addAll(List.of("nice", "-n", Integer.toString(niceness)));
        }
        out.addAll(List.of(command));
        return out;
    }

    /**
     * A port free now, below the kernel's ephemeral range: a port the kernel hands out (port 0) was once
     * taken by one of the 300 Kafka clients' outgoing connections between this returning and Vigil binding it.
     */
    private static int freePort() throws IOException {
        Random random = new Random();
        for (int attempt = 0; ; attempt++) {
            int port = 20_000 + random.nextInt(12_000); // Linux's ephemeral range starts at 32768
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (BindException taken) {
                if (attempt == 100) {
                    throw taken;
                }
            }
        }
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    static void log(String format, Object... args) {
        System.out.printf("%s %s%n", Instant.now().toString().substring(11, 19), String.format(format, args));
    }

    /**
     * One sample of the Vigil process, with the {@code /metrics} request just before it (whole, and its web
     * threads' time on a core and waiting for one); {@code liveHeapBytes} -1 when not taken.
     */
    record Sample(double seconds, String phase, double cores, long threads, long openFiles, long rssKiB,
                  long liveHeapBytes, double metricsMillis, double metricsOnCoreMillis, double metricsWaitingMillis) {
    }

    /** A checked phase: Vigil's CPU over it, the sandboxes' and everything else's on the machine. */
    record Window(String name, double seconds, double cores, double sandboxCores, double otherCores, String loadAverage,
                  Scrape first, Scrape last, String byThread) {
    }

    /** Command-line options; see bench/README.md. */
    record Options(int clusters, int unreachable, int blackholed, Duration warmup, Duration before, Duration after,
                   Duration settle, Duration fill, Duration growthSpan, Duration every, Duration heapEvery, Duration startTimeout, String xmx,
                   String sandboxXmx, int vigilNice, int sandboxNice, double maxCores, long maxHeapMiB, double maxBehind, int threadSlack,
                   int fileSlack, Path out) {

        static Options parse(String[] args) {
            Map<String, String> o = new LinkedHashMap<>();
            o.put("clusters", "100");
            o.put("unreachable", "5");
            o.put("blackholed", "5");
            o.put("warmup", "180");
            o.put("before", "180");
            o.put("after", "1200");
            o.put("settle", "60");
            o.put("fill", "900");
            o.put("growth-span", "600");
            o.put("every", "5");
            o.put("heap-every", "60");
            o.put("start-timeout", "600");
            o.put("xmx", "3g");
            o.put("sandbox-xmx", "2g");
            o.put("vigil-nice", "0");
            o.put("sandbox-nice", "0");
            o.put("max-cores", "0.5");
            o.put("max-heap-mib", "512");
            o.put("max-behind", "0.001");
            o.put("thread-slack", "5");
            o.put("file-slack", "10");
            o.put("out", "bench/target/hundred/" + Instant.now().toString().replaceAll("[:.]", "-"));
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.startsWith("--") && o.containsKey(a.substring(2)) && i + 1 < args.length) {
                    o.put(a.substring(2), args[++i]);
                } else {
                    throw new IllegalArgumentException("unknown option " + a + "; options: "
                            + o.keySet().stream().map(k -> "--" + k).toList());
                }
            }
            return new Options(Integer.parseInt(o.get("clusters")), Integer.parseInt(o.get("unreachable")),
                    Integer.parseInt(o.get("blackholed")), seconds(o, "warmup"), seconds(o, "before"),
                    seconds(o, "after"), seconds(o, "settle"), seconds(o, "fill"), seconds(o, "growth-span"),
                    seconds(o, "every"), seconds(o, "heap-every"),
                    seconds(o, "start-timeout"), o.get("xmx"), o.get("sandbox-xmx"),
                    Integer.parseInt(o.get("vigil-nice")), Integer.parseInt(o.get("sandbox-nice")),
                    Double.parseDouble(o.get("max-cores")), Long.parseLong(o.get("max-heap-mib")),
                    Double.parseDouble(o.get("max-behind")), Integer.parseInt(o.get("thread-slack")),
                    Integer.parseInt(o.get("file-slack")), Path.of(o.get("out")).toAbsolutePath());
        }

        private static Duration seconds(Map<String, String> o, String key) {
            return Duration.ofSeconds(Long.parseLong(o.get(key)));
        }
    }
}
