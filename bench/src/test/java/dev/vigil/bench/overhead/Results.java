package dev.vigil.bench.overhead;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import dev.vigil.bench.overhead.OverheadBenchmark.E2eResult;
import dev.vigil.bench.overhead.OverheadBenchmark.Latency;
import dev.vigil.bench.overhead.OverheadBenchmark.Options;
import dev.vigil.bench.overhead.OverheadBenchmark.RunResult;

/**
 * Writes every run to {@code runs.csv} as it finishes (so an interrupted benchmark keeps what it
 * measured) and, at the end, {@code summary.md}: min / median / max over the repetitions per workload and
 * program, and the ratios, in the shape of {@code RESULTS.md}.
 */
final class Results {

    private final Path dir;
    private final List<RunResult> runs = new ArrayList<>();
    private final List<E2eResult> e2e = new ArrayList<>();
    private String header;

    Results(Path dir) {
        this.dir = dir;
    }

    void header(Options options, String command) throws IOException {
        long memKiB = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0);
        header = String.format(Locale.ROOT, "Date: %s. Machine: %d cores, %.1f GiB, %s %s. Load average at start: %s.%n"
                        + "Options: %s%nCommand line of the harness JVM: %s%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), memKiB / 1048576.0,
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Files.readString(Path.of("/proc/loadavg")).trim(), options, command);
        OverheadBenchmark.append(dir.resolve("runs.csv"), "kind,workload,rep,seconds,cpu_us_per_probe,probes,counted,cpu_cores,"
                + "live_heap_mib,rss_mib,xmx,gc_ms,gc_count,threads,due,late,on_schedule,max_late_ms,e2e_mean_ms,"
                + "e2e_p50_ms,e2e_p99_ms,other_cores,sandbox_cores,cpu_us_per_probe_without_jit\n");
    }

    void add(RunResult r) throws IOException {
        runs.add(r);
        OverheadBenchmark.append(dir.resolve("runs.csv"), String.format(Locale.ROOT,
                "%s,%s,%d,%.1f,%.2f,%d,%d,%.4f,%.2f,%.1f,%s,%d,%d,%d,%d,%d,%.6f,%.1f,%.3f,%.3f,%.3f,%.3f,%.3f,%.2f%n",
                r.kind(), r.workload().toString().replace(' ', '_'), r.rep(), r.seconds(), r.cpuMicrosPerProbe(), r.probes(),
                r.counted(), r.cpuCores(), r.liveHeapBytes() / 1048576.0, r.rssKiB() / 1024.0, r.xmx(), r.gcMillis(), r.gcCount(),
                r.threads(), r.adherence().due(), r.adherence().late(), r.adherence().onScheduleFraction(),
                r.adherence().maxLateMillis(), r.e2e().map(OverheadBenchmark.Latency::mean).orElse(Double.NaN),
                r.e2e().map(OverheadBenchmark.Latency::p50).orElse(Double.NaN),
                r.e2e().map(OverheadBenchmark.Latency::p99).orElse(Double.NaN), r.otherCores(), r.sandboxCores(),
                r.cpuMicrosPerProbeWithoutJit()));
    }

    void add(E2eResult r) throws IOException {
        e2e.add(r);
        OverheadBenchmark.append(dir.resolve("endtoendlatency.csv"), String.format(Locale.ROOT,
                "%d,%.4f,%.0f,%.0f,%.0f%n", r.rep(), r.mean(), r.p50(), r.p99(), r.p999()));
    }

    void summary(Options options) throws IOException {
        StringBuilder md = new StringBuilder(header).append('\n');
        for (Workload w : options.workloads()) {
            List<RunResult> vigil = of(w, OverheadBenchmark.VIGIL);
            List<RunResult> floor = of(w, OverheadBenchmark.FLOOR);
            md.append(String.format(Locale.ROOT, "### %d partitions × %d probe/s (RF %d), -Xmx%s, %d repetitions%n%n",
                    w.partitions(), w.probesPerSecond(), w.replicationFactor(), options.xmx(), vigil.size()));
            md.append("| measure | Vigil min / median / max | floor min / median / max | Vigil ÷ floor, per repetition: min / median / max |\n");
            md.append("|---|---|---|---|\n");
            row(md, "CPU per probe (µs)", vigil, floor, RunResult::cpuMicrosPerProbe, "%.1f", true);
            row(md, "CPU per probe without the JIT threads (µs)", vigil, floor, RunResult::cpuMicrosPerProbeWithoutJit,
                    "%.1f", true);
            row(md, "CPU (cores)", vigil, floor, RunResult::cpuCores, "%.3f", false);
            row(md, "live heap after full GC (MiB)", vigil, floor, r -> r.liveHeapBytes() / 1048576.0, "%.1f", true);
            row(md, "RSS (MiB)", vigil, floor, r -> r.rssKiB() / 1024.0, "%.0f", true);
            row(md, "GC time (ms per minute)", vigil, floor, r -> r.gcMillis() * 60 / r.seconds(), "%.0f", false);
            row(md, "threads", vigil, floor, RunResult::threads, "%.0f", false);
            row(md, "on schedule (fraction of probes due)", vigil, floor, r -> r.adherence().onScheduleFraction(), "%.5f", false);
            row(md, "latest send in the window (ms behind schedule)", vigil, floor, r -> r.adherence().maxLateMillis(), "%.0f", false);
            row(md, "others' CPU meanwhile (cores)", vigil, floor, RunResult::otherCores, "%.2f", false);
            row(md, "sandbox cluster's CPU (cores)", vigil, floor, RunResult::sandboxCores, "%.2f", false);
            row(md, "e2e mean (ms)", vigil, floor, r -> r.e2e().orElseThrow().mean(), "%.2f", true);
            row(md, "e2e p99 (ms)", vigil, floor, r -> r.e2e().orElseThrow().p99(), "%.2f", true);
            md.append('\n');
            if (!options.variants().isEmpty()) {
                variants(md, options, vigil, floor, w);
            }
        }
        if (!e2e.isEmpty()) {
            List<RunResult> vigil = of(OverheadBenchmark.E2E, "vigil");
            List<RunResult> floor = of(OverheadBenchmark.E2E, "floor");
            md.append(String.format(Locale.ROOT, "### End-to-end latency: Vigil and the floor (%s, over the measurement "
                    + "window) vs EndToEndLatency (%d records), the same 1-partition RF 3 topic, acks=all, 100-byte "
                    + "records%n%n", OverheadBenchmark.E2E, options.e2eRecords()));
            md.append("| ms | Vigil min / median / max | floor min / median / max | EndToEndLatency min / median / max "
                    + "| Vigil ÷ EndToEndLatency, per repetition | Vigil ÷ floor, per repetition |\n");
            md.append("|---|---|---|---|---|---|\n");
            latencyRow(md, "mean", vigil, floor, Latency::mean, E2eResult::mean);
            latencyRow(md, "p50", vigil, floor, Latency::p50, E2eResult::p50);
            latencyRow(md, "p99", vigil, floor, Latency::p99, E2eResult::p99);
            md.append("\n(EndToEndLatency prints its percentiles in whole milliseconds, truncated; its mean to 0.1 µs.)\n");
            LatencyPlot.write(dir.resolve("e2e-latency.png"), vigil, floor, e2e);
            md.append("\nPlot: e2e-latency.png\n");
        }
        Files.writeString(dir.resolve("summary.md"), md);
        System.out.print(md);
    }

    /**
     * Each variant against Vigil with its defaults and the floor of the same repetition: the variant minus the
     * defaults is the cost of the probe it switches (negative: the defaults' probe it switches off).
     */
    private void variants(StringBuilder md, Options options, List<RunResult> vigil, List<RunResult> floor, Workload w) {
        md.append("| Vigil | CPU per probe (µs) min / median / max | ÷ floor, per repetition | minus Vigil's defaults "
                + "(µs per probe), per repetition | that ÷ the floor's CPU per probe | the same without the JIT threads: "
                + "µs per probe | ÷ floor | minus the defaults | CPU (cores) | others' CPU (cores) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        variantRows(md, options, vigil, floor, w, RunResult::cpuMicrosPerProbe, RunResult::cpuMicrosPerProbeWithoutJit);
        md.append('\n');
    }

    private void variantRows(StringBuilder md, Options options, List<RunResult> vigil, List<RunResult> floor, Workload w,
                             ToDoubleFunction<RunResult> all, ToDoubleFunction<RunResult> noJit) {
        List<String> kinds = new ArrayList<>(List.of(OverheadBenchmark.VIGIL));
        options.variants().forEach(v -> kinds.add(v.kind()));
        for (String kind : kinds) {
            List<RunResult> runs = of(w, kind);
            boolean defaults = kind.equals(OverheadBenchmark.VIGIL);
            Against a = new Against(runs, vigil, floor, all);
            Against n = new Against(runs, vigil, floor, noJit);
            md.append("| ").append(defaults ? "defaults" : kind.substring(OverheadBenchmark.VIGIL.length() + 1))
                    .append(" | ").append(spread(runs.stream().mapToDouble(all).toArray(), "%.1f"))
                    .append(" | ").append(spread(a.overFloor(), "%.2f"))
                    .append(" | ").append(defaults ? "" : spread(a.minusDefaults(), "%+.1f"))
                    .append(" | ").append(defaults ? "" : spread(a.minusDefaultsOverFloor(), "%+.2f"))
                    .append(" | ").append(spread(runs.stream().mapToDouble(noJit).toArray(), "%.1f"))
                    .append(" | ").append(spread(n.overFloor(), "%.2f"))
                    .append(" | ").append(defaults ? "" : spread(n.minusDefaults(), "%+.1f"))
                    .append(" | ").append(spread(runs.stream().mapToDouble(RunResult::cpuCores).toArray(), "%.3f"))
                    .append(" | ").append(spread(runs.stream().mapToDouble(RunResult::otherCores).toArray(), "%.2f"))
                    .append(" |\n");
        }
    }

    /** Runs of one kind against the floor's and Vigil's defaults' runs of the same repetitions, by one measure. */
    private record Against(List<RunResult> runs, List<RunResult> vigil, List<RunResult> floor, ToDoubleFunction<RunResult> f) {

        double[] overFloor() {
            return runs.stream().flatMap(r -> sameRep(floor, r).stream().map(x -> f.applyAsDouble(r) / f.applyAsDouble(x)))
                    .mapToDouble(Double::doubleValue).toArray();
        }

        double[] minusDefaults() {
            return runs.stream().flatMap(r -> sameRep(vigil, r).stream().map(d -> f.applyAsDouble(r) - f.applyAsDouble(d)))
                    .mapToDouble(Double::doubleValue).toArray();
        }

        double[] minusDefaultsOverFloor() {
            return runs.stream().flatMap(r -> sameRep(vigil, r).stream().flatMap(d -> sameRep(floor, r).stream()
                            .map(x -> (f.applyAsDouble(r) - f.applyAsDouble(d)) / f.applyAsDouble(x))))
                    .mapToDouble(Double::doubleValue).toArray();
        }
    }

    private static Optional<RunResult> sameRep(List<RunResult> runs, RunResult r) {
        return runs.stream().filter(x -> x.rep() == r.rep()).findFirst();
    }

    private List<RunResult> of(Workload w, String kind) {
        return runs.stream().filter(r -> r.workload().equals(w) && r.kind().equals(kind)).toList();
    }

    private static void row(StringBuilder md, String name, List<RunResult> vigil, List<RunResult> floor,
                            ToDoubleFunction<RunResult> f, String fmt, boolean ratio) {
        md.append("| ").append(name).append(" | ").append(spread(vigil.stream().mapToDouble(f).toArray(), fmt))
                .append(" | ").append(spread(floor.stream().mapToDouble(f).toArray(), fmt)).append(" | ");
        if (ratio) {
            md.append(spread(ratios(vigil, floor, f), "%.2f"));
        }
        md.append(" |\n");
    }

    private void latencyRow(StringBuilder md, String name, List<RunResult> vigil, List<RunResult> floor,
                            ToDoubleFunction<Latency> v, ToDoubleFunction<E2eResult> e) {
        ToDoubleFunction<RunResult> run = r -> v.applyAsDouble(r.e2e().orElseThrow());
        double[] ratios = new double[Math.min(vigil.size(), e2e.size())];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = run.applyAsDouble(vigil.get(i)) / e.applyAsDouble(e2e.get(i));
        }
        md.append("| ").append(name).append(" | ").append(spread(vigil.stream().mapToDouble(run).toArray(), "%.2f"))
                .append(" | ").append(spread(floor.stream().mapToDouble(run).toArray(), "%.2f"))
                .append(" | ").append(spread(e2e.stream().mapToDouble(e).toArray(), "%.2f")).append(" | ")
                .append(spread(ratios, "%.2f")).append(" | ").append(spread(ratios(vigil, floor, run), "%.2f"))
                .append(" |\n");
    }

    /** Vigil ÷ floor of the same repetition (they ran back to back). */
    private static double[] ratios(List<RunResult> vigil, List<RunResult> floor, ToDoubleFunction<RunResult> f) {
        double[] out = new double[Math.min(vigil.size(), floor.size())];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(vigil.get(i)) / f.applyAsDouble(floor.get(i));
        }
        return out;
    }

    private static String spread(double[] values, String fmt) {
        if (values.length == 0) {
            return "–";
        }
        double[] s = values.clone();
        Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        if (s.length == 1) {
            return String.format(Locale.ROOT, fmt, s[0]);
        }
        return String.format(Locale.ROOT, fmt + " / " + fmt + " / " + fmt, s[0], median, s[s.length - 1]);
    }
}
