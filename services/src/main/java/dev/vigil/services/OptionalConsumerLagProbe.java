package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.lag.LagSnapshot;
import dev.vigil.core.service.Service;
import dev.vigil.core.stats.ProbeNumbers;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.kafka.KafkaClients;
import dev.vigil.services.probe.ConsumerLagProbe;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link ConsumerLagProbe} as a monitor's optional probe: it evaluates through the monitor's admin
 * client and, with {@code lag.seconds} exact, reads records with a consumer of its own. Its latest
 * evaluation outlives a reconnect; the windows start again with the new session.
 */
record OptionalConsumerLagProbe(ClusterConfig config, AtomicReference<LagSnapshot> latest, MicroClock clock,
                                AtomicReference<ConsumerLagProbe> running) implements OptionalProbe {

    OptionalConsumerLagProbe(ClusterConfig config, MicroClock clock) {
        this(config, new AtomicReference<>(LagSnapshot.NONE), clock, new AtomicReference<>());
    }

    @Override
    public String kind() {
        return "consumer-lag";
    }

    @Override
    public Optional<KafkaConsumer<byte[], byte[]>> newConsumer(KafkaClients clients) {
        return config.lag().exactSeconds() ? Optional.of(clients.lagConsumer()) : Optional.empty();
    }

    @Override
    public String consumerName() {
        return "lag consumer";
    }

    @Override
    public Service start(Start start) {
        ConsumerLagProbe probe = new ConsumerLagProbe(config.name(), config.lag(), start.admin(), start.consumer(),
                clock, latest::set, latest.get().recordReads());
        running.set(probe);
        probe.start();
        return probe;
    }

    /** An evaluation is published whole by the probe's thread: nothing to file each second, no histogram. */
    @Override
    public ProbeNumbers stats() {
        return ProbeNumbers.NONE;
    }

    /**
     * An evaluation every interval, each Admin call bounded by 30 s and the reads by 5 s: three calls and the
     * reads, plus two intervals, so that one slow evaluation is not staleness.
     */
    @Override
    public void trackFreshness(VerdictFreshness freshness) {
        freshness.track("consumer_lag", () -> {
                    ConsumerLagProbe p = running.get();
                    return p == null ? 0 : p.lastEvaluationMicros();
                },
                config.lag().interval().multipliedBy(2).plus(Duration.ofSeconds(125)));
    }

    /** The latest evaluation; {@link LagSnapshot#NONE} before the first. */
    LagSnapshot snapshot() {
        return latest.get();
    }
}
