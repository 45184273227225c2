package dev.vigil.core.stats;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricHistogram;
import dev.vigil.core.window.LatencySummary;
import dev.vigil.core.window.LatencyWindow;
import dev.vigil.core.window.SlidingRatio;

import java.util.List;

/**
 * The numbers of a probe a cluster's monitor runs beside produce and consume when its config asks for
 * it (offset commit, controller, mirror), as far as they are alike whatever the probe: its final
 * verdicts (availability over the window, attempts and failures since start); its one latency, kept
 * over the window and since start, filed once a second and read for the cluster scope's histograms;
 * and what it attributes to brokers, for their scopes. What the probe adds to the cluster scope's
 * values is its own snapshot, a section of the cluster's reading.
 *
 * <p>Written by the probe's threads, read by reporters; every part is thread-safe.
 */
public abstract class OptionalProbeStats implements ProbeNumbers {

    private final Outcomes outcomes;
    private final LatencyWindow latency;
    private final Metric histogram;

    /** @param histogram the metric of the latency's histogram since start, in the cluster scope */
    protected OptionalProbeStats(Metric histogram, long windowMicros, int slices) {
        this.histogram = histogram;
        this.outcomes = new Outcomes(windowMicros, slices);
        this.latency = new LatencyWindow(windowMicros, slices);
    }

    /** One final verdict of the probe. */
    protected final void recordOutcome(boolean ok, long atMicros) {
        outcomes.record(ok, atMicros);
    }

    /** Verdicts within the SLA / verdicts due, over the window. */
    public final SlidingRatio.Ratio availability(long nowMicros) {
        return outcomes.availability(nowMicros);
    }

    /** Final verdicts since start: the availability's denominator. */
    public final long attempts() {
        return outcomes.attempts();
    }

    /** Of those, the ones not within the SLA. */
    public final long failures() {
        return outcomes.failures();
    }

    protected final void recordLatency(long micros) {
        latency.record(micros);
    }

    /** The probe's latency over the window. */
    public final LatencySummary latency(long nowMicros) {
        return latency.summary(nowMicros);
    }

    /** Files recently recorded latencies under the current slice (on the monitor's timer, once a second). */
    @Override
    public final void harvest(long nowMicros) {
        latency.harvest(nowMicros);
    }

    /** The latency's histogram since start, of the cluster scope. */
    @Override
    public final List<MetricHistogram> histograms(long nowMicros) {
        return List.of(new MetricHistogram(histogram, latency.cumulative(nowMicros)));
    }

}
