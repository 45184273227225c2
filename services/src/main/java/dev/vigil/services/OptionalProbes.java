package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.stats.ConnectionCheckStats;
import dev.vigil.core.stats.ControllerProbeStats;
import dev.vigil.core.stats.MirrorStats;
import dev.vigil.core.stats.OffsetCommitStats;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.probe.ForgedRecords;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The optional probes one cluster's config switches on, in the order they start, and the numbers
 * of each that the monitor's readers get.
 */
record OptionalProbes(List<OptionalProbe> all, Optional<OffsetCommitStats> offsetCommitStats,
                      Optional<ControllerProbeStats> controllerProbeStats, Optional<MirrorStats> mirrorStats,
                      Optional<OptionalConsumerLagProbe> consumerLag,
                      Optional<ConnectionCheckStats> connectionCheckStats) {

    OptionalProbes {
        all = List.copyOf(all);
    }

    /**
     * @param mirrorTarget the cluster named by the config's {@code mirror.to}; null if and only if the config has
     *                     no mirror
     * @throws IllegalArgumentException when {@code mirrorTarget} is not the config's mirror
     */
    static OptionalProbes of(ClusterConfig config, MirrorTarget mirrorTarget, MicroClock clock, ForgedRecords forged) {
        if (config.mirror().isPresent() != (mirrorTarget != null)
                || (mirrorTarget != null && !mirrorTarget.cluster().name().equals(config.mirror().get().to()))) {
            throw new IllegalArgumentException("cluster " + config.name() + " mirrors to " + config.mirror()
                    .map(m -> m.to()).orElse("nothing") + " but was given target " + mirrorTarget);
        }
        long windowMicros = config.probe().window().toMillis() * 1_000L;
        int slices = config.probe().windowSlices();
        Optional<OffsetCommitStats> commits = config.offsetCommit().enabled()
                ? Optional.of(new OffsetCommitStats(windowMicros, slices)) : Optional.empty();
        Optional<ControllerProbeStats> controller = config.controller().enabled()
                ? Optional.of(new ControllerProbeStats(windowMicros, slices)) : Optional.empty();
        Optional<MirrorStats> mirror = Optional.ofNullable(mirrorTarget).map(t -> new MirrorStats(windowMicros, slices));
        Optional<OptionalConsumerLagProbe> lag = config.lag().enabled()
                ? Optional.of(new OptionalConsumerLagProbe(config, clock)) : Optional.empty();
        Optional<ConnectionCheckStats> connections = config.connectionCheck().enabled()
                ? Optional.of(new ConnectionCheckStats()) : Optional.empty();
        List<OptionalProbe> all = Stream.of(
                        commits.map(s -> new OptionalOffsetCommitProbe(config, s, clock)),
                        controller.map(s -> new OptionalControllerProbe(config, s, clock)),
                        mirror.map(s -> new OptionalMirrorProbe(config, mirrorTarget, s, clock, forged)),
                        lag, connections.map(s -> new OptionalConnectionCheck(config, s, clock)))
                .<OptionalProbe>flatMap(Optional::stream).toList();
        return new OptionalProbes(all, commits, controller, mirror, lag, connections);
    }
}
