package dev.vigil.reporters.slo;

import dev.vigil.core.config.SloConfig;
import dev.vigil.core.metrics.MetricHistogram;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.MetricSource;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.service.TaskGuard;
import dev.vigil.core.time.MicroClock;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Service-level signals of every monitored cluster: for each indicator (produce, consume,
 * latency) a scope {@code slo} with good and total event counters, the objective, and the
 * error-budget burn rate over 5 minutes, 1 hour and 6 hours — how many times faster than allowed
 * the budget is being spent (1 = exactly on budget). Prometheus users can compute the same from
 * the counters; the burn rates are for JMX and the dashboard.
 *
 * <p>Every {@link #SAMPLE_PERIOD_SECONDS} s it follows the cluster scopes of the registry and
 * samples their counters into a 6-hour history.
 */
public final class SloReporter implements AutoCloseable {

    static final int SAMPLE_PERIOD_SECONDS = 10;
    static final long[] WINDOWS_MICROS = {300_000_000L, 3_600_000_000L, 21_600_000_000L};
    private static final int HISTORY = (int) (WINDOWS_MICROS[2] / 1_000_000 / SAMPLE_PERIOD_SECONDS) + 2;

    private final MetricRegistry registry;
    private final SloConfig slo;
    private final MicroClock clock;
    private final TaskGuard guard;
    private final ScheduledExecutorService timer;
    /** Per cluster scope, its indicators; touched only on the timer thread and in close. */
    private final Map<MetricScope, List<Indicator>> tracked = new HashMap<>();

    /** A reporter whose sampler's failures reach no one else: for tests. */
    public SloReporter(MetricRegistry registry, SloConfig slo, MicroClock clock) {
        this(registry, slo, clock, new TaskGuard(new MetricRegistry()));
    }

    /** @param guard runs the sampler; a failure in it turns every cluster FAILED (the SLO signals would freeze) */
    public SloReporter(MetricRegistry registry, SloConfig slo, MicroClock clock, TaskGuard guard) {
        this.registry = registry;
        this.slo = slo;
        this.clock = clock;
        this.guard = guard;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-slo");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        timer.scheduleAtFixedRate(guard.guard("slo", this::tick), 0, SAMPLE_PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    /** Follows clusters that came or went and samples every indicator; public for tests that drive time. */
    public synchronized void tick() {
        long now = clock.nowMicros();
        Map<MetricScope, MetricSource> clusters = registry.sources(MetricScope.Type.CLUSTER);
        tracked.entrySet().removeIf(e -> {
            if (clusters.get(e.getKey()) == null) {
                e.getValue().forEach(i -> registry.unregister(i.scope));
                return true;
            }
            return false;
        });
        clusters.forEach((scope, source) -> tracked.computeIfAbsent(scope, s -> track(s, source)));
        tracked.values().forEach(indicators -> indicators.forEach(i -> i.sample(now)));
    }

    private List<Indicator> track(MetricScope clusterScope, MetricSource clusterSource) {
        String cluster = clusterScope.labels().get("cluster");
        List<Indicator> indicators = List.of(
                new Indicator(MetricScope.slo(cluster, Sli.PRODUCE.label()), Sli.PRODUCE, clusterSource, slo.availability()),
                new Indicator(MetricScope.slo(cluster, Sli.CONSUME.label()), Sli.CONSUME, clusterSource, slo.availability()),
                new Indicator(MetricScope.slo(cluster, Sli.LATENCY.label()), Sli.LATENCY, clusterSource,
                        SloConfig.LATENCY_OBJECTIVE));
        indicators.forEach(i -> registry.register(i.scope, i));
        return indicators;
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        tracked.values().forEach(indicators -> indicators.forEach(i -> registry.unregister(i.scope)));
        tracked.clear();
    }

    /** One indicator of one cluster: its history and its exported values. */
    private final class Indicator implements MetricSource {
        private final MetricScope scope;
        private final Sli sli;
        private final MetricSource cluster;
        private final double objective;
        private final EventHistory history = new EventHistory(HISTORY);

        Indicator(MetricScope scope, Sli sli, MetricSource cluster, double objective) {
            this.scope = scope;
            this.sli = sli;
            this.cluster = cluster;
            this.objective = objective;
        }

        void sample(long now) {
            Sli.Counts c = counts(now);
            history.add(now, c.good(), c.total());
        }

        private Sli.Counts counts(long now) {
            List<MetricHistogram> histograms = sli == Sli.LATENCY ? cluster.histograms(now) : List.of();
            return sli.count(cluster.values(now), histograms, slo);
        }

        @Override
        public List<MetricValue> values(long now) {
            Sli.Counts c = counts(now);
            MetricValue[] v = new MetricValue[3 + WINDOWS_MICROS.length];
            v[0] = SloMetrics.GOOD_EVENTS.value(c.good());
            v[1] = SloMetrics.EVENTS.value(c.total());
            v[2] = SloMetrics.OBJECTIVE.value(objective);
            for (int w = 0; w < WINDOWS_MICROS.length; w++) {
                double bad = history.badFraction(now, WINDOWS_MICROS[w], c.good(), c.total());
                v[3 + w] = SloMetrics.BURN_RATES.get(w).value(bad / (1 - objective));
            }
            return List.of(v);
        }
    }
}
