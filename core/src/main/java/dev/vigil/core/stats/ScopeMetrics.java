package dev.vigil.core.stats;

import dev.vigil.core.metrics.LatencyMetrics;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.metrics.Unit;

import java.util.ArrayList;
import java.util.List;

/**
 * The metrics of a probe scope (a cluster's total, a broker, a partition), and how a scope snapshot
 * becomes their values (README, "Getting the metrics out").
 */
public final class ScopeMetrics {

    public static final Metric PRODUCE_AVAILABILITY = Metric.gauge("produceAvailability", Unit.RATIO,
            "acked within the ack SLA / attempted, over the window");
    public static final Metric CONSUME_AVAILABILITY = Metric.gauge("consumeAvailability", Unit.RATIO,
            "acked probes received within the e2e SLA / acked probes past their deadline, over the window");
    public static final Metric LAST_PRODUCE_OK = Metric.gauge("lastProduceOk",
            "1 if the latest final produce probe succeeded, 0 if not, NaN before any");
    public static final Metric CONSECUTIVE_PRODUCE_FAILURES = Metric.gauge("consecutiveProduceFailures",
            "failed produce probes in a row, up to now");
    public static final Metric PRODUCE_ATTEMPTS = Metric.counter("produceAttempts", "final produce attempts since start");
    public static final Metric PRODUCE_FAILURES = Metric.counter("produceFailures",
            "produce attempts not acked within the SLA since start");
    public static final Metric CONSUME_CHECKED = Metric.counter("consumeChecked",
            "acked probes whose e2e deadline has passed since start");
    public static final Metric CONSUME_FAILURES = Metric.counter("consumeFailures",
            "acked probes not received within the e2e SLA since start");
    public static final Metric RECEIVED = Metric.counter("received", "distinct probes received since start");
    public static final Metric LOST_ACKED = Metric.counter("lostAcked", "acked probes never received within the loss grace");
    public static final Metric LOST_UNACKED = Metric.counter("lostUnacked",
            "probes with no ack and no certain failure never received");
    public static final Metric DUPLICATES = Metric.counter("duplicates", "probes received more than once");
    public static final Metric LATE = Metric.counter("late", "probes received after a higher sequence of the same partition");
    public static final Metric NOT_ATTEMPTED = Metric.counter("notAttempted", "scheduled probes not sent because the"
            + " producer could not attempt them on time (blocked on metadata or buffer space): failed produce attempts,"
            + " never lost");
    public static final Metric RECEIVED_AFTER_GRACE = Metric.counter("receivedAfterGrace", "probes received after their"
            + " loss grace had passed that were not judged lost (already received, failed for certain, or forgotten)");
    public static final Metric UNJUDGED = Metric.counter("unjudged", "probes dropped without a loss verdict: the ledger"
            + " was full while the consumer had not read up to their loss deadline");
    public static final Metric LOST_THEN_RECEIVED = Metric.counter("lostThenReceived", "probes received after they were"
            + " judged lost (false loss verdicts; they stay counted as lost)");
    public static final Metric LOST_ACKED_AFTER_READ = Metric.counter("lostAckedAfterRead", "acked probes the consumer"
            + " had read that were then cut from the log (unclean leader election, lost disk); not in lostAcked");
    public static final LatencyMetrics PRODUCE_LATENCY = LatencyMetrics.of("produceLatency", "produceLatency");
    public static final LatencyMetrics E2E_LATENCY = LatencyMetrics.of("e2eLatency", "e2eLatency");
    public static final Metric PRODUCE_LATENCY_HISTOGRAM = Metric.histogram("produceLatency", "send to ack, since start");
    public static final Metric E2E_LATENCY_HISTOGRAM = Metric.histogram("e2eLatency",
            "send to consumer receipt, since start");

    /** Read for every probe scope at every scrape: one array, not a copy of the enum's each time. */
    private static final LatencyStatistic[] EVERY_STATISTIC = LatencyStatistic.values();

    private ScopeMetrics() {
    }

    public static List<MetricValue> of(ScopeSnapshot s, double produceAvailability, double consumeAvailability) {
        List<MetricValue> v = new ArrayList<>(40);
        v.add(PRODUCE_AVAILABILITY.value(produceAvailability));
        v.add(CONSUME_AVAILABILITY.value(consumeAvailability));
        Boolean last = s.lastProduceOk();
        v.add(LAST_PRODUCE_OK.value(last == null ? Double.NaN : last ? 1 : 0));
        v.add(CONSECUTIVE_PRODUCE_FAILURES.value(Math.max(0, s.consecutiveProduceFailures())));
        v.add(PRODUCE_ATTEMPTS.value(s.produceAttempts()));
        v.add(PRODUCE_FAILURES.value(s.produceFailures()));
        v.add(CONSUME_CHECKED.value(s.consumeChecked()));
        v.add(CONSUME_FAILURES.value(s.consumeFailures()));
        v.add(RECEIVED.value(s.received()));
        v.add(LOST_ACKED.value(s.lostAcked()));
        v.add(LOST_UNACKED.value(s.lostUnacked()));
        v.add(DUPLICATES.value(s.duplicates()));
        v.add(LATE.value(s.late()));
        v.add(NOT_ATTEMPTED.value(s.notAttempted()));
        v.add(RECEIVED_AFTER_GRACE.value(s.receivedAfterGrace()));
        v.add(UNJUDGED.value(s.unjudged()));
        v.add(LOST_THEN_RECEIVED.value(s.lostThenReceived()));
        v.add(LOST_ACKED_AFTER_READ.value(s.lostAckedAfterRead()));
        LatencyStatistic.add(v, PRODUCE_LATENCY, s.produceLatency(), EVERY_STATISTIC);
        LatencyStatistic.add(v, E2E_LATENCY, s.e2eLatency(), EVERY_STATISTIC);
        return v;
    }
}
