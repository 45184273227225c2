package dev.vigil.core.stats;

import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.window.LatencySummary;
import dev.vigil.core.window.SlidingRatio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The offset-commit probe's numbers for one cluster: windowed commit availability in total and per
 * group coordinator (the broker that coordinated the group when the commit was made), commit
 * latency, cumulative attempts and failures, and the coordinator known now.
 *
 * <p>Written by the commit probe's thread, read by reporters; every field is thread-safe. Latency
 * is recorded for successful commits only: a failed commit's duration is its timeout, which says
 * nothing about the coordinator and would drown the real distribution.
 */
public final class OffsetCommitStats extends OptionalProbeStats {

    /** The coordinator of a commit made before any coordinator was known. */
    public static final int UNKNOWN_COORDINATOR = -1;

    private final long windowMicros;
    private final int slices;
    private final Map<Integer, Outcomes> byCoordinator = new ConcurrentSkipListMap<>();
    private volatile int coordinator = UNKNOWN_COORDINATOR;
    private volatile boolean denied;
    private volatile long lastCommitMicros;

    public OffsetCommitStats(long windowMicros, int slices) {
        super(OffsetCommitMetrics.LATENCY_HISTOGRAM, windowMicros, slices);
        this.windowMicros = windowMicros;
        this.slices = slices;
    }

    /** When the newest commit was final (done, failed or timed out); 0 before the first. */
    public long lastCommitMicros() {
        return lastCommitMicros;
    }

    /**
     * One final commit.
     *
     * @param coordinatorId the coordinator when the commit was made, or {@link #UNKNOWN_COORDINATOR}
     *                      (counted in the total only)
     * @param latencyMicros how long a successful commit took; ignored for a failed one
     */
    public void committed(int coordinatorId, boolean ok, long latencyMicros, long atMicros) {
        lastCommitMicros = atMicros;
        recordOutcome(ok, atMicros);
        if (coordinatorId != UNKNOWN_COORDINATOR) {
            byCoordinator.computeIfAbsent(coordinatorId, b -> new Outcomes(windowMicros, slices)).record(ok, atMicros);
        }
        if (ok) {
            recordLatency(latencyMicros);
        }
    }

    /** The group's coordinator as last looked up. */
    public void coordinator(int coordinatorId) {
        this.coordinator = coordinatorId;
    }

    public int coordinator() {
        return coordinator;
    }

    /**
     * Whether the latest commit was refused for lack of an ACL: a configuration problem, not a
     * coordinator outage, so such commits are not counted at all.
     */
    public void denied(boolean value) {
        this.denied = value;
    }

    public boolean denied() {
        return denied;
    }

    /** Brokers that coordinated at least one commit so far. */
    @Override
    public Set<Integer> brokerIds() {
        return Collections.unmodifiableSet(byCoordinator.keySet());
    }

    /** The window of commits {@code broker} coordinated; empty (NaN) if it coordinated none. */
    public SlidingRatio.Ratio availability(int broker, long nowMicros) {
        Outcomes o = byCoordinator.get(broker);
        return o == null ? new SlidingRatio.Ratio(0, 0) : o.availability(nowMicros);
    }

    public long attempts(int broker) {
        Outcomes o = byCoordinator.get(broker);
        return o == null ? 0 : o.attempts();
    }

    public long failures(int broker) {
        Outcomes o = byCoordinator.get(broker);
        return o == null ? 0 : o.failures();
    }

    /**
     * What the cluster scope, the dashboard and the summary line show of the probe at one moment.
     *
     * @param availability windowed, NaN before any commit
     * @param coordinator  the coordinator known now, or {@link #UNKNOWN_COORDINATOR}
     * @param latency      of successful commits, over the window
     */
    public record Snapshot(double availability, long attempts, long failures, int coordinator, boolean denied,
                           LatencySummary latency) {

        /** The values of the cluster scope. */
        public List<MetricValue> clusterValues() {
            List<MetricValue> v = new ArrayList<>(11);
            v.add(OffsetCommitMetrics.AVAILABILITY.value(availability));
            v.add(OffsetCommitMetrics.ATTEMPTS.value(attempts));
            v.add(OffsetCommitMetrics.FAILURES.value(failures));
            v.add(OffsetCommitMetrics.COORDINATOR_ID.value(
                    coordinator == UNKNOWN_COORDINATOR ? Double.NaN : coordinator));
            v.add(OffsetCommitMetrics.DENIED.value(denied ? 1 : 0));
            LatencyStatistic.add(v, OffsetCommitMetrics.LATENCY, latency, LatencyStatistic.MEAN, LatencyStatistic.P50,
                    LatencyStatistic.P99, LatencyStatistic.P999, LatencyStatistic.P9999, LatencyStatistic.MAX);
            return v;
        }
    }

    public Snapshot snapshot(long nowMicros) {
        return new Snapshot(availability(nowMicros).value(), attempts(), failures(), coordinator, denied,
                latency(nowMicros));
    }

    /** The values of {@code broker}'s scope: the commits it coordinated. */
    @Override
    public List<MetricValue> brokerValues(int broker, long nowMicros) {
        return List.of(
                OffsetCommitMetrics.BROKER_AVAILABILITY.value(availability(broker, nowMicros).value()),
                OffsetCommitMetrics.BROKER_ATTEMPTS.value(attempts(broker)),
                OffsetCommitMetrics.BROKER_FAILURES.value(failures(broker)));
    }
}
