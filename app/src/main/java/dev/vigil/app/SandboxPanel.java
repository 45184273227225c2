package dev.vigil.app;

import dev.vigil.sandbox.SandboxCluster;
import dev.vigil.sandbox.StopMode;
import dev.vigil.webui.dashboard.SandboxControls;

import java.time.Duration;
import java.util.List;

/**
 * The dashboard's fault controls for a sandbox cluster. A stop from the dashboard is abrupt, like a
 * crash: that is the fault an operator most needs to see Vigil catch.
 */
final class SandboxPanel implements SandboxControls {

    private final SandboxCluster sandbox;

    SandboxPanel(SandboxCluster sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public List<BrokerControl> brokers() {
        return sandbox.brokerIds().stream()
                .map(id -> new BrokerControl(id, sandbox.isRunning(id), sandbox.latency(id).toMillis()))
                .toList();
    }

    @Override
    public void stopBroker(int id) {
        sandbox.stopBroker(id, StopMode.ABRUPT);
    }

    @Override
    public void startBroker(int id) {
        sandbox.startBroker(id);
    }

    @Override
    public void setLatency(int id, Duration added) {
        sandbox.setLatency(id, added);
    }
}
