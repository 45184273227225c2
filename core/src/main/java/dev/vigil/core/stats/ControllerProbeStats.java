package dev.vigil.core.stats;

import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.window.LatencySummary;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The controller probe's numbers for one cluster: windowed availability of its rounds (create a
 * topic, every broker serving it, delete it, within the SLA), cumulative rounds and failures,
 * leftover probe topics deleted, and the metadata propagation latency of successful rounds (create
 * request sent until the last broker served its partition), and per broker the rounds it failed by
 * not serving its partition in time.
 *
 * <p>Written by the controller probe's thread, read by reporters; every field is thread-safe.
 */
public final class ControllerProbeStats extends OptionalProbeStats {

    private final AtomicLong leftoversDeleted = new AtomicLong();
    private volatile boolean denied;
    private volatile long lastRoundMicros;
    private final Map<Integer, AtomicLong> notServed = new ConcurrentSkipListMap<>();

    public ControllerProbeStats(long windowMicros, int slices) {
        super(ControllerProbeMetrics.METADATA_PROPAGATION_LATENCY_HISTOGRAM, windowMicros, slices);
    }

    /** When the newest round was final; 0 before the first. */
    public long lastRoundMicros() {
        return lastRoundMicros;
    }

    /**
     * One final round.
     *
     * @param propagationMicros create request until every broker served the topic; ignored for a failed round
     */
    public void round(boolean ok, long propagationMicros, long atMicros) {
        lastRoundMicros = atMicros;
        recordOutcome(ok, atMicros);
        if (ok) {
            recordLatency(propagationMicros);
        }
    }

    /** {@code broker} did not serve its partition of a round within the SLA (the round failed). */
    public void notServed(int broker) {
        notServed.computeIfAbsent(broker, b -> new AtomicLong()).incrementAndGet();
    }

    public long notServedBy(int broker) {
        AtomicLong n = notServed.get(broker);
        return n == null ? 0 : n.get();
    }

    /** Brokers that failed at least one round. */
    @Override
    public Set<Integer> brokerIds() {
        return Collections.unmodifiableSet(notServed.keySet());
    }

    /** The values of {@code broker}'s scope. */
    @Override
    public List<MetricValue> brokerValues(int broker, long nowMicros) {
        return List.of(ControllerProbeMetrics.METADATA_NOT_SERVED.value(notServedBy(broker)));
    }

    /** Probe topics of earlier rounds or runs (a crash, a failed delete) deleted by the sweep. */
    public void leftoversDeleted(int count) {
        leftoversDeleted.addAndGet(count);
    }

    /** Whether the latest round was refused for lack of an ACL: a configuration problem, not counted. */
    public void denied(boolean value) {
        this.denied = value;
    }

    public boolean denied() {
        return denied;
    }

    public long leftoversDeleted() {
        return leftoversDeleted.get();
    }

    /**
     * What the cluster scope and the dashboard show of the probe at one moment.
     *
     * @param availability windowed, NaN before any round
     * @param propagation  of successful rounds, over the window
     */
    public record Snapshot(double availability, long attempts, long failures, boolean denied, long leftoversDeleted,
                           LatencySummary propagation) {

        /** The values of the cluster scope. */
        public List<MetricValue> clusterValues() {
            List<MetricValue> v = new ArrayList<>(9);
            v.add(ControllerProbeMetrics.AVAILABILITY.value(availability));
            v.add(ControllerProbeMetrics.ATTEMPTS.value(attempts));
            v.add(ControllerProbeMetrics.FAILURES.value(failures));
            v.add(ControllerProbeMetrics.DENIED.value(denied ? 1 : 0));
            v.add(ControllerProbeMetrics.LEFTOVERS_DELETED.value(leftoversDeleted));
            LatencyStatistic.add(v, ControllerProbeMetrics.METADATA_PROPAGATION_LATENCY, propagation,
                    LatencyStatistic.MEAN, LatencyStatistic.P50, LatencyStatistic.P99, LatencyStatistic.MAX);
            return v;
        }
    }

    public Snapshot snapshot(long nowMicros) {
        return new Snapshot(availability(nowMicros).value(), attempts(), failures(), denied, leftoversDeleted(),
                latency(nowMicros));
    }
}
