package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.stats.ScopeMetrics;
import dev.vigil.core.time.MicroClock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A cluster nobody answers for: no crash, availability 0 with the reason, and a prompt stop. */
class UnreachableClusterTest {

    @Test
    void unreachableClusterReadsZeroWithAReasonAndStopsPromptly() throws Exception {
        String bootstrap = "127.0.0.1:" + closedPort();
        ClusterConfig config = new ClusterConfig("nowhere", Optional.of(bootstrap), Optional.empty(), Map.of(),
                TopicConfig.defaults(), ProbeConfig.defaults());
        MetricRegistry registry = new MetricRegistry();
        ClusterMonitor monitor = new ClusterMonitor(config, bootstrap, MicroClock.system(), registry);

        monitor.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> monitor.view().status() == ClusterMonitor.Status.UNREACHABLE);

        ClusterView view = monitor.view();
        assertThat(view.produceAvailability()).isEqualTo(0.0);
        assertThat(view.consumeAvailability()).isEqualTo(0.0);
        assertThat(view.reason()).contains("TimeoutException").doesNotContain("\n");
        assertThat(value(registry, MonitorMetrics.REACHABLE)).isEqualTo(0.0);
        assertThat(value(registry, ScopeMetrics.PRODUCE_AVAILABILITY)).isEqualTo(0.0);

        monitor.stop();
        assertThat(monitor.awaitShutdown(Duration.ofSeconds(10))).isTrue();
        assertThat(monitor.view().status()).isEqualTo(ClusterMonitor.Status.STOPPED);
        assertThat(registry.size()).isZero();
    }

    private static double value(MetricRegistry registry, Metric metric) {
        return registry.value(MetricScope.cluster("nowhere"), metric, 0);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
