package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.service.Service;
import dev.vigil.core.stats.OffsetCommitStats;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.kafka.KafkaClients;
import dev.vigil.services.probe.OffsetCommitProbe;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.util.Optional;

/** The {@link OffsetCommitProbe} as a monitor's optional probe: it commits with a consumer of its own. */
record OptionalOffsetCommitProbe(ClusterConfig config, OffsetCommitStats stats, MicroClock clock)
        implements OptionalProbe {

    @Override
    public String kind() {
        return "offset-commit";
    }

    @Override
    public Optional<KafkaConsumer<byte[], byte[]>> newConsumer(KafkaClients clients) {
        return Optional.of(clients.commitConsumer(config.offsetCommit().groupId(), config.offsetCommit().sla()));
    }

    @Override
    public String consumerName() {
        return "commit consumer";
    }

    @Override
    public Service start(Start start) {
        OffsetCommitProbe commit = new OffsetCommitProbe(config.name(), config.topic().name(), config.offsetCommit(),
                start.consumer().orElseThrow(), start.admin(), stats, clock, config.probe().clusterStateInterval());
        commit.start();
        return commit;
    }

    /** A commit every interval, final within its SLA. */
    @Override
    public void trackFreshness(VerdictFreshness freshness) {
        freshness.trackEvery("offset_commit", stats::lastCommitMicros, config.offsetCommit().interval(),
                config.offsetCommit().sla());
    }
}
