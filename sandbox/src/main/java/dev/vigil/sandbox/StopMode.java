package dev.vigil.sandbox;

/**
 * How {@link SandboxCluster#stopBroker(int, StopMode)} takes a broker down.
 *
 * <p>Either way the broker's files are closed cleanly, so a later
 * {@link SandboxCluster#startBroker(int)} finds all its data. The modes differ in what the
 * <em>cluster</em> sees, which is what a monitor is tested against.
 */
public enum StopMode {

    /**
     * Controlled shutdown, as {@code kafka-server-stop.sh} does: the broker asks the controller to move
     * its leaderships away before it closes its ports. Leadership moves within tens of milliseconds and
     * well-behaved clients see no errors.
     */
    GRACEFUL,

    /**
     * Like a crash (kill -9, power loss) as the cluster sees it: the controller is not told. The broker's
     * partitions stay led by it until its session expires ({@code broker.session.timeout.ms}, 3 s in the
     * sandbox); until then clients of those partitions time out.
     */
    ABRUPT
}
