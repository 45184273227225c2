package dev.vigil.reporters.slo;

import dev.vigil.core.config.SloConfig;
import dev.vigil.core.episodes.EpisodeMetrics;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricHistogram;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.MetricSource;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.stats.ScopeMetrics;
import dev.vigil.core.time.ManualClock;
import dev.vigil.core.window.LatencyCounts;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SloReporterTest {

    private static final long SECOND = 1_000_000L;

    private final ManualClock clock = new ManualClock(0);
    private final MetricRegistry registry = new MetricRegistry();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong produceFailures = new AtomicLong();
    private final AtomicLong checked = new AtomicLong();
    private final AtomicLong consumeFailures = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong plannedFailures = new AtomicLong();
    private final Histogram e2e = new Histogram(3_600_000_000L, 3);
    private final SloReporter slo = new SloReporter(registry, new SloConfig(0.99, Duration.ofMillis(100), false), clock);

    SloReporterTest() {
        registry.register(MetricScope.cluster("prod"), new MetricSource() {
            @Override
            public List<MetricValue> values(long nowMicros) {
                return List.of(ScopeMetrics.PRODUCE_ATTEMPTS.value(attempts.get()),
                        ScopeMetrics.PRODUCE_FAILURES.value(produceFailures.get()),
                        ScopeMetrics.CONSUME_CHECKED.value(checked.get()),
                        ScopeMetrics.CONSUME_FAILURES.value(consumeFailures.get()),
                        ScopeMetrics.DUPLICATES.value(duplicates.get()),
                        EpisodeMetrics.PLANNED_PROBE_FAILURES.value(plannedFailures.get()));
            }

            @Override
            public List<MetricHistogram> histograms(long nowMicros) {
                return List.of(new MetricHistogram(ScopeMetrics.E2E_LATENCY_HISTOGRAM, LatencyCounts.of(e2e)));
            }
        });
    }

    @Test
    void goodAndTotalEventsPerIndicator() {
        attempts.set(1000);
        produceFailures.set(10);
        checked.set(900);
        consumeFailures.set(4);
        duplicates.set(2);
        e2e.recordValueWithCount(50_000, 97);  // within 100 ms
        e2e.recordValueWithCount(150_000, 3);  // beyond
        slo.tick();

        assertThat(values("produce")).containsEntry(SloMetrics.GOOD_EVENTS, 990.0).containsEntry(SloMetrics.EVENTS, 1000.0)
                .containsEntry(SloMetrics.OBJECTIVE, 0.99);
        // consume: bad = 4 not within the e2e SLA + 2 duplicates, out of 900 checked + 2 duplicates
        assertThat(values("consume")).containsEntry(SloMetrics.GOOD_EVENTS, 896.0).containsEntry(SloMetrics.EVENTS, 902.0);
        assertThat(values("latency")).containsEntry(SloMetrics.GOOD_EVENTS, 97.0).containsEntry(SloMetrics.EVENTS, 100.0)
                .containsEntry(SloMetrics.OBJECTIVE, SloConfig.LATENCY_OBJECTIVE);
    }

    @Test
    void producesThatFailedInAPlannedOutageLeaveTheProduceIndicatorOnlyWhenExcluded() {
        attempts.set(1000);
        produceFailures.set(10);
        plannedFailures.set(6); // 6 of the 10 failed while their partition's outage was judged planned
        slo.tick();
        assertThat(values("produce")).containsEntry(SloMetrics.GOOD_EVENTS, 990.0).containsEntry(SloMetrics.EVENTS, 1000.0);

        MetricRegistry excluding = new MetricRegistry();
        excluding.register(MetricScope.cluster("prod"), registry.sources(MetricScope.Type.CLUSTER)
                .get(MetricScope.cluster("prod")));
        SloReporter planned = new SloReporter(excluding, new SloConfig(0.99, Duration.ofMillis(100), true), clock);
        planned.tick();
        Map<Metric, Double> produce = valuesOf(excluding, "produce");
        assertThat(produce).containsEntry(SloMetrics.GOOD_EVENTS, 990.0).containsEntry(SloMetrics.EVENTS, 994.0);
    }

    @Test
    void burnRateIsTheBadFractionOverTheWindowAgainstTheBudget() {
        slo.tick(); // t = 0: nothing yet
        assertThat(values("produce").get(SloMetrics.BURN_RATE_5M)).isNaN();

        // 10 minutes of 100 probes per 10 s without failure, then one minute with 2 failures per 100
        for (int i = 0; i < 60; i++) {
            clock.advanceMicros(10 * SECOND);
            attempts.addAndGet(100);
            slo.tick();
        }
        for (int i = 0; i < 6; i++) {
            clock.advanceMicros(10 * SECOND);
            attempts.addAndGet(100);
            produceFailures.addAndGet(2);
            slo.tick();
        }

        Map<Metric, Double> produce = values("produce");
        // last 5 min: 3000 attempts, 12 failed -> 0.004 bad against a 0.01 budget
        assertThat(produce.get(SloMetrics.BURN_RATE_5M)).isCloseTo(0.4, within(1e-9));
        // the history is 11 min long, shorter than 1 h: the whole of it, 6600 attempts, 12 failed
        assertThat(produce.get(SloMetrics.BURN_RATE_1H)).isCloseTo(12.0 / 6600 / 0.01, within(1e-9));
        assertThat(produce.get(SloMetrics.BURN_RATE_6H)).isCloseTo(12.0 / 6600 / 0.01, within(1e-9));
    }

    @Test
    void followsClustersComingAndGoing() {
        slo.tick();
        assertThat(registry.sources(MetricScope.Type.SLO).keySet()).containsExactlyInAnyOrder(
                MetricScope.slo("prod", "produce"), MetricScope.slo("prod", "consume"), MetricScope.slo("prod", "latency"));

        registry.unregister(MetricScope.cluster("prod"));
        slo.tick();
        assertThat(registry.sources(MetricScope.Type.SLO)).isEmpty();
    }

    @Test
    void closeRemovesEveryScope() {
        slo.tick();
        slo.close();
        assertThat(registry.sources(MetricScope.Type.SLO)).isEmpty();
    }

    private Map<Metric, Double> values(String sli) {
        return valuesOf(registry, sli);
    }

    private Map<Metric, Double> valuesOf(MetricRegistry registry, String sli) {
        MetricSource source = registry.sources(MetricScope.Type.SLO).get(MetricScope.slo("prod", sli));
        return source.values(clock.nowMicros()).stream()
                .collect(Collectors.toMap(MetricValue::metric, MetricValue::value));
    }
}
