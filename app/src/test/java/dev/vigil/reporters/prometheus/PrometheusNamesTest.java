package dev.vigil.reporters.prometheus;

import dev.vigil.core.lag.GroupLag;
import dev.vigil.core.lag.LagSnapshot;
import dev.vigil.core.lag.PartitionLag;
import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.stats.ConnectionCheckMetrics;
import dev.vigil.core.stats.ControllerProbeMetrics;
import dev.vigil.core.stats.MirrorMetrics;
import dev.vigil.core.stats.OffsetCommitMetrics;
import dev.vigil.core.stats.ScopeMetrics;
import dev.vigil.reporters.slo.SloMetrics;
import dev.vigil.services.MonitorMetrics;
import dev.vigil.services.probe.ProbeErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The exposition names of metrics from every module. It lives in app, beside the reporters' own tests'
 * package, because it names services' metrics too, and reporters' tests do not wait for services (README,
 * "Run the tests").
 */
class PrometheusNamesTest {

    static Stream<Arguments> names() {
        return Stream.of(
                arguments("CLUSTER", ScopeMetrics.PRODUCE_AVAILABILITY, "vigil_produce_availability_ratio"),
                arguments("CONSUMER_GROUP", GroupLag.STATUS, "vigil_consumer_group_status"),
                arguments("CONSUMER_GROUP", GroupLag.LAG_RECORDS, "vigil_consumer_group_lag_records"),
                arguments("CONSUMER_GROUP", GroupLag.LAG, "vigil_consumer_group_lag_seconds"),
                arguments("CONSUMER_GROUP_PARTITION", PartitionLag.STATUS, "vigil_consumer_group_partition_status"),
                arguments("CONSUMER_GROUP_PARTITION", PartitionLag.LAG_RECORDS,
                        "vigil_consumer_group_partition_lag_records"),
                arguments("CONSUMER_GROUP_PARTITION", PartitionLag.LAG, "vigil_consumer_group_partition_lag_seconds"),
                arguments("CLUSTER", LagSnapshot.DENIED, "vigil_consumer_groups_denied"),
                arguments("CLUSTER", LagSnapshot.SKIPPED, "vigil_consumer_groups_skipped"),
                arguments("BROKER", ScopeMetrics.CONSUME_AVAILABILITY, "vigil_broker_consume_availability_ratio"),
                arguments("PARTITION", ScopeMetrics.LOST_ACKED, "vigil_partition_lost_acked"),
                arguments("CLUSTER", ScopeMetrics.E2E_LATENCY.p99(), "vigil_e2e_latency_p99_seconds"),
                arguments("CLUSTER", ScopeMetrics.PRODUCE_LATENCY.p9999(), "vigil_produce_latency_p9999_seconds"),
                arguments("CLUSTER", MonitorMetrics.WORST_BROKER_PRODUCE_AVAILABILITY,
                        "vigil_worst_broker_produce_availability_ratio"),
                arguments("SLO", SloMetrics.BURN_RATE_5M, "vigil_slo_burn_rate_5m"),
                arguments("SLO", SloMetrics.OBJECTIVE, "vigil_slo_objective_ratio"),
                arguments("CLUSTER", ScopeMetrics.LAST_PRODUCE_OK, "vigil_last_produce_ok"),
                arguments("CLUSTER", OffsetCommitMetrics.AVAILABILITY, "vigil_offset_commit_availability_ratio"),
                arguments("BROKER", OffsetCommitMetrics.BROKER_FAILURES, "vigil_broker_offset_commit_failures"),
                arguments("CLUSTER", OffsetCommitMetrics.COORDINATOR_ID, "vigil_offset_commit_coordinator_id"),
                arguments("CLUSTER", ControllerProbeMetrics.AVAILABILITY, "vigil_controller_probe_availability_ratio"),
                arguments("CLUSTER", ControllerProbeMetrics.LEFTOVERS_DELETED, "vigil_controller_probe_leftovers_deleted"),
                arguments("CLUSTER", ControllerProbeMetrics.METADATA_PROPAGATION_LATENCY.p99(),
                        "vigil_metadata_propagation_latency_p99_seconds"),
                arguments("CLUSTER", MirrorMetrics.AVAILABILITY, "vigil_mirror_availability_ratio"),
                arguments("CLUSTER", MirrorMetrics.LOST_ACKED, "vigil_mirror_lost_acked"),
                arguments("CLUSTER", ScopeMetrics.LOST_THEN_RECEIVED, "vigil_lost_then_received"),
                arguments("PARTITION", ScopeMetrics.NOT_ATTEMPTED, "vigil_partition_not_attempted"),
                arguments("BROKER", ScopeMetrics.RECEIVED_AFTER_GRACE, "vigil_broker_received_after_grace"),
                arguments("CLUSTER", ScopeMetrics.UNJUDGED, "vigil_unjudged"),
                arguments("BROKER", ScopeMetrics.LOST_THEN_RECEIVED, "vigil_broker_lost_then_received"),
                arguments("BROKER_ERROR", ProbeErrors.PRODUCE_ERRORS, "vigil_broker_produce_errors"),
                arguments("BROKER", ConnectionCheckMetrics.CONNECTION_OK, "vigil_broker_connection_ok"),
                arguments("BROKER_CONNECTION", ConnectionCheckMetrics.CONNECTION, "vigil_broker_connection_seconds"),
                arguments("CLUSTER", ConnectionCheckMetrics.ROUNDS, "vigil_connection_check_rounds"),
                arguments("CLUSTER", MonitorMetrics.FORGED_RECORDS, "vigil_forged_records"),
                arguments("CLUSTER", MirrorMetrics.LATENCY.p99(), "vigil_mirror_latency_p99_seconds"),
                arguments("VERDICT", MonitorMetrics.VERDICT_AGE, "vigil_verdict_age_seconds"),
                arguments("CLUSTER", ScopeMetrics.E2E_LATENCY_HISTOGRAM, "vigil_e2e_latency_seconds"));
    }

    @ParameterizedTest
    @MethodSource("names")
    void namesCarryScopeAndUnit(MetricScope.Type type, Metric metric, String expected) {
        assertThat(PrometheusNames.name(type, metric)).isEqualTo(expected);
    }

    /** The reporters' tests export a broker's error class with a counter named like services' own. */
    @Test
    void servicesCountsABrokersErrorsOfAClassAsTheReportersTestsDo() {
        assertThat(ProbeErrors.PRODUCE_ERRORS.name()).isEqualTo("produceErrors");
        assertThat(ProbeErrors.PRODUCE_ERRORS.kind()).isEqualTo(Metric.Kind.COUNTER);
    }
}
