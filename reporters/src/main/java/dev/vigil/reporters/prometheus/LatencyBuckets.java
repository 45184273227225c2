package dev.vigil.reporters.prometheus;

import dev.vigil.core.window.LatencyCounts;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * The upper bounds of the classic histogram buckets Vigil exports, in seconds. They are fixed
 * (plus the latency SLO threshold, so the SLO can be computed exactly from the buckets), which is
 * what lets Prometheus sum buckets across brokers and across Vigil instances.
 */
public final class LatencyBuckets {

    /** 0.5 ms to 60 s, roughly 1-2.5-5 per decade: Kafka round trips are milliseconds, outages seconds. */
    public static final double[] STANDARD_SECONDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
            0.5, 1, 2.5, 5, 10, 30, 60};

    private final double[] upperSeconds;
    private final long[] upperMicros;

    /** The standard bounds plus {@code extraSeconds} (e.g. the SLO threshold), sorted, +Inf last. */
    public LatencyBuckets(double... extraSeconds) {
        TreeSet<Double> bounds = new TreeSet<>();
        Arrays.stream(STANDARD_SECONDS).forEach(bounds::add);
        Arrays.stream(extraSeconds).forEach(bounds::add);
        bounds.add(Double.POSITIVE_INFINITY);
        this.upperSeconds = bounds.stream().mapToDouble(Double::doubleValue).toArray();
        this.upperMicros = bounds.stream()
                .mapToLong(s -> s.isInfinite() ? Long.MAX_VALUE : Math.round(s * 1_000_000)).toArray();
    }

    /** Upper bounds in seconds, the last one +Inf. */
    public double[] upperSeconds() {
        return upperSeconds.clone();
    }

    /**
     * How many values of {@code micros} fall in each bucket (not cumulative). One pass over the
     * populated indexes; a value is placed by the highest value HdrHistogram treats as equal to it
     * (3 significant digits), so a bound can be off by at most 0.1 %.
     */
    public long[] counts(LatencyCounts micros) {
        long[] counts = new long[upperMicros.length];
        int bucket = 0;
        for (int i = 0; i < micros.size(); i++) {
            long value = micros.highestMicros(i);
            while (value > upperMicros[bucket]) {
                bucket++;
            }
            counts[bucket] += micros.count(i);
        }
        return counts;
    }
}
