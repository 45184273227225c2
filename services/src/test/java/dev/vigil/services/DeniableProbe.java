package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.time.MicroClock;
import dev.vigil.sandbox.SandboxCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An optional probe that an ACL can refuse, by the four cluster values that say so, and the check
 * that the refusal is flagged, never counted as a failure, and that rounds are judged again once
 * the ACL goes.
 */
record DeniableProbe(Metric denied, Metric attempts, Metric failures, Metric availability) {

    private static final MicroClock CLOCK = MicroClock.system();

    /**
     * A sandbox running Kafka's StandardAuthorizer where everyone (all PLAINTEXT, so ANONYMOUS) may do
     * what no ACL speaks about, which keeps the brokers' own cluster actions working.
     */
    static SandboxCluster authorizingSandbox(int brokers) {
        return SandboxCluster.start(brokers, Map.of(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found", "true"));
    }

    /**
     * Runs a monitor of {@code config} under {@code deny}: flagged within a minute, for 3 s nothing
     * judged and nothing failed while the monitor runs on; then, the ACL deleted, at least
     * {@code attemptsOnceAllowed} rounds judged, none failed, and {@code whileAllowed} holds before the
     * monitor stops.
     */
    void flaggedWhileDeniedThenJudged(SandboxCluster sandbox, Admin admin, ClusterConfig config, AclBinding deny,
                                      int attemptsOnceAllowed, Runnable whileAllowed) throws Exception {
        admin.createAcls(List.of(deny)).all().get();
        MetricRegistry registry = new MetricRegistry();
        ClusterMonitor monitor = new ClusterMonitor(config, sandbox.bootstrapServers(), CLOCK, registry);
        monitor.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> value(registry, config, denied) == 1.0);
            SandboxMonitors.holdsThroughout(Duration.ofSeconds(3), () -> value(registry, config, denied) == 1.0
                    && value(registry, config, attempts) == 0.0);
            assertThat(value(registry, config, failures)).isZero();
            assertThat(value(registry, config, availability)).isNaN();
            assertThat(monitor.status()).isEqualTo(ClusterMonitor.Status.RUNNING);

            admin.deleteAcls(List.of(deny.toFilter())).all().get();

            await().atMost(Duration.ofSeconds(30)).until(() -> value(registry, config, denied) == 0.0
                    && value(registry, config, attempts) >= attemptsOnceAllowed);
            assertThat(value(registry, config, failures)).isZero();
            assertThat(value(registry, config, availability)).isEqualTo(1.0);
            whileAllowed.run();
        } finally {
            monitor.stop();
            assertThat(monitor.awaitShutdown(Duration.ofSeconds(10))).isTrue();
        }
    }

    private static double value(MetricRegistry registry, ClusterConfig config, Metric metric) {
        return registry.value(MetricScope.cluster(config.name()), metric, CLOCK.nowMicros());
    }
}
