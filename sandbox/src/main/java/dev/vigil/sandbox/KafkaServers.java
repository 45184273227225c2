package dev.vigil.sandbox;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import kafka.server.SharedServer;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.server.ServerSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Assembles Kafka's server objects for one node from a formatted directory and its properties, the way
 * {@code kafka.server.KafkaRaftServer} does (read {@code meta.properties}, create the node's metrics, a
 * {@code SharedServer} with the Raft client, then the {@code BrokerServer} or {@code ControllerServer}).
 *
 * <p>The sandbox does not use {@code KafkaRaftServer} itself, for two reasons:
 * <ul>
 *   <li>{@code KafkaRaftServer} keeps its {@code BrokerServer} private and offers one {@code shutdown()},
 *       which does a controlled shutdown or not according to {@code controlled.shutdown.enable}, a value
 *       fixed when {@code SharedServer} copies the config at construction. {@link StopMode} is chosen per
 *       stop, so {@link BrokerNode} needs the {@code BrokerServer} (its lifecycle manager) in hand.</li>
 *   <li>{@code KafkaRaftServer} installs fault handlers that halt the JVM on a fatal fault; the sandbox
 *       uses {@link NonHaltingFaultHandlerFactory}.</li>
 * </ul>
 * Left out, as only a standalone process needs them: the MX4J loader, the Log4j controller MBean and the
 * {@code app-info} MBean that {@code KafkaRaftServer} also registers.
 * Everything used here is public API of Kafka's server jars, but these are server internals, not a
 * compatibility-guaranteed interface: a Kafka upgrade may need this class revisited.
 */
final class KafkaServers {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaServers.class);

    private KafkaServers() {
    }

    /** Constructs (does not start) a broker; the caller must {@code startup()} and later {@code shutdown()} it. */
    static BrokerServer broker(Map<String, String> props, InetSocketAddress controller) {
        return build(props, controller, (shared, bootstrap) -> new BrokerServer(shared));
    }

    /** Constructs (does not start) a controller; the caller must {@code startup()} and later {@code shutdown()} it. */
    static ControllerServer controller(Map<String, String> props, InetSocketAddress controller) {
        return build(props, controller, (shared, bootstrap) ->
                new ControllerServer(shared, KafkaRaftServer.configSchema(), bootstrap));
    }

    /**
     * Releases what a node that failed in {@code startup()} may still hold. Kafka's own failure path shuts
     * the server down, but leaves the metrics (and their MBeans) open if it failed before the shared
     * Raft client started.
     *
     * <p>Known Kafka 4.4 leak that no public API can repair: a broker that fails late in start-up (for
     * example it never registers) has already built its group and share coordinators but not started
     * them, and their {@code shutdown()} does nothing unless started; their seven non-daemon threads
     * ({@code group-coordinator-*}, {@code share-coordinator-*}) stay alive and keep the JVM from exiting
     * on its own. Port clashes fail earlier, before the coordinators exist, and leak nothing.
     */
    static void releaseAfterFailedStart(SharedServer shared) {
        Metrics metrics = shared.metrics();
        if (metrics != null) {
            Utils.closeQuietly(metrics, "metrics of a sandbox node that failed to start");
        }
    }

    private interface ServerConstructor<S> {
        S create(SharedServer shared, BootstrapMetadata bootstrap);
    }

    /**
     * @param controller the address of the quorum's only voter, also written in the props as
     *     {@code controller.quorum.voters}; passed separately because Kafka's parser for that config lives in
     *     kafka-raft, which the sandbox does not compile against
     */
    private static <S> S build(Map<String, String> props, InetSocketAddress controller,
                               ServerConstructor<S> constructor) {
        KafkaConfig config = new KafkaConfig(props, false);
        Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> dirs =
                KafkaRaftServer.initializeLogDirs(config, LOG, "[sandbox node " + config.nodeId() + "] ");
        MetaPropertiesEnsemble metaProperties = dirs._1();
        String clusterId = metaProperties.clusterId().orElseThrow();
        // Closed by SharedServer when the node stops; closed here only if construction fails.
        Metrics metrics = Server.initializeMetrics(config, Time.SYSTEM, clusterId);
        try {
            SharedServer shared = new SharedServer(
                    config,
                    metaProperties,
                    Time.SYSTEM,
                    metrics,
                    CompletableFuture.completedFuture(Map.of(NodeConfigs.CONTROLLER_ID, controller)),
                    List.of(), // controller.quorum.bootstrap.servers: unused with a static quorum
                    new NonHaltingFaultHandlerFactory(),
                    ServerSocketFactory.INSTANCE);
            return constructor.create(shared, dirs._2());
        } catch (Exception e) { // Scala constructors may throw checked exceptions too
            Utils.closeQuietly(metrics, "metrics of sandbox node " + config.nodeId());
            throw new SandboxException("could not assemble sandbox node " + config.nodeId() + ": " + e.getMessage(), e);
        }
    }
}
