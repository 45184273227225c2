package dev.vigil.webui.dashboard;

import java.time.Duration;
import java.util.List;

/**
 * The fault controls of one sandbox cluster, so a newcomer can stop a broker or slow it down and
 * watch Vigil react. Only present when Vigil runs on its own sandbox.
 */
public interface SandboxControls {

    List<BrokerControl> brokers();

    /** Blocks until the broker has stopped. */
    void stopBroker(int id);

    /** Blocks until the broker is registered again. */
    void startBroker(int id);

    /** Added one-way delay between clients and the broker; {@link Duration#ZERO} removes it. */
    void setLatency(int id, Duration added);

    record BrokerControl(int id, boolean running, long latencyMs) {
    }
}
