package dev.vigil.services;

import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.MetricSource;
import dev.vigil.core.service.Service;
import dev.vigil.core.stats.ProbeNumbers;
import dev.vigil.services.kafka.KafkaClients;
import dev.vigil.services.probe.ProbeLedgers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.util.Map;
import java.util.Optional;

/**
 * A probe a cluster's monitor runs besides produce and consume when its config asks for it (the
 * offset-commit, controller and mirror probes), with everything the monitor needs of it: the
 * consumer of its own, if any, that {@link ClusterConnection} builds and closes; its start on the
 * connected clients, and its timers; its numbers, harvested each second, for the broker scopes, and
 * its histograms; and its kind of verdict with the bound past which the monitor is stale. What it
 * adds to the cluster scope is a section of the {@link ClusterReading}, so that every output shows it
 * from the same reading.
 *
 * <p>The monitor holds one per probe the config switches on, built once with its stats; a probe
 * added later is one more implementation, one more entry where that list is built, and its section
 * of the reading.
 */
interface OptionalProbe {

    /**
     * Names the probe in the monitor's guarded task {@code KIND-probe}, whose failure is the probe's
     * thread ending while the monitor runs.
     */
    String kind();

    /**
     * A consumer of the probe's own, built before the hand-over; creating it contacts nothing, so an
     * unreachable cluster fails the connect in the admin calls, not here. Empty when it needs none.
     */
    default Optional<KafkaConsumer<byte[], byte[]>> newConsumer(KafkaClients clients) {
        return Optional.empty();
    }

    /** What the line of a failed close calls the consumer of {@link #newConsumer}. */
    default String consumerName() {
        return kind() + " consumer";
    }

    /**
     * Builds and starts the probe on the connected clients; called once, under the monitor's lock.
     *
     * @return the running probe, which the monitor stops, awaits and watches for a dead thread
     */
    Service start(Start start);

    /** The probe's numbers: harvested each second, read for the cluster scope's histograms and the broker scopes. */
    ProbeNumbers stats();

    /** Tracks the probe's kind of verdict with its bound (see {@link ClusterFreshness}). */
    void trackFreshness(VerdictFreshness freshness);

    /**
     * Scopes of the probe's own besides the broker scopes (one per broker and phase of the connection check),
     * registered once each. They may depend only on the brokers its {@link #stats} know, a set that only
     * grows: the harvest offers them again only when that set grew.
     */
    default Map<MetricScope, MetricSource> scopes(String cluster) {
        return Map.of();
    }

    /** Runs a periodic task of the probe's on the monitor's finalizer timer, under the task guard. */
    @FunctionalInterface
    interface Timer {
        void every(String task, Runnable body);
    }

    /**
     * What a probe starts on: the connected admin client and its own consumer, the session's ledgers,
     * when the session began on the clock the probes are stamped with, and the finalizer timer.
     */
    record Start(Admin admin, Optional<KafkaConsumer<byte[], byte[]>> consumer, ProbeLedgers ledgers,
                 long sessionStartMillis, Timer timer) {
    }
}
