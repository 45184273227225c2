package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.MirrorConfig;
import dev.vigil.core.service.Service;
import dev.vigil.core.stats.MirrorStats;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.kafka.KafkaClients;
import dev.vigil.services.probe.ForgedRecords;
import dev.vigil.services.probe.MirrorProbe;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.util.Optional;

/**
 * The {@link MirrorProbe} as a monitor's optional probe: it reads the copy of the topic on the
 * target cluster with a consumer of that cluster's, and its verdicts have a finalizer of their own.
 */
record OptionalMirrorProbe(ClusterConfig config, MirrorTarget target, MirrorStats stats, MicroClock clock,
                           ForgedRecords forged) implements OptionalProbe {

    @Override
    public String kind() {
        return "mirror";
    }

    /** Of the target cluster: an unreachable target never holds this cluster's connect up. */
    @Override
    public Optional<KafkaConsumer<byte[], byte[]>> newConsumer(KafkaClients clients) {
        return Optional.of(new KafkaClients(target.cluster(), target.bootstrapServers()).mirrorConsumer(config.name()));
    }

    @Override
    public Service start(Start start) {
        MirrorConfig mirror = config.mirror().orElseThrow();
        MirrorProbe probe = new MirrorProbe(config.name(), target.cluster().name(), config.topic().name(),
                mirror.topic(), start.consumer().orElseThrow(), start.ledgers(), stats, clock,
                start.sessionStartMillis(), mirror.lossGrace(), forged);
        probe.start();
        // Each partition's mirror verdicts wait for the mirror consumer to have read all the target
        // holds where that partition's probes are copied to.
        start.timer().every("mirror-finalizer",
                () -> start.ledgers().finalizeMirrors(clock.nowMicros(), probe::progressMicros));
        return probe;
    }

    /**
     * An acked probe is judged within the mirror's SLA plus loss grace (counted from the first ack
     * since the last verdict: with nothing acked there is nothing to judge), with a probe every interval.
     */
    @Override
    public void trackFreshness(VerdictFreshness freshness) {
        MirrorConfig mirror = config.mirror().orElseThrow();
        freshness.trackEvery("mirror", VerdictFreshness.awaiting(stats.verdict(), clock), config.probe().interval(),
                mirror.sla().plus(mirror.lossGrace()));
    }
}
