package dev.vigil.services.probe;

import dev.vigil.core.time.ManualClock;
import dev.vigil.services.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionTransitionLogTest {

    private static final String CLUSTER = "unit-" + PartitionTransitionLogTest.class.hashCode();
    private static final Pattern GROUP_COUNT = Pattern.compile(" on ([0-9,]+) more partitions? \\(");

    private final ManualClock clock = new ManualClock(1_000_000_000L);
    private final LogCapture capture = new LogCapture();
    private final PartitionTransitionLog sendErrors = log(PartitionTransitionLog.SEND_ERRORS);
    private final PartitionTransitionLog verdicts = log(PartitionTransitionLog.VERDICTS);

    @AfterEach
    void closeCapture() {
        capture.close();
    }

    @Test
    void belowTheBudgetEveryTransitionHasItsOwnLineWordedAsBefore() {
        sendErrors.failing(3, "2", "TimeoutException", "", "TimeoutException: Expiring 1 record(s)");
        sendErrors.recovered(3, "2");
        verdicts.failing(5, "1", "NotLeaderOrFollowerException", "isr=1/3 last_error=NotLeaderOrFollowerException",
                "4 in a row not acked within 2000 ms");
        verdicts.recovered(5, null);
        clock.advanceMillis(1_000);
        sendErrors.flushDue();
        verdicts.flushDue();

        assertThat(lines()).containsExactly(
                "WARN cluster=" + CLUSTER + " partition=3 leader=2 produce probe failing: TimeoutException: Expiring 1 record(s)",
                "INFO cluster=" + CLUSTER + " partition=3 leader=2 produce probe recovered",
                "WARN cluster=" + CLUSTER + " topic=t partition=5 leader=1 isr=1/3 last_error=NotLeaderOrFollowerException"
                        + " produce probes failing: 4 in a row not acked within 2000 ms",
                "INFO cluster=" + CLUSTER + " topic=t partition=5 produce probes succeed again");
    }

    @Test
    void exactlyTheBudgetIsStillAllIndividualLines() {
        timingOutOnBroker2(PartitionTransitionLog.BUDGET);
        clock.advanceMillis(1_000);
        sendErrors.flushDue();

        assertThat(lines()).hasSize(PartitionTransitionLog.BUDGET).allMatch(l -> l.contains(" partition="));
    }

    @Test
    void aboveTheBudgetTheRestIsOneLinePerLeaderAndErrorWithExactCounts() {
        // 3,333 partitions of leader 2 time out, 7 of leader 3 too, 5 of leader 2 fail otherwise.
        for (int p = 0; p < 10_000 && p / 3 < 3_333; p += 3) {
            sendErrors.failing(p, "2", "TimeoutException", "", "TimeoutException: x");
        }
        for (int p = 1; p <= 19; p += 3) {
            sendErrors.failing(p, "3", "TimeoutException", "", "TimeoutException: x");
        }
        for (int p = 2; p <= 14; p += 3) {
            sendErrors.failing(p, "2", "NotLeaderOrFollowerException", "", "NotLeaderOrFollowerException: x");
        }
        clock.advanceMillis(1_000);
        sendErrors.flushDue();

        List<String> lines = lines();
        assertThat(lines).hasSize(PartitionTransitionLog.BUDGET + 3);
        assertThat(lines.subList(0, 10)).allMatch(l -> l.startsWith("WARN cluster=" + CLUSTER + " partition=")
                && l.contains(" leader=2 produce probe failing: TimeoutException: x"));
        assertThat(lines.subList(10, 13)).containsExactly(
                "WARN cluster=" + CLUSTER + " topic=t leader=2 last_error=TimeoutException produce probe failing on 3,323"
                        + " more partitions (3,345 in 1.0 s): 30, 33, 36, 39, 42, 45, 48, 51, 54, 57, 60, 63, 66, 69, 72,"
                        + " 75, 78, 81, 84, 87, … (first 20 listed)",
                "WARN cluster=" + CLUSTER + " topic=t leader=3 last_error=TimeoutException produce probe failing on 7"
                        + " more partitions (3,345 in 1.0 s): 1, 4, 7, 10, 13, 16, 19",
                "WARN cluster=" + CLUSTER + " topic=t leader=2 last_error=NotLeaderOrFollowerException produce probe"
                        + " failing on 5 more partitions (3,345 in 1.0 s): 2, 5, 8, 11, 14");
    }

    @Test
    void groupsAreLoggedWhenThePeriodEndsWithoutAFurtherTransition() {
        for (int p = 0; p < 15; p++) {
            verdicts.failing(p, "2", "TimeoutException", "isr=1/1 last_error=TimeoutException", "1 in a row not acked"
                    + " within 2000 ms");
        }
        clock.advanceMillis(999);
        verdicts.flushDue();
        assertThat(lines()).hasSize(10);

        clock.advanceMillis(1);
        verdicts.flushDue();
        assertThat(lines()).hasSize(11).last().isEqualTo("WARN cluster=" + CLUSTER + " topic=t leader=2"
                + " last_error=TimeoutException produce probes failing on 5 more partitions (15 in 1.0 s): 10, 11, 12,"
                + " 13, 14");

        clock.advanceMillis(5_000);
        verdicts.flushDue();
        assertThat(lines()).as("each group is logged once").hasSize(11);
    }

    @Test
    void recoveriesAreGroupedTooAndCountTowardsTheBudget() {
        timingOutOnBroker2(4);
        for (int p = 0; p < 30; p++) {
            sendErrors.recovered(p, p % 2 == 0 ? "1" : "3");
        }
        clock.advanceMillis(1_000);
        sendErrors.flushDue();

        List<String> lines = lines();
        assertThat(lines).hasSize(12);
        assertThat(lines.subList(4, 10)).allMatch(l -> l.startsWith("INFO ") && l.endsWith(" produce probe recovered"));
        assertThat(lines.subList(10, 12)).containsExactly(
                "INFO cluster=" + CLUSTER + " topic=t leader=1 produce probe recovered on 12 more partitions (30 in 1.0 s):"
                        + " 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28",
                "INFO cluster=" + CLUSTER + " topic=t leader=3 produce probe recovered on 12 more partitions (30 in 1.0 s):"
                        + " 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29");
    }

    @Test
    void verdictRecoveriesNameNoLeader() {
        for (int p = 0; p < 12; p++) {
            verdicts.recovered(p, null);
        }
        clock.advanceMillis(1_000);
        verdicts.flushDue();

        assertThat(lines()).last().isEqualTo("INFO cluster=" + CLUSTER + " topic=t produce probes succeed again on 2 more"
                + " partitions (12 in 1.0 s): 10, 11");
    }

    @Test
    void aQuietPeriodAfterAStormGoesBackToIndividualLines() {
        timingOutOnBroker2(50);
        clock.advanceMillis(1_500);
        sendErrors.flushDue();
        int afterStorm = lines().size();

        for (int p = 0; p < 3; p++) {
            sendErrors.recovered(p, "1");
            clock.advanceMillis(100);
        }
        clock.advanceMillis(1_000);
        sendErrors.flushDue();

        assertThat(afterStorm).isEqualTo(11);
        assertThat(lines().subList(afterStorm, lines().size())).containsExactly(
                "INFO cluster=" + CLUSTER + " partition=0 leader=1 produce probe recovered",
                "INFO cluster=" + CLUSTER + " partition=1 leader=1 produce probe recovered",
                "INFO cluster=" + CLUSTER + " partition=2 leader=1 produce probe recovered");
    }

    @Test
    void aTransitionAfterThePeriodLogsItsGroupsFirstAndOpensAFreshPeriod() {
        timingOutOnBroker2(11);
        clock.advanceMillis(1_200);
        sendErrors.failing(99, "3", "TimeoutException", "", "TimeoutException: x");

        assertThat(lines()).hasSize(12).endsWith(
                "WARN cluster=" + CLUSTER + " topic=t leader=2 last_error=TimeoutException produce probe failing on 1 more"
                        + " partition (11 in 1.2 s): 10",
                "WARN cluster=" + CLUSTER + " partition=99 leader=3 produce probe failing: TimeoutException: x");
    }

    @Test
    void flushLogsWhatIsFoldedBeforeThePeriodEnds() {
        timingOutOnBroker2(12);
        clock.advanceMillis(300);
        sendErrors.flush();

        assertThat(lines()).hasSize(11).last().asString().contains("failing on 2 more partitions (12 in 0.3 s): 10, 11");
    }

    @Test
    void everyTransitionIsCountedExactlyOnceInItsOwnLineOrInAGroup() {
        Random random = new Random(42);
        int transitions = 0;
        for (int step = 0; step < 5_000; step++) {
            int partition = random.nextInt(2_000);
            String leader = Integer.toString(1 + random.nextInt(3));
            if (random.nextBoolean()) {
                sendErrors.failing(partition, leader, random.nextBoolean() ? "TimeoutException" : "NetworkException",
                        "", "x");
            } else {
                sendErrors.recovered(partition, leader);
            }
            transitions++;
            // Bursts and quiet times: mostly microseconds apart, now and then a second or more.
            clock.advanceMicros(random.nextInt(100) == 0 ? 1_000_000L + random.nextInt(2_000_000) : random.nextInt(500));
            if (random.nextInt(50) == 0) {
                sendErrors.flushDue();
            }
        }
        sendErrors.flush();

        long counted = 0;
        for (String line : lines()) {
            Matcher group = GROUP_COUNT.matcher(line);
            counted += group.find() ? Long.parseLong(group.group(1).replace(",", "")) : 1;
        }
        assertThat(counted).isEqualTo(transitions);
    }

    @Test
    void aBudgetOfZeroGroupsEverything() {
        PartitionTransitionLog none = new PartitionTransitionLog(LoggerFactory.getLogger(getClass()), clock, CLUSTER,
                "t", PartitionTransitionLog.SEND_ERRORS, 0, Duration.ofMillis(500));
        none.failing(7, "1", "TimeoutException", "", "x");
        assertThat(lines()).isEmpty();
        clock.advanceMillis(500);
        none.flushDue();
        assertThat(lines()).containsExactly("WARN cluster=" + CLUSTER + " topic=t leader=1 last_error=TimeoutException"
                + " produce probe failing on 1 more partition (1 in 0.5 s): 7");
    }

    @Test
    void aGroupAsksForOneFlushAtTheEndOfItsPeriodAndNothingElseAsksForAny() {
        List<Long> asked = new ArrayList<>();
        PartitionTransitionLog log = new PartitionTransitionLog(LoggerFactory.getLogger(getClass()), clock, CLUSTER,
                "t", PartitionTransitionLog.SEND_ERRORS, 1, Duration.ofMillis(1_000), asked::add);
        log.failing(1, "2", "TimeoutException", "", "x"); // its own line: nothing waits
        assertThat(asked).isEmpty();

        clock.advanceMillis(300);
        log.failing(2, "2", "TimeoutException", "", "x");
        clock.advanceMillis(100);
        log.failing(3, "2", "TimeoutException", "", "x");
        assertThat(asked).containsExactly(700_000L); // once, for the end of the period opened at the first line

        clock.advanceMillis(600);
        log.flushDue();
        assertThat(lines()).containsExactly("WARN cluster=" + CLUSTER + " partition=1 leader=2 produce probe failing: x",
                "WARN cluster=" + CLUSTER + " topic=t leader=2 last_error=TimeoutException produce probe failing on 2 more"
                        + " partitions (3 in 1.0 s): 2, 3");
        assertThat(asked).hasSize(1); // nothing waits any more

        log.failing(4, "2", "TimeoutException", "", "x"); // a new period, its own line
        log.failing(5, "2", "TimeoutException", "", "x");
        assertThat(asked).containsExactly(700_000L, 1_000_000L);
    }

    @Test
    void aFlushThatComesEarlyAsksAgainForTheRestOfThePeriod() {
        List<Long> asked = new ArrayList<>();
        PartitionTransitionLog log = new PartitionTransitionLog(LoggerFactory.getLogger(getClass()), clock, CLUSTER,
                "t", PartitionTransitionLog.SEND_ERRORS, 0, Duration.ofMillis(1_000), asked::add);
        log.failing(1, "2", "TimeoutException", "", "x");
        clock.advanceMillis(999);
        log.flushDue();

        assertThat(lines()).isEmpty();
        assertThat(asked).containsExactly(1_000_000L, 1_000L);
    }

    /** Partitions 0 to {@code partitions} - 1, led by broker 2, start failing with a timeout. */
    private void timingOutOnBroker2(int partitions) {
        for (int p = 0; p < partitions; p++) {
            sendErrors.failing(p, "2", "TimeoutException", "", "TimeoutException: x");
        }
    }

    private PartitionTransitionLog log(PartitionTransitionLog.Wording wording) {
        return new PartitionTransitionLog(LoggerFactory.getLogger(getClass()), clock, CLUSTER, "t", wording);
    }

    private List<String> lines() {
        return capture.lines().stream().filter(l -> l.contains("cluster=" + CLUSTER + " ")).toList();
    }
}
