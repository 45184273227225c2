package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When the ledgers' finalizer runs: at its next verdict deadline, within the bounds that keep verdicts as prompt. */
class ProbeWiringTest {

    @Test
    void theFinalizerWaitsUntilJustAfterTheNextDeadline() {
        assertThat(ProbeWiring.finalizerWait(5_000_000, 2_000_000)).isEqualTo(3_001);
        assertThat(ProbeWiring.finalizerWait(2_000_500, 2_000_000)).isEqualTo(1); // a deadline passes after its instant
        assertThat(ProbeWiring.finalizerWait(1_000_000, 2_000_000)).isZero(); // passed, waiting for the consumer
        assertThat(ProbeWiring.finalizerWait(Long.MAX_VALUE, 2_000_000)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void itRunsNoMoreOftenThanTheOldPeriodAndNoLessOftenThanASecondOrTheAckSla() {
        ClusterConfig tenASecond = cluster(100, 3_000);
        assertThat(ProbeWiring.period(tenASecond)).isEqualTo(50);
        assertThat(ProbeWiring.maxWait(tenASecond)).isEqualTo(1_000);

        ClusterConfig oneASecond = cluster(1_000, 3_000);
        assertThat(ProbeWiring.period(oneASecond)).isEqualTo(250);
        assertThat(ProbeWiring.maxWait(oneASecond)).isEqualTo(1_000);

        // A probe sent just after a run must not wait past its ack SLA for the next...
        assertThat(ProbeWiring.maxWait(cluster(1_000, 200))).isEqualTo(250);
        // ...nor for longer than the old period would have made it.
        assertThat(ProbeWiring.maxWait(cluster(10_000, 300))).isEqualTo(500);
    }

    private static ClusterConfig cluster(long intervalMs, long ackSlaMs) {
        return ConfigLoader.parse("""
                {"clusters": [{"name": "c", "bootstrap.servers": "localhost:9092",
                  "probe.interval.ms": %d, "produce.ack.sla.ms": %d}]}""".formatted(intervalMs, ackSlaMs), "t.json")
                .clusters().get(0);
    }
}
