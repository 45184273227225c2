package dev.vigil.sandbox;

import kafka.server.FaultHandlerFactory;
import org.apache.kafka.server.fault.FaultHandler;
import org.apache.kafka.server.fault.LoggingFaultHandler;

/**
 * Kafka's fault handlers for sandbox nodes: every fault is logged at ERROR and its action run, and none
 * ends the process.
 *
 * <p>A standalone Kafka server halts its JVM on a fatal fault (for example a metadata record it cannot
 * apply), because a restart is the safest recovery for a dedicated process. A sandbox shares its JVM with
 * the application using it (Vigil's demo mode, a test run), which must survive a broken sandbox node.
 */
final class NonHaltingFaultHandlerFactory implements FaultHandlerFactory {

    @Override
    public FaultHandler build(String name, boolean fatal, Runnable action) {
        return new LoggingFaultHandler(fatal ? "fatal " + name : name, action);
    }
}
