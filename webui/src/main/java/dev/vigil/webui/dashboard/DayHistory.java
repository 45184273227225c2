package dev.vigil.webui.dashboard;

import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.core.window.LatencySummary;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The charts' last {@link #KEEP} at one point per {@link #STEP}, beside {@link ClusterHistory}'s 15 minutes at
 * 2 s. Each point holds the numbers charted, not the totals they came from, in primitive columns allocated
 * once, so a cluster's day costs the same from its first minute on: {@link #CAPACITY} points of one
 * {@code long} and {@value #COLUMNS} {@code double}s, 120 bytes a point, 173 KB in all.
 *
 * <p>Availability is the rate over the step ({@code produceAvailability1m}): 1 − failures ÷ final outcomes of
 * all partitions since the previous point (or the start). The step equals the latency window (60 s by
 * default), so the latency percentiles at each point together cover the day. Counters are cumulative.
 *
 * <p>Called by the dashboard's sampler ({@link #offer}) and by request threads ({@link #series}); the caller
 * ({@link ClusterHistory}) holds its lock around both.
 */
final class DayHistory {

    static final Duration STEP = Duration.ofMinutes(1);
    static final Duration KEEP = Duration.ofHours(24);
    /** A day's points and the one a day ago, so the chart reaches its left edge. */
    static final int CAPACITY = (int) (KEEP.toMillis() / STEP.toMillis()) + 1;
    static final int COLUMNS = 14;

    private static final List<String> NAMES = List.of("produceAvailability1m", "consumeAvailability1m",
            "e2eP50", "e2eP99", "e2eP999", "e2eMax", "produceP50", "produceP99", "produceP999", "produceMax",
            "lostAcked", "lostUnacked", "duplicates", "late");

    private final int capacity;
    private final long[] times;
    private final double[][] values = new double[COLUMNS][];
    private int size;
    private int newest = -1;
    /** The totals at the newest point: the base of the next point's rates. */
    private ScopeSnapshot base;

    DayHistory(int capacity) {
        this.capacity = capacity;
        this.times = new long[capacity];
        for (int c = 0; c < COLUMNS; c++) {
            values[c] = new double[capacity];
        }
    }

    /** Takes a point from {@code totals} if a step has passed since the newest (or there is none); else nothing. */
    void offer(long atMs, ScopeSnapshot totals) {
        if (size > 0 && atMs - times[newest] < STEP.toMillis()) {
            return;
        }
        newest = (newest + 1) % capacity;
        size = Math.min(size + 1, capacity);
        times[newest] = atMs;
        double[] row = {
            rate(totals, ScopeSnapshot::produceAttempts, ScopeSnapshot::produceFailures),
            rate(totals, ScopeSnapshot::consumeChecked, ScopeSnapshot::consumeFailures),
            ms(totals.e2eLatency(), LatencySummary::p50), ms(totals.e2eLatency(), LatencySummary::p99),
            ms(totals.e2eLatency(), LatencySummary::p999), ms(totals.e2eLatency(), LatencySummary::max),
            ms(totals.produceLatency(), LatencySummary::p50), ms(totals.produceLatency(), LatencySummary::p99),
            ms(totals.produceLatency(), LatencySummary::p999), ms(totals.produceLatency(), LatencySummary::max),
            totals.lostAcked(), totals.lostUnacked(), totals.duplicates(), totals.late()};
        for (int c = 0; c < COLUMNS; c++) {
            values[c][newest] = row[c];
        }
        base = totals;
    }

    /** The points taken after {@code afterMs}, oldest first; NaN (no data) travels as null. */
    Series series(long afterMs) {
        List<Long> t = new ArrayList<>();
        Map<String, List<Double>> columns = new LinkedHashMap<>();
        NAMES.forEach(n -> columns.put(n, new ArrayList<>()));
        for (int k = size - 1; k >= 0; k--) {
            int i = Math.floorMod(newest - k, capacity);
            if (times[i] <= afterMs) {
                continue;
            }
            t.add(times[i]);
            for (int c = 0; c < COLUMNS; c++) {
                columns.get(NAMES.get(c)).add(Numbers.orNull(values[c][i]));
            }
        }
        return new Series(t, columns);
    }

    int size() {
        return size;
    }

    /** The newest point's time; null before the first. */
    Long newestMs() {
        return size == 0 ? null : times[newest];
    }

    private double rate(ScopeSnapshot to, java.util.function.ToLongFunction<ScopeSnapshot> outcomes,
                        java.util.function.ToLongFunction<ScopeSnapshot> failures) {
        long n = outcomes.applyAsLong(to) - (base == null ? 0 : outcomes.applyAsLong(base));
        if (n <= 0) {
            return Double.NaN;
        }
        long bad = failures.applyAsLong(to) - (base == null ? 0 : failures.applyAsLong(base));
        return 1.0 - (double) bad / n;
    }

    private static double ms(LatencySummary latency, ToDoubleFunction<LatencySummary> micros) {
        Double millis = Numbers.millis(micros.applyAsDouble(latency));
        return millis == null ? Double.NaN : millis;
    }
}
