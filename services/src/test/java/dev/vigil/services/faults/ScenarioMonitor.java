package dev.vigil.services.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.ClusterMonitor;
import dev.vigil.services.SharedSandbox;
import dev.vigil.sandbox.SandboxCluster;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fault scenario class's sandbox ({@link SharedSandbox}) and what each of its tests runs on it: the
 * monitors it starts (on topics it created, with {@link FaultScenarios}' timings), reporting to one registry,
 * and the {@link ClientTap}s it opens. After each test the taps are closed (a stalled consumer is released)
 * and every monitor is stopped, then the sandbox heals the cluster. Register it as
 * {@code @RegisterExtension static final ScenarioMonitor scenario = new ScenarioMonitor(3);}.
 */
final class ScenarioMonitor implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final SharedSandbox shared;
    /** One for the class: a stopped monitor unregisters its scopes, so the next one starts afresh. */
    private final MetricRegistry registry = new MetricRegistry();
    private final List<ClusterMonitor> started = new ArrayList<>();
    private final List<ClientTap.Tap> taps = new ArrayList<>();

    ScenarioMonitor(int brokers) {
        this.shared = new SharedSandbox(brokers);
    }

    SandboxCluster cluster() {
        return shared.cluster();
    }

    Admin admin() {
        return shared.admin();
    }

    /** The registry the monitors report to (one at a time). */
    MetricRegistry registry() {
        return registry;
    }

    /** See {@link FaultScenarios#createTopic}: broker b is the preferred leader of partitions b - 1, b - 1 + n, ... */
    void createTopic(String topic, int partitionsPerBroker, int rf, int minIsr) throws Exception {
        FaultScenarios.createTopic(shared.admin(), topic, shared.cluster().brokerIds(), partitionsPerBroker, rf, minIsr);
    }

    /** A tap on the clients of the monitors started with its {@link ClientTap.Tap#clientProperties}. */
    ClientTap.Tap openTap() {
        ClientTap.Tap tap = ClientTap.open();
        taps.add(tap);
        return tap;
    }

    /**
     * Creates {@code topic} ({@link #createTopic}) and starts a monitor on it with the tap and client properties
     * given (each map's entries, in order); returns once each of its partitions, {@code partitionsPerBroker} per
     * broker, received a probe.
     */
    @SafeVarargs
    final ClusterMonitor startOnNewTopic(String topic, int partitionsPerBroker, int rf, int minIsr,
                                         Map<String, String>... client) throws Exception {
        createTopic(topic, partitionsPerBroker, rf, minIsr);
        return start(topic, partitionsPerBroker * shared.cluster().brokerIds().size(), client);
    }

    /** Starts a monitor on {@code topic} and returns once each of its {@code partitions} received a probe. */
    ClusterMonitor start(String topic, int partitions) {
        return start(topic, FaultScenarios.PROBE, partitions, Map.of());
    }

    /** Like {@link #start(String, int)}, with tap and client properties: each map's entries, in order. */
    @SafeVarargs
    final ClusterMonitor start(String topic, int partitions, Map<String, String>... client) {
        Map<String, String> properties = new HashMap<>();
        for (Map<String, String> c : client) {
            properties.putAll(c);
        }
        return start(topic, FaultScenarios.PROBE, partitions, properties);
    }

    ClusterMonitor start(String topic, ProbeConfig probe, int partitions, Map<String, String> client) {
        ClusterMonitor monitor = startUnwaited(topic, probe, client);
        FaultScenarios.awaitEveryPartitionProbed(monitor, partitions);
        return monitor;
    }

    /** Starts a monitor on {@code topic} and returns at once, for a test that watches it start. */
    ClusterMonitor startUnwaited(String topic) {
        return startUnwaited(topic, FaultScenarios.PROBE, Map.of());
    }

    private ClusterMonitor startUnwaited(String topic, ProbeConfig probe, Map<String, String> client) {
        String bootstrap = shared.cluster().bootstrapServers();
        ClusterMonitor monitor = new ClusterMonitor(FaultScenarios.config(bootstrap, topic, probe, client), bootstrap,
                MicroClock.system(), registry);
        started.add(monitor); // before it starts, so that it is stopped even if it never probes
        monitor.start();
        return monitor;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        shared.beforeAll(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        try {
            taps.forEach(ClientTap.Tap::close);
            taps.clear();
            for (ClusterMonitor monitor : started) {
                FaultScenarios.stop(monitor); // stopping twice is harmless: a test may have stopped it itself
            }
        } finally {
            started.clear();
            shared.afterEach(context); // the next test begins on a healthy cluster, whatever happened here
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        shared.afterAll(context);
    }
}
