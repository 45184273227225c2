package dev.vigil.bench.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What a chaos soak found: Vigil's counts against the ground truth, how fast it saw each outage, and what
 * the process held over time.
 *
 * @param lostUnread       acked probes gone from the log that the consumer had never read: Vigil's and the truth's
 * @param lostAfterRead    acked probes gone from the log after the consumer read them: Vigil's and the truth's
 * @param duplicates       extra copies of a probe in the log: Vigil's and the truth's
 * @param falseLoss        probes Vigil counted lost beyond the truth, summed over its runs
 * @param missedLoss       probes the truth lost beyond Vigil's count, summed over its runs
 * @param falseDuplicates  duplicates Vigil counted beyond the truth, summed over its runs
 * @param detectionMillis  per fault kind, injection to Vigil's first open episode of that broker (outages),
 *                         or to every new partition probed (partitions added)
 * @param missedDetections outages Vigil opened no episode for while they lasted
 * @param heap             live heap of Vigil's JVM (the brokers run in another) after a full GC, per sample
 * @param cpuCores         CPU of Vigil's JVM, in cores on average
 * @param sandboxCpuCores  CPU of the sandbox's JVM (the controller and the brokers), in cores on average
 */
public record SoakReport(Duration ran, Map<Fault, Integer> faults, long acked, long retired, Pair lostUnread,
                         Pair lostAfterRead, Pair duplicates, long falseLoss, long missedLoss, long falseDuplicates,
                         Map<Fault, List<Long>> detectionMillis, int missedDetections, List<String> notRecovered,
                         List<HeapSample> heap, double cpuCores, double sandboxCpuCores) {

    /** Vigil's count and the truth's. */
    public record Pair(long vigil, long truth) {
        Pair plus(long vigil, long truth) {
            return new Pair(this.vigil + vigil, this.truth + truth);
        }
    }

    /**
     * One sample of Vigil's live heap.
     *
     * @param mib        heap used after a full GC, in MiB
     * @param partitions partitions of the monitor topic then
     */
    public record HeapSample(long mib, int partitions) {
        @Override
        public String toString() {
            return mib + "@" + partitions;
        }
    }

    /** What Vigil's live heap may grow by, beyond what partitions added since then hold, before it is a leak. */
    static final long HEAP_SLACK_MIB = 4;
    /** What one more partition of the monitor topic may add to Vigil's live heap. */
    static final double HEAP_MIB_PER_PARTITION = 0.5;

    /**
     * Whether Vigil's live heap stayed flat: the largest sample of the last third at most {@value #HEAP_SLACK_MIB}
     * MiB plus {@value #HEAP_MIB_PER_PARTITION} MiB per partition added since above the largest of the first third
     * (after the first two samples, the warm-up). Partitions are the only load that grows in a soak; a partition's
     * state (its ledger ring, windows and histograms in three scopes) measured about 0.2 MiB ({@code bench/RESULTS.md}),
     * and the slack covers
     * the dashboard's history filling up and the sampling's own noise. The soak's JVM holds no broker and its
     * ground truth is on disk, so growth beyond that is Vigil's.
     */
    public boolean heapFlat() {
        if (heap.size() < 6) {
            return true; // too short to tell; the report says how many samples there were
        }
        List<HeapSample> warm = heap.subList(2, heap.size());
        int third = Math.max(1, warm.size() / 3);
        HeapSample early = warm.subList(0, third).stream().max(Comparator.comparingLong(HeapSample::mib)).orElseThrow();
        HeapSample late = warm.subList(warm.size() - third, warm.size()).stream()
                .max(Comparator.comparingLong(HeapSample::mib)).orElseThrow();
        int added = Math.max(0, late.partitions() - early.partitions());
        return late.mib() <= early.mib() + HEAP_SLACK_MIB + HEAP_MIB_PER_PARTITION * added;
    }

    /** What a soak must not show: one line each; empty when Vigil told the truth throughout. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (falseLoss > 0) {
            out.add(falseLoss + " probes counted lost that the log still holds");
        }
        if (missedLoss > 0) {
            out.add(missedLoss + " acked probes gone from the log that Vigil did not count lost");
        }
        if (falseDuplicates > 0) {
            out.add(falseDuplicates + " duplicates counted that the log does not hold");
        }
        if (missedDetections > 0) {
            out.add(missedDetections + " outages without an episode");
        }
        if (!notRecovered.isEmpty()) {
            out.add("not back to every partition probed ok after: " + notRecovered);
        }
        if (!heapFlat()) {
            out.add("Vigil's live heap grew: " + heap + " (MiB@partitions)");
        }
        return out;
    }

    /** The report as Markdown, for bench/RESULTS.md. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format("ran %d s; faults %s; acked probes %d (%d retired by retention before a check)%n%n",
                ran.toSeconds(), faults, acked, retired));
        md.append("| | Vigil | truth |\n|---|---|---|\n");
        md.append(String.format("| acked, lost unread | %d | %d |%n", lostUnread.vigil(), lostUnread.truth()));
        md.append(String.format("| acked, lost after read | %d | %d |%n", lostAfterRead.vigil(), lostAfterRead.truth()));
        md.append(String.format("| duplicates | %d | %d |%n%n", duplicates.vigil(), duplicates.truth()));
        md.append(String.format("false loss %d, missed loss %d, false duplicates %d, outages missed %d, not recovered %s%n%n",
                falseLoss, missedLoss, falseDuplicates, missedDetections, notRecovered));
        md.append("| fault | detection (ms): median / max | all |\n|---|---|---|\n");
        detectionMillis.forEach((fault, times) -> {
            List<Long> sorted = times.stream().sorted().toList();
            md.append(String.format("| %s | %s | %s |%n", fault, sorted.isEmpty() ? "-"
                    : sorted.get(sorted.size() / 2) + " / " + sorted.get(sorted.size() - 1), times));
        });
        md.append(String.format("%nVigil's live heap after full GC (MiB@partitions): %s; flat: %s; CPU of Vigil's JVM %.3f cores, "
                + "of the sandbox's %.3f%n", heap, heapFlat(), cpuCores, sandboxCpuCores));
        return md.toString();
    }
}
