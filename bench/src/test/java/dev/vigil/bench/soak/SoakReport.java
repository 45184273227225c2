package dev.vigil.bench.soak;

import java.time.Duration;
import java.util.ArrayList;
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
 * @param heapMiB          live heap of the whole JVM (Vigil and the sandbox's brokers) after a full GC, per sample
 */
public record SoakReport(Duration ran, Map<Fault, Integer> faults, long acked, long retired, Pair lostUnread,
                         Pair lostAfterRead, Pair duplicates, long falseLoss, long missedLoss, long falseDuplicates,
                         Map<Fault, List<Long>> detectionMillis, int missedDetections, List<String> notRecovered,
                         List<Long> heapMiB, double cpuCores) {

    /** Vigil's count and the truth's. */
    public record Pair(long vigil, long truth) {
        Pair plus(long vigil, long truth) {
            return new Pair(this.vigil + vigil, this.truth + truth);
        }
    }

    /**
     * Whether the live heap stayed flat: the largest sample of the last third at most 25 % plus 32 MiB above
     * the largest of the first third (after the first two samples, the warm-up). Both thirds hold the same
     * brokers and topic, so growth beyond that is a leak, not load.
     */
    public boolean heapFlat() {
        if (heapMiB.size() < 6) {
            return true; // too short to tell; the report says how many samples there were
        }
        List<Long> warm = heapMiB.subList(2, heapMiB.size());
        int third = Math.max(1, warm.size() / 3);
        long early = warm.subList(0, third).stream().mapToLong(Long::longValue).max().orElseThrow();
        long late = warm.subList(warm.size() - third, warm.size()).stream().mapToLong(Long::longValue).max().orElseThrow();
        return late <= early * 1.25 + 32;
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
            out.add("live heap grew: " + heapMiB + " MiB");
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
        md.append(String.format("%nlive heap after full GC (MiB, whole JVM): %s; flat: %s; CPU %.2f cores%n",
                heapMiB, heapFlat(), cpuCores));
        return md.toString();
    }
}
