package dev.vigil.services.faults;

import static dev.vigil.services.faults.FaultScenarios.REACTION;
import static dev.vigil.services.faults.FaultScenarios.holdsThroughout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.vigil.sandbox.StopMode;
import dev.vigil.services.ClusterMonitor;
import dev.vigil.services.LogCapture;
import dev.vigil.services.probe.PartitionTransitionLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An abruptly stopped broker that leads many partitions of an RF 1 topic (20 of 60 on a 3-broker sandbox,
 * twice the log's budget): its partitions go offline together and no other partition is touched (RF 1:
 * no ISR to stall), so ground truth is exactly the partitions the test placed on it. The log must tell
 * each of them once, a budget's worth one by one and the rest in grouped lines, and name no other.
 */
class ManyPartitionsFailingLogScenarioTest {

    private static final int VICTIM = 2;
    private static final int PARTITIONS_PER_BROKER = 20;
    private static final String TOPIC = "mass-stop";

    @RegisterExtension
    static final ScenarioMonitor scenario = new ScenarioMonitor(3);

    @Test
    void aStoppedBrokersPartitionsAreEachLoggedOnceMostlyInGroupedLines() throws Exception {
        List<Integer> brokers = scenario.cluster().brokerIds();
        ClusterMonitor monitor = scenario.startOnNewTopic(TOPIC, PARTITIONS_PER_BROKER, 1, 1);
        // createTopic places partition p on brokers[p % n].
        Set<Integer> victims = IntStream.range(0, brokers.size() * PARTITIONS_PER_BROKER)
                .filter(p -> brokers.get(p % brokers.size()) == VICTIM).boxed().collect(Collectors.toSet());
        await().atMost(REACTION).until(() -> monitor.snapshot().partitions().values().stream()
                .allMatch(s -> s.consecutiveProduceFailures() == 0));

        try (LogCapture log = new LogCapture()) {
            scenario.cluster().stopBroker(VICTIM, StopMode.ABRUPT);
            // The verdicts fail one ack SLA after the stop; the group is logged when its period ends.
            await().atMost(REACTION).until(() -> told(log, "produce probes failing").count() >= victims.size());
            // Later lines, if any, would be too many or name a partition the stop did not touch.
            holdsThroughout(PartitionTransitionLog.PERIOD.multipliedBy(3),
                    () -> told(log, "produce probes failing").count() == victims.size());

            Told verdicts = told(log, "produce probes failing");
            assertThat(verdicts.individual()).as("partitions with a line of their own")
                    .hasSizeLessThanOrEqualTo(PartitionTransitionLog.BUDGET);
            assertThat(verdicts.count()).as("partitions told, each once").isEqualTo(victims.size());
            assertThat(verdicts.partitions()).as("partitions told").containsExactlyInAnyOrderElementsOf(victims);
            assertThat(verdicts.grouped()).as("grouped lines").isNotEmpty()
                    .allMatch(l -> l.contains(" topic=" + TOPIC + " "));

            // The producer's own lines (send errors) may change error on the way, but name the victim's partitions only.
            Told sendErrors = told(log, "produce probe failing");
            assertThat(victims).containsAll(sendErrors.partitions());

            // Every verdict line, its own or grouped, points at the stopped broker: its partitions are led by
            // it until the controller fences it (3 s), then by none (RF 1). Its last error is the producer's
            // latest send error on the partition, so one of those its own lines named, or none yet (the
            // verdict is one ack SLA after the stop, the producer's request timeout later).
            Set<String> sendErrorClasses = new TreeSet<>(sendErrors.errors());
            sendErrorClasses.add("none");
            assertThat(verdicts.lines()).as("verdict lines").isNotEmpty().allSatisfy(l -> {
                assertThat(key(l, "leader")).as("leader in %s", l).isIn(Integer.toString(VICTIM), "none");
                assertThat(key(l, "last_error")).as("last_error in %s", l).isIn(sendErrorClasses);
            });

            scenario.cluster().startBroker(VICTIM);
            await().atMost(REACTION).until(() -> told(log, "produce probes succeed again").count() >= victims.size());
            holdsThroughout(PartitionTransitionLog.PERIOD.multipliedBy(2),
                    () -> told(log, "produce probes succeed again").count() == victims.size());
            Told recoveries = told(log, "produce probes succeed again");
            assertThat(recoveries.individual()).hasSizeLessThanOrEqualTo(PartitionTransitionLog.BUDGET);
            assertThat(recoveries.partitions()).containsExactlyInAnyOrderElementsOf(victims);
        }
    }

    /**
     * What the lines of one phrase told: partitions with a line of their own, grouped lines, partitions in
     * all, every line (own and grouped), and the error classes the lines named (after the phrase in their
     * own lines, as {@code last_error} in grouped ones).
     */
    private record Told(List<Integer> individual, List<String> grouped, long count, List<Integer> partitions,
                        List<String> lines, List<String> errors) {
    }

    /** The value of {@code key=} in a log line. */
    private static String key(String line, String key) {
        Matcher m = Pattern.compile(" " + key + "=(\\S+)").matcher(line);
        assertThat(m.find()).as("%s= in %s", key, line).isTrue();
        return m.group(1);
    }

    private static Told told(LogCapture log, String phrase) {
        Pattern own = Pattern.compile(" partition=(\\d+) .*" + Pattern.quote(phrase) + "(:|$)");
        Pattern group = Pattern.compile(Pattern.quote(phrase) + " on ([0-9,]+) more partitions? \\([^)]*\\): (.*)$");
        List<Integer> individual = new ArrayList<>();
        List<String> grouped = new ArrayList<>();
        List<Integer> partitions = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Pattern error = Pattern.compile(Pattern.quote(phrase) + ": (\\w+):");
        Pattern lastError = Pattern.compile(" last_error=(\\S+)");
        long count = 0;
        for (String line : log.lines()) {
            if (!line.contains("cluster=" + FaultScenarios.CLUSTER + " ")) {
                continue;
            }
            Matcher m = own.matcher(line);
            Matcher g = group.matcher(line);
            if (m.find()) {
                individual.add(Integer.parseInt(m.group(1)));
                partitions.add(Integer.parseInt(m.group(1)));
                lines.add(line);
                Matcher e = error.matcher(line);
                if (e.find()) {
                    errors.add(e.group(1));
                }
                count++;
            } else if (g.find()) {
                grouped.add(line);
                lines.add(line);
                Matcher e = lastError.matcher(line);
                if (e.find()) {
                    errors.add(e.group(1));
                }
                count += Long.parseLong(g.group(1).replace(",", ""));
                for (String p : g.group(2).split(", ")) {
                    if (!p.startsWith("…")) {
                        partitions.add(Integer.parseInt(p));
                    }
                }
            }
        }
        return new Told(individual, grouped, count, partitions, lines, errors);
    }
}
