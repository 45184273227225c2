package dev.vigil.services.mirror;

import org.apache.kafka.connect.mirror.MirrorMaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real MirrorMaker 2 ({@code org.apache.kafka.connect.mirror.MirrorMaker}, dedicated mode, as
 * {@code connect-mirror-maker.sh} runs it) in this JVM, replicating one topic from a source to a
 * target cluster with the default replication policy ({@code <source alias>.<topic>} in the target).
 * Only the {@code source->target} flow runs: no heartbeats, checkpoints, group offset or topic config
 * sync, so the one herder's only connector is {@code MirrorSourceConnector}.
 *
 * <p>Tuned for a test on one-broker clusters: replication factor 1 for the remote topic and
 * MirrorMaker's internal topics; a topic refresh every second, so a topic created after the start is
 * copied at once; source offsets committed every second, which bounds what an unclean stop would copy
 * twice. {@link #stop} is MirrorMaker's own graceful shutdown; {@link #start} after it starts a new
 * instance that resumes from the offsets the last one committed in the target
 * ({@code mm2-offsets.<source>.internal}), as a restarted MirrorMaker process does.
 */
public final class DedicatedMirrorMaker {

    private static final Logger log = LoggerFactory.getLogger(DedicatedMirrorMaker.class);

    private final Map<String, String> config;
    private final String target;
    private final String flow;
    private MirrorMaker running;

    public DedicatedMirrorMaker(String sourceAlias, String sourceBootstrap, String targetAlias, String targetBootstrap,
                                String topic) {
        this.target = targetAlias;
        this.flow = sourceAlias + "->" + targetAlias;
        String prefix = flow + ".";
        Map<String, String> c = new HashMap<>();
        c.put("clusters", sourceAlias + "," + targetAlias);
        c.put(sourceAlias + ".bootstrap.servers", sourceBootstrap);
        c.put(targetAlias + ".bootstrap.servers", targetBootstrap);
        c.put(prefix + "enabled", "true");
        c.put(targetAlias + "->" + sourceAlias + ".enabled", "false");
        c.put(prefix + "topics", topic);
        c.put("tasks.max", "1");
        c.put("refresh.topics.interval.seconds", "1");
        c.put("sync.topic.configs.enabled", "false");
        c.put("sync.topic.acls.enabled", "false");
        c.put("emit.heartbeats.enabled", "false"); // else a herder for the reverse flow runs too
        // MirrorMaker 4.3 submits its checkpoint connector anyway and logs one ERROR that it refused to run.
        c.put("emit.checkpoints.enabled", "false");
        c.put("sync.group.offsets.enabled", "false");
        c.put("refresh.groups.enabled", "false");
        c.put("replication.factor", "1");
        c.put("offset-syncs.topic.replication.factor", "1");
        c.put("heartbeats.topic.replication.factor", "1");
        c.put("checkpoints.topic.replication.factor", "1");
        c.put("config.storage.replication.factor", "1");
        c.put("offset.storage.replication.factor", "1");
        c.put("status.storage.replication.factor", "1");
        // Connect's default plugin discovery scans the whole test class path (Kafka's broker, Scala) for
        // each config and herder, some ten seconds apiece here; the MirrorMaker jars have ServiceLoader
        // manifests. Worker settings of the flow's herder are read from the target cluster's prefix.
        c.put("plugin.discovery", "service_load");
        c.put(targetAlias + ".plugin.discovery", "service_load");
        c.put(targetAlias + ".offset.flush.interval.ms", "1000");
        c.put(targetAlias + ".scheduled.rebalance.max.delay.ms", "0");
        this.config = Map.copyOf(c);
    }

    /**
     * Starts a new MirrorMaker. Its herder joins its group, reads its internal topics and starts the
     * connector's task in the background: copying begins a few seconds after this returns.
     */
    public synchronized void start() {
        if (running != null) {
            return;
        }
        long begin = System.nanoTime();
        // MirrorMaker swaps Connect's plugin class loader in as the caller's context class loader and
        // leaves it there; the test thread (and every thread it starts later) gets its own back.
        ClassLoader callers = Thread.currentThread().getContextClassLoader();
        try {
            MirrorMaker mirrorMaker = new MirrorMaker(config, List.of(target));
            mirrorMaker.start();
            running = mirrorMaker;
        } finally {
            Thread.currentThread().setContextClassLoader(callers);
        }
        log.info("MirrorMaker {} started in {} ms", flow, (System.nanoTime() - begin) / 1_000_000);
    }

    /** MirrorMaker's graceful stop: tasks stop and commit their source offsets, the worker leaves its group. */
    public synchronized void stop() {
        if (running == null) {
            return;
        }
        long begin = System.nanoTime();
        running.stop();
        running.awaitStop();
        running = null;
        log.info("MirrorMaker {} stopped in {} ms", flow, (System.nanoTime() - begin) / 1_000_000);
    }
}
