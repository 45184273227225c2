package dev.vigil.reporters.prometheus;

import dev.vigil.core.metrics.MetricScope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusNamesTest {

    @ParameterizedTest
    @CsvSource({
            "CLUSTER, produceAvailability, vigil_produce_availability_ratio",
            "BROKER, consumeAvailability, vigil_broker_consume_availability_ratio",
            "PARTITION, lostAcked, vigil_partition_lost_acked",
            "CLUSTER, e2eLatencyP99Micros, vigil_e2e_latency_p99_seconds",
            "CLUSTER, produceLatencyP9999Micros, vigil_produce_latency_p9999_seconds",
            "CLUSTER, worstBrokerProduceAvailability, vigil_worst_broker_produce_availability_ratio",
            "SLO, burnRate5m, vigil_slo_burn_rate_5m",
            "SLO, objectiveRatio, vigil_slo_objective_ratio",
            "CLUSTER, lastProduceOk, vigil_last_produce_ok",
            "CLUSTER, offsetCommitAvailability, vigil_offset_commit_availability_ratio",
            "BROKER, offsetCommitFailures, vigil_broker_offset_commit_failures",
            "CLUSTER, offsetCommitCoordinatorId, vigil_offset_commit_coordinator_id",
            "CLUSTER, controllerProbeAvailability, vigil_controller_probe_availability_ratio",
            "CLUSTER, controllerProbeLeftoversDeleted, vigil_controller_probe_leftovers_deleted",
            "CLUSTER, metadataPropagationLatencyP99Micros, vigil_metadata_propagation_latency_p99_seconds",
            "CLUSTER, mirrorAvailability, vigil_mirror_availability_ratio",
            "CLUSTER, mirrorLostAcked, vigil_mirror_lost_acked",
            "CLUSTER, lostThenReceived, vigil_lost_then_received",
            "CLUSTER, forgedRecords, vigil_forged_records",
            "CLUSTER, mirrorLatencyP99Micros, vigil_mirror_latency_p99_seconds",
            "PARTITION, notAttempted, vigil_partition_not_attempted",
            "BROKER, receivedAfterGrace, vigil_broker_received_after_grace",
            "CLUSTER, unjudged, vigil_unjudged",
            "BROKER, lostThenReceived, vigil_broker_lost_then_received",
            "BROKER_ERROR, produceErrors, vigil_broker_produce_errors",
    })
    void namesCarryScopeAndUnit(MetricScope.Type type, String camel, String expected) {
        assertThat(PrometheusNames.name(type, camel)).isEqualTo(expected);
    }
}
