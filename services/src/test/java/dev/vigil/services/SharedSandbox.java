package dev.vigil.services;

import dev.vigil.sandbox.SandboxCluster;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.Map;

/**
 * One sandbox cluster, and an Admin client on it, for all tests of a class: starting brokers
 * costs seconds. After each test (and after the class's own {@code @AfterEach}, which stops its
 * monitor), latency, blackholes and withheld fetch responses the test injected are healed and brokers it stopped are started
 * again, so every test begins on a healthy cluster. Register it as
 * {@code @RegisterExtension static final SharedSandbox shared = new SharedSandbox(3);}.
 */
public final class SharedSandbox implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final int brokers;
    private final Map<String, String> extraNodeConfig;
    private SandboxCluster cluster;
    private Admin admin;

    public SharedSandbox(int brokers) {
        this(brokers, Map.of());
    }

    public SharedSandbox(int brokers, Map<String, String> extraNodeConfig) {
        this.brokers = brokers;
        this.extraNodeConfig = Map.copyOf(extraNodeConfig);
    }

    public SandboxCluster cluster() {
        return cluster;
    }

    public Admin admin() {
        return admin;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = SandboxCluster.start(brokers, extraNodeConfig);
        admin = Admin.create(cluster.adminConfig());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (int id : cluster.brokerIds()) {
            if (!cluster.latency(id).isZero()) {
                cluster.setLatency(id, Duration.ZERO);
            }
            if (cluster.isBlackholed(id)) {
                cluster.blackhole(id, false);
            }
            if (cluster.isFetchResponsesWithheld(id)) {
                cluster.withholdFetchResponses(id, false);
            }
            if (!cluster.isRunning(id)) {
                cluster.startBroker(id);
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Resources.closeAll(admin, cluster);
    }
}
