package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ControllerProbeConfig;
import dev.vigil.core.config.TopicConfig;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.stats.ControllerProbeMetrics;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.probe.ControllerProbe;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static dev.vigil.services.SandboxMonitors.clusterValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The controller probe's topics are named, and swept, on the wall clock, which every Vigil on the cluster
 * shares; steady time differs between processes by every wall-clock step since each started. Here this
 * Vigil's steady time is 2 h behind its wall clock (the clock stepped forward since it started): another
 * Vigil's leftover of ten minutes ago is swept, and its topic of a round in flight is left alone.
 */
class ControllerProbeClockStepIntegrationTest {

    private static final String TOPIC = "ctl-step-probe";
    private static final String PREFIX = ControllerProbe.prefixOf(TOPIC);
    private static final long TWO_HOURS_MICROS = 2 * 3_600_000_000L;

    @RegisterExtension
    static final SharedSandbox shared = new SharedSandbox(1);

    @Test
    void leftoversAreSweptAndRoundsInFlightLeftAloneWhateverTheSteadyClockSays() throws Exception {
        MicroClock system = MicroClock.system();
        MicroClock stepped = new MicroClock() {
            @Override
            public long nowMicros() {
                return system.nowMicros() - TWO_HOURS_MICROS;
            }

            @Override
            public long wallMillis() {
                return system.wallMillis();
            }
        };
        long wall = System.currentTimeMillis();
        String leftover = PREFIX + (wall - 600_000);
        // Another Vigil's round, begun a moment ago (a minute ahead, so it stays in flight during the test).
        String inFlight = PREFIX + (wall + 60_000);
        shared.admin().createTopics(List.of(new NewTopic(leftover, 1, (short) 1), new NewTopic(inFlight, 1, (short) 1)))
                .all().get();
        MetricRegistry registry = new MetricRegistry();
        ClusterConfig config = new ClusterConfig(SandboxMonitors.CLUSTER, Optional.of(shared.cluster().bootstrapServers()), Optional.empty(),
                Map.of(), new TopicConfig(TOPIC, 2, OptionalInt.empty(), OptionalInt.empty()), SandboxMonitors.PROBE)
                .withController(new ControllerProbeConfig(true, Duration.ofSeconds(1), Duration.ofSeconds(4)));
        ClusterMonitor monitor = new ClusterMonitor(config, shared.cluster().bootstrapServers(), stepped, registry);
        monitor.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> clusterValue(registry, ControllerProbeMetrics.ATTEMPTS) >= 3);
            assertThat(clusterValue(registry, ControllerProbeMetrics.LEFTOVERS_DELETED)).isEqualTo(1.0);
            assertThat(clusterValue(registry, ControllerProbeMetrics.FAILURES)).isZero();
            List<String> topics = shared.admin().listTopics().names().get().stream()
                    .filter(n -> n.startsWith(PREFIX)).toList();
            assertThat(topics).doesNotContain(leftover).contains(inFlight);
            // This Vigil's own rounds are named on the wall clock too, not 2 h back: caught while a round runs.
            Set<String> own = new HashSet<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
                shared.admin().listTopics().names().get().stream()
                        .filter(n -> n.startsWith(PREFIX) && !n.equals(inFlight)).forEach(own::add);
                return !own.isEmpty();
            });
            assertThat(own).allSatisfy(n -> assertThat(Long.parseLong(n.substring(PREFIX.length())))
                    .isBetween(wall, System.currentTimeMillis()));
        } finally {
            monitor.stop();
            assertThat(monitor.awaitShutdown(Duration.ofSeconds(10))).isTrue();
        }
    }
}
