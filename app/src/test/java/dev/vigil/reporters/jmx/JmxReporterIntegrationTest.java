package dev.vigil.reporters.jmx;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ProbeConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.time.MicroClock;
import dev.vigil.sandbox.SandboxCluster;
import dev.vigil.services.ClusterMonitor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The JMX reporter on a real {@link ClusterMonitor} probing a real 1-broker sandbox cluster, read
 * through the platform MBean server as an operator's JMX client would: the beans appear for the
 * cluster, every partition and every broker, report what the monitor measures, follow a partition
 * added to the topic, and are all gone once the monitor and the reporter stop.
 */
class JmxReporterIntegrationTest {

    private static final String CLUSTER = "jmx-it";
    private static final String TOPIC = "jmx-it-probe";
    private static final int PARTITIONS_PER_BROKER = 3;
    // Fast probes; SLAs well above an in-process cluster's latency on a busy machine.
    private static final ProbeConfig PROBE = new ProbeConfig(Duration.ofMillis(200), 100,
            Duration.ofMillis(2_000), Duration.ofMillis(4_000), Duration.ofMillis(8_000), Duration.ofSeconds(10), 5);

    private static SandboxCluster sandbox;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxCluster.start(1);
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void beansFollowARealMonitorAndNoneOutlivesIt() throws Exception {
        MetricRegistry registry = new MetricRegistry();
        MicroClock clock = MicroClock.system();
        ClusterConfig config = new ClusterConfig(CLUSTER, Optional.of(sandbox.bootstrapServers()), Optional.empty(),
                Map.of(), new TopicConfig(TOPIC, PARTITIONS_PER_BROKER, OptionalInt.empty(), OptionalInt.empty()), PROBE);
        ClusterMonitor monitor = new ClusterMonitor(config, sandbox.bootstrapServers(), clock, registry);
        ObjectName cluster = new ObjectName("vigil:type=cluster,cluster=" + CLUSTER);
        Set<String> partitionBeans = new TreeSet<>();
        for (int p = 0; p < PARTITIONS_PER_BROKER; p++) {
            partitionBeans.add("vigil:type=partition,cluster=" + CLUSTER + ",topic=" + TOPIC + ",partition=" + p);
        }
        Set<String> brokerBeans = sandbox.brokerIds().stream()
                .map(id -> "vigil:type=broker,cluster=" + CLUSTER + ",broker=" + id).collect(Collectors.toCollection(TreeSet::new));

        try (JmxReporter reporter = new JmxReporter(registry, server, clock, true)) {
            reporter.start();
            monitor.start();
            try {
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).until(() ->
                        Double.valueOf(1.0).equals(server.getAttribute(cluster, "produceAvailability"))
                                && names("vigil:type=partition,*").size() == PARTITIONS_PER_BROKER
                                && names("vigil:type=broker,*").size() == brokerBeans.size());

                assertThat(names("vigil:type=partition,*")).isEqualTo(partitionBeans);
                assertThat(names("vigil:type=broker,*")).isEqualTo(brokerBeans);
                assertThat(names("vigil:type=cluster,*")).containsExactly(cluster.toString());
                // the offset-commit probe runs by default, the controller probe does not
                assertThat(names("kmf.services:*")).containsExactly(
                        "kmf.services:type=commit-availability-service,name=" + CLUSTER,
                        "kmf.services:type=commit-latency-service,name=" + CLUSTER,
                        "kmf.services:type=consume-service,name=" + CLUSTER,
                        "kmf.services:type=produce-service,name=" + CLUSTER);

                assertThat(server.getAttribute(cluster, "partitions")).isEqualTo((double) PARTITIONS_PER_BROKER);
                assertThat(server.getAttribute(cluster, "reachable")).isEqualTo(1.0);
                assertThat(server.getAttribute(cluster, "produceFailures")).isEqualTo(0L);
                assertThat((Long) server.getAttribute(cluster, "produceAttempts")).isPositive();
                assertThat((Double) server.getAttribute(cluster, "produceLatencyP99Ms"))
                        .isEqualTo((Double) server.getAttribute(cluster, "produceLatencyP99Micros") / 1_000.0);
                for (String partition : partitionBeans) {
                    assertThat((Long) server.getAttribute(new ObjectName(partition), "produceAttempts")).isPositive();
                }
                ObjectName produce = new ObjectName("kmf.services:type=produce-service,name=" + CLUSTER);
                assertThat(server.getAttribute(produce, "produce-availability-avg")).isEqualTo(1.0);
                assertThat(server.getAttribute(produce, "produce-error-total")).isEqualTo(0.0);
                assertThat(server.getAttribute(produce, "produce-error-rate")).isEqualTo(0.0);
                assertThat((Double) server.getAttribute(produce, "records-produced-total")).isPositive();
                ObjectName consume = new ObjectName("kmf.services:type=consume-service,name=" + CLUSTER);
                assertThat(server.getAttribute(consume, "records-lost-total")).isEqualTo(0.0);
                assertThat(server.getAttribute(consume, "records-duplicated-total")).isEqualTo(0.0);
                ObjectName commits = new ObjectName("kmf.services:type=commit-availability-service,name=" + CLUSTER);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                        (Double) server.getAttribute(commits, "offsets-committed-total") > 0);
                assertThat(server.getAttribute(commits, "failed-commit-offsets-total")).isEqualTo(0.0);

                // Someone adds a partition: the monitor picks it up, and its bean appears next to the others.
                try (Admin admin = Admin.create(sandbox.adminConfig())) {
                    admin.createPartitions(Map.of(TOPIC, NewPartitions.increaseTo(PARTITIONS_PER_BROKER + 1))).all().get();
                }
                String added = "vigil:type=partition,cluster=" + CLUSTER + ",topic=" + TOPIC + ",partition="
                        + PARTITIONS_PER_BROKER;
                partitionBeans.add(added);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                        names("vigil:type=partition,*").size() == PARTITIONS_PER_BROKER + 1);
                assertThat(names("vigil:type=partition,*")).isEqualTo(partitionBeans);
                assertThat(names("vigil:type=broker,*")).isEqualTo(brokerBeans);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                        (Long) server.getAttribute(new ObjectName(added), "produceAttempts") > 0);
            } finally {
                monitor.stop();
                assertThat(monitor.awaitShutdown(Duration.ofSeconds(10))).isTrue();
            }
            // the monitor unregistered its scopes, and the reporter their beans, before the reporter closes
            assertThat(names("vigil:*")).isEmpty();
            assertThat(names("kmf.services:*")).isEmpty();
        }
        assertThat(names("vigil:*")).isEmpty();
        assertThat(names("kmf.services:*")).isEmpty();
    }

    private Set<String> names(String pattern) throws Exception {
        return server.queryNames(new ObjectName(pattern), null).stream().map(ObjectName::toString)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
