package dev.vigil.services.probe;

import dev.vigil.core.time.MicroClock;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The log lines of partitions whose produce probes start failing or recover: one line per partition
 * while few change, one line per (kind, leader, error) once many change together.
 *
 * <p>A period opens with the first transition after a quiet time and lasts {@code period}. Its first
 * {@code budget} transitions (failing and recovered together) get their own line each, worded as
 * they always were; the rest are folded into groups, and when the period has passed each group
 * becomes one line with its exact count and its lowest partitions. A stopped broker at 10,000
 * partitions thus writes a few dozen lines instead of thousands, and a lone partition's failure
 * still reads as before. Every transition is counted once, in its own line or in a group; a group
 * counts transitions, so a partition that fails twice into the same group in one period counts twice.
 *
 * <p>Groups are logged by {@link #flushDue()}, which the log asks its {@link FlushLater} to call when the period of
 * a group has passed (or the owner calls on a periodic tick), so they appear even if no further transition arrives;
 * and by {@link #flush()} when the owner stops.
 * Thread-safe: transitions may come from the producer's I/O thread, the probe thread and a timer.
 */
public final class PartitionTransitionLog {

    /** How a source words its lines. */
    public record Wording(boolean linesNameTopic, String failing, String recovered) {
    }

    /** The produce probe's, on a send's error and on the next ack. */
    public static final Wording SEND_ERRORS = new Wording(false, "produce probe failing", "produce probe recovered");
    /** The monitor's, on the finalized verdicts (failed at an error or at the ack SLA). */
    public static final Wording VERDICTS = new Wording(true, "produce probes failing", "produce probes succeed again");
    /**
     * Per-partition lines per period: all of them for one broker's partitions on a small cluster, and
     * few enough that a mass change reads at a glance.
     */
    public static final int BUDGET = 10;
    /**
     * The probe interval's default and the monitor's tick: one outage's transitions land in one or two
     * periods, and a group's line is at most two seconds late.
     */
    public static final Duration PERIOD = Duration.ofSeconds(1);

    private static final int LISTED = 20;

    /** Calls {@link #flushDue()} once, some time from now: the owner's timer. */
    @FunctionalInterface
    public interface FlushLater {
        /** Calls {@link #flushDue()} once, {@code delayMicros} or a little more from now. */
        void in(long delayMicros);

        /** For an owner that calls {@link #flushDue()} on a tick of its own. */
        FlushLater TICKED = delayMicros -> {
        };
    }

    private enum Kind { FAILING, RECOVERED }

    private record GroupKey(Kind kind, String leader, String error) {
    }

    /** The partitions of one group; {@code count} may exceed their number (see the class comment). */
    private static final class Group {
        final BitSet partitions = new BitSet();
        int count;
    }

    private final Logger log;
    private final MicroClock clock;
    private final String cluster;
    private final String topic;
    private final Wording wording;
    private final int budget;
    private final long periodMicros;
    private final FlushLater flushLater;
    /** A {@link #flushDue()} is asked for and has not run yet. */
    private boolean flushAsked;

    private boolean open;
    private long periodStart;
    private int seen;
    private final int[] seenByKind = new int[Kind.values().length];
    /** In the order the groups began, failing and recovered interleaved as they came. */
    private final Map<GroupKey, Group> groups = new LinkedHashMap<>();

    /** A log whose owner calls {@link #flushDue()} on a tick of its own. */
    public PartitionTransitionLog(Logger log, MicroClock clock, String cluster, String topic, Wording wording) {
        this(log, clock, cluster, topic, wording, BUDGET, PERIOD, FlushLater.TICKED);
    }

    /** A log that asks {@code flushLater} for each {@link #flushDue()} its groups need, and no other. */
    public PartitionTransitionLog(Logger log, MicroClock clock, String cluster, String topic, Wording wording,
                                  FlushLater flushLater) {
        this(log, clock, cluster, topic, wording, BUDGET, PERIOD, flushLater);
    }

    public PartitionTransitionLog(Logger log, MicroClock clock, String cluster, String topic, Wording wording,
                                  int budget, Duration period) {
        this(log, clock, cluster, topic, wording, budget, period, FlushLater.TICKED);
    }

    public PartitionTransitionLog(Logger log, MicroClock clock, String cluster, String topic, Wording wording,
                                  int budget, Duration period, FlushLater flushLater) {
        if (budget < 0 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("budget " + budget + " must be >= 0 and period " + period + " > 0");
        }
        this.log = log;
        this.clock = clock;
        this.cluster = cluster;
        this.topic = topic;
        this.wording = wording;
        this.budget = budget;
        this.periodMicros = period.toNanos() / 1_000L;
        this.flushLater = flushLater;
    }

    /**
     * A partition's probes started failing, or fail with another error than before.
     *
     * @param leader null if the line names none
     * @param error  the error class the group's line names as {@code last_error}
     * @param keys   further {@code key=value} pairs of the partition's own line, after the leader; "" for none
     * @param detail what the partition's own line says after the colon
     */
    public synchronized void failing(int partition, String leader, String error, String keys, String detail) {
        if (admit(Kind.FAILING)) {
            log.warn("{} {}: {}", partitionKeys(partition, leader, keys), wording.failing(), detail);
        } else {
            fold(new GroupKey(Kind.FAILING, leader, error), partition);
        }
    }

    /** A partition's probes succeed again; {@code leader} null if the line names none. */
    public synchronized void recovered(int partition, String leader) {
        if (admit(Kind.RECOVERED)) {
            log.info("{} {}", partitionKeys(partition, leader, ""), wording.recovered());
        } else {
            fold(new GroupKey(Kind.RECOVERED, leader, null), partition);
        }
    }

    /** Logs the folded groups of a period that has passed; asks for another call while some wait for theirs. */
    public synchronized void flushDue() {
        flushAsked = false;
        long now = clock.nowMicros();
        if (open && now - periodStart >= periodMicros) {
            close(now);
        }
        askFlush(now);
    }

    /** Logs the folded groups now, period passed or not; for when the owner stops. */
    public synchronized void flush() {
        if (open) {
            close(clock.nowMicros());
        }
    }

    /** Asks for a {@link #flushDue()} at the period's end while groups wait for it, unless one is asked already. */
    private void askFlush(long now) {
        if (!groups.isEmpty() && !flushAsked) {
            flushAsked = true;
            flushLater.in(Math.max(0, periodStart + periodMicros - now));
        }
    }

    /** Counts the transition in its period and returns whether it gets a line of its own. */
    private boolean admit(Kind kind) {
        long now = clock.nowMicros();
        if (open && now - periodStart >= periodMicros) {
            close(now);
        }
        if (!open) {
            open = true;
            periodStart = now;
        }
        seenByKind[kind.ordinal()]++;
        return ++seen <= budget;
    }

    private void fold(GroupKey key, int partition) {
        Group group = groups.computeIfAbsent(key, k -> new Group());
        group.partitions.set(partition);
        group.count++;
        askFlush(clock.nowMicros());
    }

    private void close(long now) {
        double seconds = (now - periodStart) / 1e6;
        for (Map.Entry<GroupKey, Group> e : groups.entrySet()) {
            GroupKey key = e.getKey();
            String line = groupLine(key, e.getValue(), seenByKind[key.kind().ordinal()], seconds);
            if (key.kind() == Kind.FAILING) {
                log.warn(line);
            } else {
                log.info(line);
            }
        }
        groups.clear();
        Arrays.fill(seenByKind, 0);
        seen = 0;
        open = false;
    }

    private String groupLine(GroupKey key, Group group, int ofKind, double seconds) {
        StringBuilder line = new StringBuilder("cluster=").append(cluster).append(" topic=").append(topic);
        if (key.leader() != null) {
            line.append(" leader=").append(key.leader());
        }
        if (key.error() != null) {
            line.append(" last_error=").append(key.error());
        }
        line.append(' ').append(key.kind() == Kind.FAILING ? wording.failing() : wording.recovered())
                .append(String.format(Locale.ROOT, " on %,d more %s (%,d in %.1f s): ", group.count,
                        group.count == 1 ? "partition" : "partitions", ofKind, seconds));
        int listed = 0;
        for (int p = group.partitions.nextSetBit(0); p >= 0 && listed < LISTED; p = group.partitions.nextSetBit(p + 1)) {
            line.append(listed++ == 0 ? "" : ", ").append(p);
        }
        if (group.partitions.cardinality() > LISTED) {
            line.append(", … (first ").append(LISTED).append(" listed)");
        }
        return line.toString();
    }

    private String partitionKeys(int partition, String leader, String keys) {
        StringBuilder line = new StringBuilder("cluster=").append(cluster);
        if (wording.linesNameTopic()) {
            line.append(" topic=").append(topic);
        }
        line.append(" partition=").append(partition);
        if (leader != null) {
            line.append(" leader=").append(leader);
        }
        if (!keys.isEmpty()) {
            line.append(' ').append(keys);
        }
        return line.toString();
    }
}
