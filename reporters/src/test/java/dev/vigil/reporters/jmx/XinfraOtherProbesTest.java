package dev.vigil.reporters.jmx;

import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.stats.ControllerProbeStats;
import dev.vigil.core.stats.OffsetCommitStats;
import dev.vigil.core.time.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Xinfra Monitor's commit-availability, commit-latency and cluster-topic-manipulation services on
 * the numbers of Vigil's offset-commit and controller probes, registered only for probes that run.
 */
class XinfraOtherProbesTest {

    private static final long S = 1_000_000;

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final ManualClock clock = new ManualClock(1_000 * S);
    private final MetricRegistry registry = new MetricRegistry();
    private final OffsetCommitStats commits = new OffsetCommitStats(60 * S, 6);
    private final ControllerProbeStats controller = new ControllerProbeStats(60 * S, 6);
    private final JmxReporter reporter = new JmxReporter(registry, server, clock, true);

    @AfterEach
    void stop() {
        reporter.close();
    }

    private void register(boolean withCommits, boolean withController) {
        registry.register(MetricScope.cluster("prod"), now -> {
            List<MetricValue> values = new ArrayList<>();
            if (withCommits) {
                commits.harvest(now);
                values.addAll(commits.snapshot(now).clusterValues());
            }
            if (withController) {
                values.addAll(controller.snapshot(now).clusterValues());
            }
            return values;
        });
        reporter.start();
    }

    @Test
    void commitServicesCarryTheOffsetCommitProbesNumbers() throws Exception {
        long t = clock.nowMicros();
        for (int i = 0; i < 8; i++) {
            commits.committed(2, true, (i + 1) * 1_000L, t + i * S); // 1 ms .. 8 ms
        }
        commits.committed(2, false, 0, t + 8 * S);
        commits.committed(2, false, 0, t + 9 * S);
        clock.advanceMillis(10_000);
        register(true, false);

        ObjectName availability = new ObjectName("kmf.services:type=commit-availability-service,name=prod");
        assertThat(server.getAttribute(availability, "commit-availability-avg")).isEqualTo(0.8);
        assertThat(server.getAttribute(availability, "offsets-committed-avg")).isEqualTo(0.8);
        assertThat(server.getAttribute(availability, "offsets-committed-total")).isEqualTo(8.0);
        assertThat(server.getAttribute(availability, "failed-commit-offsets-total")).isEqualTo(2.0);

        ObjectName latency = new ObjectName("kmf.services:type=commit-latency-service,name=prod");
        assertThat((Double) server.getAttribute(latency, "commit-offset-latency-ms-avg")).isCloseTo(4.5, within(0.01));
        assertThat((Double) server.getAttribute(latency, "commit-offset-latency-ms-max")).isCloseTo(8.0, within(0.01));
        assertThat((Double) server.getAttribute(latency, "commit-offset-latency-ms-99th")).isCloseTo(8.0, within(0.01));
        assertThat((Double) server.getAttribute(latency, "commit-offset-latency-ms-999th")).isCloseTo(8.0, within(0.01));
        assertThat((Double) server.getAttribute(latency, "commit-offset-latency-ms-9999th")).isCloseTo(8.0, within(0.01));
        assertThat(server.getMBeanInfo(latency).getAttributes())
                .allMatch(a -> a.getType().equals("java.lang.Double") && !a.isWritable());
    }

    @Test
    void topicManipulationServiceCarriesTheControllerProbesPropagation() throws Exception {
        long t = clock.nowMicros();
        controller.round(true, 100_000, t);
        controller.round(true, 300_000, t + S);
        controller.round(false, 0, t + 2 * S);
        clock.advanceMillis(3_000);
        register(false, true);

        ObjectName topics = new ObjectName("kmf.services:type=cluster-topic-manipulation-service,name=prod");
        assertThat((Double) server.getAttribute(topics, "topic-creation-metadata-propagation-ms-avg"))
                .isCloseTo(200.0, within(0.2));
        assertThat((Double) server.getAttribute(topics, "topic-creation-metadata-propagation-ms-max"))
                .isCloseTo(300.0, within(0.3));
    }

    @Test
    void onlyTheServicesOfProbesThatRunAreRegistered() throws Exception {
        register(true, false);
        assertThat(services()).containsExactly("commit-availability-service", "commit-latency-service",
                "consume-service", "produce-service");
        // no commit yet: availability has no data rather than a perfect score
        assertThat(server.getAttribute(new ObjectName("kmf.services:type=commit-availability-service,name=prod"),
                "offsets-committed-avg")).isEqualTo(Double.NaN);

        reporter.close();
        assertThat(services()).isEmpty();
    }

    private Set<String> services() throws Exception {
        Set<String> types = new TreeSet<>();
        server.queryNames(new ObjectName("kmf.services:*"), null).forEach(n -> types.add(n.getKeyProperty("type")));
        return types;
    }
}
