package dev.vigil.reporters.jmx;

import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.stats.ScopeMetrics;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.core.time.ManualClock;
import dev.vigil.core.window.LatencySummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static dev.vigil.reporters.jmx.ExposedLatencies.E2E;
import static dev.vigil.reporters.jmx.ExposedLatencies.PRODUCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** Xinfra Monitor's attribute names on Vigil's numbers, with the values an operator's alert rules will see. */
class XinfraCompatTest {

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final ManualClock clock = new ManualClock(1_700_000_000_000_000L);
    private final MetricRegistry registry = new MetricRegistry();
    private final AtomicReference<ScopeSnapshot> cluster = new AtomicReference<>(snapshot(0, 0));
    private final JmxReporter reporter = new JmxReporter(registry, server, clock, true);
    private ObjectName produce;
    private ObjectName consume;

    private static ScopeSnapshot snapshot(long attempts, long failures) {
        // received 88, lostAcked 1, lostUnacked 3, duplicates 4, late 5
        return new ScopeSnapshot(0.75, 0.5, attempts, failures, 40, 2, 88, 1, 3, 4, 5, 0, 0, 0, 0, 0, 0, PRODUCE, E2E);
    }

    @BeforeEach
    void start() throws Exception {
        registry.register(MetricScope.cluster("prod-east"), now -> {
            ScopeSnapshot s = cluster.get();
            return ScopeMetrics.of(s, s.produceAvailability(), s.consumeAvailability());
        });
        reporter.start();
        produce = new ObjectName("kmf.services:type=produce-service,name=prod-east");
        consume = new ObjectName("kmf.services:type=consume-service,name=prod-east");
    }

    @AfterEach
    void stop() {
        reporter.close();
    }

    private Map<String, Object> read(ObjectName bean) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        for (MBeanAttributeInfo a : server.getMBeanInfo(bean).getAttributes()) {
            out.put(a.getName(), server.getAttribute(bean, a.getName()));
        }
        return out;
    }

    @Test
    void produceServiceAttributes() throws Exception {
        cluster.set(snapshot(120, 30));
        clock.advanceMillis(1_000);

        assertThat(read(produce)).containsExactly(
                entry("produce-availability-avg", 0.75),
                entry("records-produced-total", 90.0),
                entry("produce-error-rate", 0.5), // 30 failures since registration, less than a minute ago: 30 / 60 s
                entry("produce-error-total", 30.0),
                entry("produce-delay-ms-avg", 1.5),
                entry("produce-delay-ms-max", 15.0),
                entry("produce-delay-ms-99th", 4.0),
                entry("produce-delay-ms-999th", 9.0),
                entry("produce-delay-ms-9999th", 12.0));
    }

    @Test
    void consumeServiceAttributes() throws Exception {
        assertThat(read(consume)).containsExactly(
                entry("consume-availability-avg", 0.5),
                entry("records-consumed-total", 92.0), // 88 distinct probes + 4 repeats
                entry("records-lost-total", 1.0),
                entry("records-duplicated-total", 4.0),
                entry("records-delay-ms-avg", 2.5),
                entry("records-delay-ms-max", 25.0),
                entry("records-delay-ms-99th", 12.345),
                entry("records-delay-ms-999th", 19.0),
                entry("records-delay-ms-9999th", 22.0));
    }

    @Test
    void everyAttributeIsADoubleAsKafkaMetricsAre() throws Exception {
        for (ObjectName bean : new ObjectName[]{produce, consume}) {
            assertThat(server.getMBeanInfo(bean).getAttributes()).hasSize(9)
                    .allMatch(a -> a.getType().equals("java.lang.Double") && a.isReadable() && !a.isWritable());
            assertThat(read(bean).values()).allMatch(v -> v instanceof Double);
        }
    }

    @Test
    void produceErrorRateIsTheFailureCountIncreaseOverTheLastMinute() throws Exception {
        assertThat(server.getAttribute(produce, "produce-error-rate")).isEqualTo(0.0);

        cluster.set(snapshot(100, 15));
        clock.advanceMillis(30_000);
        // 15 failures in the 30 s since registration; the first minute is divided by the whole minute, like Kafka's Rate
        assertThat(server.getAttribute(produce, "produce-error-rate")).isEqualTo(0.25);

        cluster.set(snapshot(200, 75));
        clock.advanceMillis(60_000);
        // 60 failures since the read of 60 s ago
        assertThat(server.getAttribute(produce, "produce-error-rate")).isEqualTo(1.0);

        clock.advanceMillis(60_000);
        assertThat(server.getAttribute(produce, "produce-error-rate")).isEqualTo(0.0);

        cluster.set(snapshot(300, 195));
        clock.advanceMillis(120_000);
        // reads two minutes apart: the rate spans the two minutes
        assertThat(server.getAttribute(produce, "produce-error-rate")).isEqualTo(1.0);
    }

    @Test
    void noDataYetReadsNaNNotAPerfectScore() throws Exception {
        cluster.set(new ScopeSnapshot(Double.NaN, Double.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1,
                LatencySummary.EMPTY, LatencySummary.EMPTY));
        clock.advanceMillis(1_000);

        assertThat(server.getAttribute(produce, "produce-availability-avg")).isEqualTo(Double.NaN);
        assertThat(server.getAttribute(consume, "consume-availability-avg")).isEqualTo(Double.NaN);
        assertThat(server.getAttribute(consume, "records-delay-ms-99th")).isEqualTo(Double.NaN);
        assertThat(server.getAttribute(produce, "records-produced-total")).isEqualTo(0.0);
        assertThat(Arrays.asList(server.getMBeanInfo(produce).getAttributes())).hasSize(9);
    }
}
