package dev.vigil.services.probe;

import dev.vigil.core.metrics.MetricValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeErrorsTest {

    private final ProbeErrors errors = new ProbeErrors();

    @Test
    void sendErrorsAreCountedPerBrokerAndClass() {
        errors.record(1, "TimeoutException", 10);
        errors.record(1, "TimeoutException", 20);
        errors.record(1, "NotLeaderOrFollowerException", 30);
        errors.record(2, "TimeoutException", 40);

        assertThat(errors.forBroker(1)).isEqualTo(Map.of("TimeoutException", 2L, "NotLeaderOrFollowerException", 1L));
        assertThat(errors.total()).isEqualTo(Map.of("TimeoutException", 3L, "NotLeaderOrFollowerException", 1L));
        assertThat(produceErrors(1, "TimeoutException")).isEqualTo(2);
        assertThat(produceErrors(2, "TimeoutException")).isEqualTo(1);
        assertThat(produceErrors(2, "NotLeaderOrFollowerException")).as("never counted").isZero();
        List<String> counted = new ArrayList<>();
        errors.forEachCounted((broker, error) -> counted.add(broker + ":" + error));
        assertThat(counted).containsExactlyInAnyOrder("1:TimeoutException", "1:NotLeaderOrFollowerException",
                "2:TimeoutException");
        assertThat(errors.lastError(1)).hasValue(new ProbeErrors.LastError("NotLeaderOrFollowerException", 30));
    }

    @Test
    void classesBeyondTheBoundAreCountedAsOtherButStayTheLastError() {
        for (int i = 0; i < ProbeErrors.MAX_CLASSES + 3; i++) {
            errors.record(1, "Error" + i + "Exception", i);
        }
        errors.record(2, "Error0Exception", 100); // a class named before the bound was reached keeps its name

        assertThat(errors.forBroker(1)).hasSize(ProbeErrors.MAX_CLASSES + 1).containsEntry(ProbeErrors.OTHER, 3L);
        assertThat(errors.forBroker(2)).isEqualTo(Map.of("Error0Exception", 1L));
        List<String> counted = new ArrayList<>();
        errors.forEachCounted((broker, error) -> counted.add(broker + ":" + error));
        assertThat(counted).hasSize(ProbeErrors.MAX_CLASSES + 2);
        assertThat(errors.lastError(1).orElseThrow().errorClass())
                .isEqualTo("Error" + (ProbeErrors.MAX_CLASSES + 2) + "Exception");
    }

    private double produceErrors(int broker, String error) {
        List<MetricValue> values = errors.values(broker, error);
        assertThat(values).extracting(MetricValue::metric).containsExactly(ProbeErrors.PRODUCE_ERRORS);
        return values.get(0).value();
    }
}
