package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.stats.ClusterStats;
import dev.vigil.core.time.MicroClock;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The kinds of verdict one cluster's monitor gives, each with the bound past which the monitor is
 * stale for it (see {@link VerdictFreshness}), and their verdict scopes. The bound is the longest a
 * healthy monitor goes between two verdicts of the kind (plus {@link VerdictFreshness#ALLOWANCE}).
 * Produce: a probe every interval, final within the ack SLA. Consume: an acked probe is judged
 * within its SLA plus loss grace (counted from the first ack since the last verdict: with nothing
 * acked there is nothing to judge). Harvest: every second. Metadata: an observation every
 * cluster-state interval, of four Admin calls of at most their timeout each. Two intervals
 * everywhere ({@link VerdictFreshness#trackEvery}), so one late run is not staleness. Each optional
 * probe adds its own kind.
 */
final class ClusterFreshness {

    private final ClusterConfig config;
    private final MicroClock clock;
    private final VerdictFreshness freshness = new VerdictFreshness();

    ClusterFreshness(ClusterConfig config, MicroClock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * Probing started: tracks every kind from now on and registers its verdict scope.
     *
     * @param lastHarvestMicros     when the monitor's harvest last finished
     * @param lastObservationMicros when the cluster-state probe last finished an observation, good or not
     */
    void start(ClusterStats stats, List<OptionalProbe> optionalProbes, LongSupplier lastHarvestMicros,
               LongSupplier lastObservationMicros, MonitorScopes scopes) {
        Duration interval = config.probe().interval();
        freshness.trackEvery("produce", stats::lastProduceVerdictMicros, interval, config.probe().produceAckSla());
        freshness.trackEvery("consume", VerdictFreshness.awaiting(stats.consumeVerdict(), clock), interval,
                config.probe().e2eSla().plus(config.probe().lossGrace()));
        optionalProbes.forEach(p -> p.trackFreshness(freshness));
        freshness.trackEvery("harvest", lastHarvestMicros, Duration.ofMillis(ClusterMonitor.HARVEST_PERIOD_MS),
                Duration.ZERO);
        freshness.trackEvery("metadata", lastObservationMicros, config.probe().clusterStateInterval(),
                Duration.ofMillis(4L * ClusterStateObserver.timeoutMs(config.probe())));
        long now = clock.nowMicros();
        freshness.started(now);
        for (VerdictFreshness.Age kind : freshness.ages(now)) {
            scopes.register(MetricScope.verdict(config.name(), kind.kind()), at -> {
                VerdictFreshness.Age age = freshness.age(kind.kind(), at);
                return List.of(
                        MonitorMetrics.VERDICT_AGE.value(age.ageMicros()),
                        MonitorMetrics.VERDICT_AGE_BOUND.value(age.boundMicros()));
            });
        }
    }

    /** The kinds past their bound; empty before {@link #start}. */
    List<VerdictFreshness.Age> stale(long nowMicros) {
        return freshness.stale(nowMicros);
    }
}
