package dev.vigil.services.probe;

import dev.vigil.core.config.OffsetCommitConfig;
import dev.vigil.core.stats.OffsetCommitStats;
import dev.vigil.core.time.MicroClock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Commits an offset as Vigil's own consumer group every {@code offset.commit.interval.ms}, on a
 * fixed schedule, and judges each commit against {@code offset.commit.sla.ms} (the commit's
 * timeout): that measures the group coordinator, which every consumer group of the cluster depends
 * on. Each commit is attributed to the coordinator known when it was made.
 *
 * <p>Why a consumer and a thread of its own, not the consume probe's: the consume probe reads with
 * manual assignment and no group, so that no rebalance can skip or re-read probes; and a commit
 * blocked on a dead coordinator must not stall the reads that the consume and loss verdicts wait
 * for. The commit consumer never subscribes, so it is no group member and causes no rebalance.
 *
 * <p>What it commits: offset 0 of the monitor topic's partition 0 (a partition that always
 * exists), with a metadata string naming Vigil. Only the coordinator's answer matters; a lag
 * exporter will show the group as far behind, which is expected.
 *
 * <p>Commits due while an earlier one was still running take that commit's outcome: if it failed
 * (timed out), they count as failed too, so a hung coordinator lowers availability at the rate
 * commits are due instead of once per timeout; if it succeeded within the SLA, they are skipped,
 * neither good nor bad, since a commit slower than the interval but within the SLA, or a stall of
 * Vigil's own (GC, a coordinator lookup, CPU contention), is no coordinator outage. The coordinator is looked up again after a failed commit, after
 * the first success that follows failures, and every {@code refreshEvery} otherwise.
 *
 * <p>A commit refused for lack of an ACL is not counted: that is a configuration problem, said once
 * in one line with the fix and flagged ({@code offsetCommitDenied}), not a coordinator outage to
 * page on. The probe keeps trying, so granting the ACL later is picked up.
 *
 * <p>The schedule starts after one warm-up commit that is not judged (as the produce probe waits for
 * its first metadata): it finds the coordinator, creates the group, and on a fresh cluster waits for
 * Kafka to create its offsets topic, none of which says anything about the coordinator's health.
 */
public final class OffsetCommitProbe extends ProbeThread {

    private static final Logger log = LoggerFactory.getLogger(OffsetCommitProbe.class);
    static final String METADATA = "vigil offset-commit probe";
    /**
     * Bound on the warm-up commit: on a cluster where no group ever committed, the first one waits for
     * Kafka to create {@code __consumer_offsets} (1.5 s measured on the sandbox).
     */
    private static final Duration WARM_UP = Duration.ofSeconds(15);

    private final String cluster;
    private final OffsetCommitConfig config;
    private final Consumer<byte[], byte[]> consumer;
    private final CoordinatorLookup coordinator;
    private final OffsetCommitStats stats;
    private final MicroClock clock;
    private final long refreshEveryMicros;
    private final Map<TopicPartition, OffsetAndMetadata> offsets;
    private final String topic;
    private boolean failing;
    private boolean denied;
    private boolean lookUpNext = true;
    private long lastLookupMicros;

    public OffsetCommitProbe(String cluster, String topic, OffsetCommitConfig config, Consumer<byte[], byte[]> consumer,
                             Admin admin, OffsetCommitStats stats, MicroClock clock, Duration refreshEvery) {
        super(cluster, "commit");
        this.cluster = cluster;
        this.config = config;
        this.consumer = consumer;
        this.coordinator = new CoordinatorLookup(cluster, config.groupId(), admin, stats);
        this.stats = stats;
        this.clock = clock;
        this.refreshEveryMicros = refreshEvery.toMillis() * 1_000L;
        this.topic = topic;
        this.offsets = Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0, METADATA));
    }

    @Override
    protected void wake(Thread thread) {
        consumer.wakeup();
        LockSupport.unpark(thread);
    }

    @Override
    protected void loop() throws InterruptedException {
        long interval = config.interval().toMillis() * 1_000L;
        if (!warmUp()) {
            return;
        }
        long next = clock.nowMicros();
        while (running) {
            long wait = next - clock.nowMicros();
            if (wait > 0) {
                LockSupport.parkNanos(wait * 1_000L);
                continue;
            }
            int attributed = coordinator.current();
            boolean ok = commitOnce(attributed);
            next += interval;
            if (running && (lookUpNext || clock.nowMicros() - lastLookupMicros >= refreshEveryMicros)) {
                lastLookupMicros = clock.nowMicros();
                lookUpNext = !coordinator.refresh(config.sla());
            }
            // Ticks that passed while this commit (and lookup) ran share its outcome; failures belong to
            // the coordinator this commit was attributed to, not the one a lookup just found.
            long late = clock.nowMicros() - next;
            if (running && late >= interval) {
                long missed = late / interval;
                for (long k = 0; !ok && k < missed; k++) {
                    stats.committed(attributed, false, 0, next + k * interval);
                }
                next += missed * interval;
            }
        }
    }

    /** Returns false when stopped meanwhile. */
    private boolean warmUp() throws InterruptedException {
        try {
            consumer.commitSync(offsets, WARM_UP.compareTo(config.sla()) > 0 ? WARM_UP : config.sla());
        } catch (WakeupException e) {
            return false;
        } catch (AuthorizationException e) {
            noteDenied(e);
        } catch (KafkaException e) {
            if (!running) {
                return false;
            }
            // the schedule's failures will tell the rest
            log.warn("cluster={} group={} first offset commit failed: {}: {}", cluster, config.groupId(),
                    e.getClass().getSimpleName(), e.getMessage());
        }
        lastLookupMicros = clock.nowMicros();
        lookUpNext = !coordinator.refresh(config.sla());
        return running;
    }

    private void noteDenied(AuthorizationException e) {
        if (!denied) {
            log.warn("cluster={} group={} offset commits not authorized ({}: {}); grant READ on group {} and on topic"
                            + " {}, or set offset.commit.probe=false; not counted as failures until then", cluster,
                    config.groupId(), e.getClass().getSimpleName(), e.getMessage(), config.groupId(), topic);
        }
        denied = true;
        stats.denied(true);
    }

    /** Returns whether the commit succeeded (true also when stopping: nothing to count then). */
    private boolean commitOnce(int coordinatorId) {
        long start = clock.nowMicros();
        try {
            consumer.commitSync(offsets, config.sla());
        } catch (WakeupException e) {
            return true; // stopping
        } catch (AuthorizationException e) {
            noteDenied(e);
            return true; // not judged; nor are the commits due meanwhile
        } catch (KafkaException e) {
            if (!running) {
                return true;
            }
            stats.committed(coordinatorId, false, 0, clock.nowMicros());
            if (!failing) {
                log.warn("cluster={} group={} coordinator={} offset commits failing: {}: {}", cluster,
                        config.groupId(), coordinatorId, e.getClass().getSimpleName(), e.getMessage());
            }
            failing = true;
            lookUpNext = true;
            return false;
        }
        long end = clock.nowMicros();
        stats.committed(coordinatorId, true, end - start, end);
        if (denied) {
            log.info("cluster={} group={} offset commits authorized again", cluster, config.groupId());
            denied = false;
            stats.denied(false);
        }
        if (failing) {
            log.info("cluster={} group={} offset commits succeed again", cluster, config.groupId());
            failing = false;
            lookUpNext = true; // the group may have moved: attribute the next commits to where it is now
        }
        return true;
    }
}
