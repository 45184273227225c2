package dev.vigil.services.faults;

import static dev.vigil.services.faults.FaultScenarios.REACTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.probe.ProbeErrors;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every broker refuses every probe for one known reason: the topic's {@code max.message.bytes} is lowered
 * below a probe's size, so each send fails with {@code RecordTooLargeException}. Each broker's
 * {@code produceErrors} series of that class counts exactly the failed sends to the partition it leads, as
 * the producer reported them to a {@link ClientTap}, and no other class appears.
 */
class ProduceErrorClassScenarioTest {

    private static final String ERROR = "RecordTooLargeException";

    @RegisterExtension
    static final ScenarioMonitor scenario = new ScenarioMonitor(3);

    @Test
    void eachBrokersRefusalsAreCountedUnderTheirErrorClass() throws Exception {
        String topic = "too-large";
        List<Integer> brokers = scenario.cluster().brokerIds();
        ClientTap.Tap tap = scenario.openTap();
        scenario.startOnNewTopic(topic, 1, 1, 1, tap.clientProperties()); // brokers.get(p) leads partition p
        assertThat(errorScopes()).isEmpty();

        scenario.admin().incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "1"), AlterConfigOp.OpType.SET))))
                .all().get();
        await().atMost(REACTION).until(() -> brokers.stream().allMatch(b -> tap.failed(brokers.indexOf(b), ERROR) >= 5));

        // Both counts move with every round; between two rounds (200 ms apart) they must agree exactly.
        await().atMost(REACTION).pollInterval(Duration.ofMillis(50)).until(() -> brokers.stream()
                .allMatch(b -> produceErrors(b) == tap.failed(brokers.indexOf(b), ERROR)));
        Set<String> expected = new TreeSet<>();
        brokers.forEach(b -> expected.add(b + ":" + ERROR));
        assertThat(errorScopes()).isEqualTo(expected);
    }

    private double produceErrors(int broker) {
        return scenario.registry().collect(MicroClock.system().nowMicros()).stream()
                .filter(s -> s.scope().equals(MetricScope.brokerError(FaultScenarios.CLUSTER, broker, ERROR)))
                .flatMap(s -> s.values().stream())
                .filter(v -> v.metric().equals(ProbeErrors.PRODUCE_ERRORS))
                .mapToDouble(MetricValue::value)
                .findFirst().orElse(Double.NaN);
    }

    /** "broker:error" of every error scope registered. */
    private Set<String> errorScopes() {
        Set<String> out = new TreeSet<>();
        scenario.registry().sources(MetricScope.Type.BROKER_ERROR).keySet()
                .forEach(s -> out.add(s.labels().get("broker") + ":" + s.labels().get("error")));
        return out;
    }
}
