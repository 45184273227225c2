package dev.vigil.core.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricTest {

    @Test
    void aDurationsNameCarriesItsUnitAfterTheStem() {
        Metric p99 = Metric.gauge("e2eLatencyP99", Unit.MICROSECONDS, "p99");

        assertThat(p99.name()).isEqualTo("e2eLatencyP99Micros");
        assertThat(p99.stem()).isEqualTo("e2eLatencyP99");
        assertThat(Metric.gauge("produceAvailability", Unit.RATIO, "a").name()).isEqualTo("produceAvailability");
        assertThat(Metric.histogram("e2eLatency", "h").stem()).isEqualTo("e2eLatency");
    }

    @Test
    void aNameThatContradictsItsUnitIsRefused() {
        assertThatThrownBy(() -> new Metric("e2eLatencyP99", Metric.Kind.GAUGE, Unit.MICROSECONDS, "p99"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Metric("Micros", Metric.Kind.GAUGE, Unit.MICROSECONDS, "p99"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unitsConvertDurationsAndLeaveTheRestAlone() {
        assertThat(Unit.MICROSECONDS.toBase(12_500)).isEqualTo(0.0125);
        assertThat(Unit.MICROSECONDS.toMillis(12_500)).isEqualTo(12.5);
        assertThat(Unit.RATIO.toBase(0.75)).isEqualTo(0.75);
        assertThat(Unit.NONE.toBase(3)).isEqualTo(3.0);
        assertThat(Unit.MICROSECONDS.toMillis(Double.NaN)).isNaN();
        assertThatThrownBy(() -> Unit.RATIO.toMillis(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aHistogramNeedsAHistogramMetric() {
        assertThatThrownBy(() -> new MetricHistogram(Metric.gauge("x", "x"), dev.vigil.core.window.LatencyCounts.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
