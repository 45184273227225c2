package dev.vigil.core.stats;

import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.window.LatencySummary;

import java.util.ArrayList;
import java.util.List;

import static dev.vigil.core.metrics.MetricValue.counter;
import static dev.vigil.core.metrics.MetricValue.gauge;

/** Turns scope snapshots into the named values of the metric model (README, "Getting the metrics out"). */
public final class ScopeMetrics {

    private ScopeMetrics() {
    }

    public static List<MetricValue> of(ScopeSnapshot s, double produceAvailability, double consumeAvailability) {
        List<MetricValue> v = new ArrayList<>(40);
        v.add(gauge("produceAvailability", "acked within the ack SLA / attempted, over the window", produceAvailability));
        v.add(gauge("consumeAvailability", "acked probes received within the e2e SLA / acked probes past their deadline, over the window", consumeAvailability));
        Boolean last = s.lastProduceOk();
        v.add(gauge("lastProduceOk", "1 if the latest final produce probe succeeded, 0 if not, NaN before any", last == null ? Double.NaN : last ? 1 : 0));
        v.add(gauge("consecutiveProduceFailures", "failed produce probes in a row, up to now", Math.max(0, s.consecutiveProduceFailures())));
        v.add(counter("produceAttempts", "final produce attempts since start", s.produceAttempts()));
        v.add(counter("produceFailures", "produce attempts not acked within the SLA since start", s.produceFailures()));
        v.add(counter("consumeChecked", "acked probes whose e2e deadline has passed since start", s.consumeChecked()));
        v.add(counter("consumeFailures", "acked probes not received within the e2e SLA since start", s.consumeFailures()));
        v.add(counter("received", "distinct probes received since start", s.received()));
        v.add(counter("lostAcked", "acked probes never received within the loss grace", s.lostAcked()));
        v.add(counter("lostUnacked", "probes with no ack and no certain failure never received", s.lostUnacked()));
        v.add(counter("duplicates", "probes received more than once", s.duplicates()));
        v.add(counter("late", "probes received after a higher sequence of the same partition", s.late()));
        v.add(counter("notAttempted", "scheduled probes not sent because the producer could not attempt them on time"
                + " (blocked on metadata or buffer space): failed produce attempts, never lost", s.notAttempted()));
        v.add(counter("receivedAfterGrace", "probes received after their loss grace had passed that were not judged"
                + " lost (already received, failed for certain, or forgotten)", s.receivedAfterGrace()));
        v.add(counter("unjudged", "probes dropped without a loss verdict: the ledger was full while the consumer"
                + " had not read up to their loss deadline", s.unjudged()));
        v.add(counter("lostThenReceived", "probes received after they were judged lost (false loss verdicts; they"
                + " stay counted as lost)", s.lostThenReceived()));
        latency(v, "produceLatency", s.produceLatency());
        latency(v, "e2eLatency", s.e2eLatency());
        return v;
    }

    private static void latency(List<MetricValue> v, String prefix, LatencySummary l) {
        v.add(gauge(prefix + "P50Micros", prefix + " median over the window", l.p50()));
        v.add(gauge(prefix + "P75Micros", prefix + " 75th percentile over the window", l.p75()));
        v.add(gauge(prefix + "P90Micros", prefix + " 90th percentile over the window", l.p90()));
        v.add(gauge(prefix + "P99Micros", prefix + " 99th percentile over the window", l.p99()));
        v.add(gauge(prefix + "P999Micros", prefix + " 99.9th percentile over the window", l.p999()));
        v.add(gauge(prefix + "P9999Micros", prefix + " 99.99th percentile over the window", l.p9999()));
        v.add(gauge(prefix + "MaxMicros", prefix + " maximum over the window", l.max()));
        v.add(gauge(prefix + "MeanMicros", prefix + " mean over the window", l.mean()));
    }
}
