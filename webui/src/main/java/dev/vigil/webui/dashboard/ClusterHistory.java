package dev.vigil.webui.dashboard;

import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.core.window.LatencySummary;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * One cluster's totals, as its latest reading holds them, sampled every few seconds over the last
 * minutes in a bounded ring: the dashboard's time series, and the recent changes of counters that its
 * health verdict weighs ("3 acknowledged probes lost in the last 10 min").
 *
 * <p>Availability is charted as a 10 s rate, and named so ({@code produceAvailability10s}): 1 − failures ÷
 * final outcomes of all partitions over the last {@link #RATE_SPAN_MS}, from counter differences, so a
 * broker stop shows within seconds, where the exported availability (the mean over partitions of each
 * one's 60 s sliding window, also on the page's cards) would smear it over a minute. Latency is charted
 * as the exported sliding-window percentiles.
 *
 * <p>Each sample also goes to a {@link DayHistory}, which keeps one point a minute for 24 h in fixed memory.
 */
final class ClusterHistory {

    /** Span of the availabilities charted and judged "recent". */
    static final long RATE_SPAN_MS = 10_000;

    private record Sample(long atMs, ScopeSnapshot totals) {
    }

    private final int capacity;
    private final ArrayDeque<Sample> samples;
    private final DayHistory day;

    ClusterHistory(int capacity) {
        this(capacity, DayHistory.CAPACITY);
    }

    /** @param dayCapacity points of the coarse 24 h history ({@link DayHistory}) */
    ClusterHistory(int capacity, int dayCapacity) {
        this.capacity = capacity;
        this.samples = new ArrayDeque<>(capacity);
        this.day = new DayHistory(dayCapacity);
    }

    synchronized void add(long atMs, ScopeSnapshot totals) {
        if (samples.size() == capacity) {
            samples.removeFirst();
        }
        samples.addLast(new Sample(atMs, totals));
        day.offer(atMs, totals);
    }

    /** Produce availability pooled over the last {@link #RATE_SPAN_MS}; null when no probe became final in it. */
    synchronized Double produceAvailability10s() {
        return samples.isEmpty() ? null
                : ratio(samples.getLast(), RATE_SPAN_MS, ScopeSnapshot::produceAttempts, ScopeSnapshot::produceFailures);
    }

    synchronized Double consumeAvailability10s() {
        return samples.isEmpty() ? null
                : ratio(samples.getLast(), RATE_SPAN_MS, ScopeSnapshot::consumeChecked, ScopeSnapshot::consumeFailures);
    }

    /**
     * How much a counter grew over the last {@code spanMs}. While the history is younger than that, the
     * whole count: the history starts with the monitor, so all of it happened within the span.
     */
    synchronized long increase(ToLongFunction<ScopeSnapshot> counter, long spanMs) {
        if (samples.isEmpty()) {
            return 0;
        }
        Sample last = samples.getLast();
        Sample base = atOrBefore(last.atMs - spanMs);
        return counter.applyAsLong(last.totals) - (base == null ? 0 : counter.applyAsLong(base.totals));
    }

    /** Columns for the charts: times (epoch ms) and one list per series, null where there is no data. */
    synchronized Series series() {
        return series(Long.MIN_VALUE);
    }

    /**
     * The columns of the samples taken after {@code afterMs} only, so that a page holding the earlier ones
     * fetches one new point a refresh; their 10 s rates still reach back to the samples before.
     */
    synchronized Series series(long afterMs) {
        List<Sample> shown = samples.stream().filter(s -> s.atMs > afterMs).toList();
        List<Long> times = new ArrayList<>(shown.size());
        Map<String, List<Double>> values = new LinkedHashMap<>();
        List<Double> produce = column(values, "produceAvailability10s");
        List<Double> consume = column(values, "consumeAvailability10s");
        for (Sample s : shown) {
            times.add(s.atMs);
            produce.add(ratio(s, RATE_SPAN_MS, ScopeSnapshot::produceAttempts, ScopeSnapshot::produceFailures));
            consume.add(ratio(s, RATE_SPAN_MS, ScopeSnapshot::consumeChecked, ScopeSnapshot::consumeFailures));
        }
        latencyColumns(shown, values, "e2e", ScopeSnapshot::e2eLatency);
        latencyColumns(shown, values, "produce", ScopeSnapshot::produceLatency);
        counterColumn(shown, values, "lostAcked", ScopeSnapshot::lostAcked);
        counterColumn(shown, values, "lostUnacked", ScopeSnapshot::lostUnacked);
        counterColumn(shown, values, "duplicates", ScopeSnapshot::duplicates);
        counterColumn(shown, values, "late", ScopeSnapshot::late);
        return new Series(times, values);
    }

    /** The coarse 24 h history's points taken after {@code afterMs} ({@link DayHistory}). */
    synchronized Series daySeries(long afterMs) {
        return day.series(afterMs);
    }

    /** The newest sample's time; null before the first. */
    synchronized Long newestMs() {
        return samples.isEmpty() ? null : samples.getLast().atMs;
    }

    /** The newest coarse point's time; null before the first. */
    synchronized Long dayNewestMs() {
        return day.newestMs();
    }

    /** Samples and coarse points held now: what the memory bound counts. */
    synchronized int samplesKept() {
        return samples.size();
    }

    synchronized int dayPointsKept() {
        return day.size();
    }

    private static void latencyColumns(List<Sample> shown, Map<String, List<Double>> values, String prefix,
                                       java.util.function.Function<ScopeSnapshot, LatencySummary> latency) {
        msColumn(shown, values, prefix + "P50", s -> latency.apply(s).p50());
        msColumn(shown, values, prefix + "P99", s -> latency.apply(s).p99());
        msColumn(shown, values, prefix + "P999", s -> latency.apply(s).p999());
        msColumn(shown, values, prefix + "Max", s -> latency.apply(s).max());
    }

    private static void msColumn(List<Sample> shown, Map<String, List<Double>> values, String name,
                                 ToDoubleFunction<ScopeSnapshot> micros) {
        List<Double> column = column(values, name);
        for (Sample s : shown) {
            column.add(Numbers.millis(micros.applyAsDouble(s.totals)));
        }
    }

    private static void counterColumn(List<Sample> shown, Map<String, List<Double>> values, String name,
                                      ToLongFunction<ScopeSnapshot> counter) {
        List<Double> column = column(values, name);
        for (Sample s : shown) {
            column.add((double) counter.applyAsLong(s.totals));
        }
    }

    private static List<Double> column(Map<String, List<Double>> values, String name) {
        List<Double> column = new ArrayList<>();
        values.put(name, column);
        return column;
    }

    /** 1 − failures ÷ outcomes between the sample {@code spanMs} before {@code to} (or the start) and {@code to}. */
    private Double ratio(Sample to, long spanMs, ToLongFunction<ScopeSnapshot> outcomes,
                         ToLongFunction<ScopeSnapshot> failures) {
        Sample from = atOrBefore(to.atMs - spanMs);
        long n = outcomes.applyAsLong(to.totals) - (from == null ? 0 : outcomes.applyAsLong(from.totals));
        if (n <= 0) {
            return null;
        }
        long bad = failures.applyAsLong(to.totals) - (from == null ? 0 : failures.applyAsLong(from.totals));
        return 1.0 - (double) bad / n;
    }

    /** The newest sample taken at or before {@code atMs}; null if there is none. */
    private Sample atOrBefore(long atMs) {
        Iterator<Sample> newestFirst = samples.descendingIterator();
        while (newestFirst.hasNext()) {
            Sample s = newestFirst.next();
            if (s.atMs <= atMs) {
                return s;
            }
        }
        return null;
    }
}
