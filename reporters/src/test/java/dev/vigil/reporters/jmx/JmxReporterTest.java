package dev.vigil.reporters.jmx;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.metrics.Unit;
import dev.vigil.core.stats.ScopeMetrics;
import dev.vigil.core.stats.ScopeSnapshot;
import dev.vigil.core.time.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.vigil.reporters.jmx.ExposedLatencies.E2E;
import static dev.vigil.reporters.jmx.ExposedLatencies.PRODUCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JmxReporterTest {

    /** As services' ProbeErrors counts a broker's produce errors of one class (app's PrometheusNamesTest checks it is). */
    private static final Metric PRODUCE_ERRORS = Metric.counter("produceErrors", "produce errors of this class");

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final ManualClock clock = new ManualClock(1_700_000_000_000_000L);
    private final MetricRegistry registry = new MetricRegistry();
    private final List<JmxReporter> reporters = new ArrayList<>();

    @AfterEach
    void closeReporters() {
        reporters.forEach(JmxReporter::close);
    }

    private JmxReporter reporter(boolean xinfraCompat) {
        JmxReporter reporter = new JmxReporter(registry, server, clock, xinfraCompat);
        reporters.add(reporter);
        reporter.start();
        return reporter;
    }

    /** A scope whose numbers the test sets, published through the real {@link ScopeMetrics} names. */
    private static final class FakeScope {
        final AtomicReference<ScopeSnapshot> snapshot;
        final AtomicInteger reads = new AtomicInteger();

        FakeScope() {
            this(snapshot(0, 0, 0, 0, 0, 0));
        }

        FakeScope(ScopeSnapshot initial) {
            snapshot = new AtomicReference<>(initial);
        }

        List<MetricValue> values(long nowMicros) {
            reads.incrementAndGet();
            ScopeSnapshot s = snapshot.get();
            return ScopeMetrics.of(s, s.produceAvailability(), s.consumeAvailability());
        }
    }

    private static ScopeSnapshot snapshot(long attempts, long failures, long received, long lostAcked, long duplicates,
                                          long late) {
        return new ScopeSnapshot(0.75, 0.5, attempts, failures, 40, 2, received, lostAcked, 3, duplicates, late, 0, 0, 0, 0, 0, 0,
                PRODUCE, E2E);
    }

    private static ObjectName name(String name) throws Exception {
        return new ObjectName(name);
    }

    /**
     * Registers {@code scope}, read from {@code source}, and starts a reporter without the Xinfra beans;
     * returns the scope's bean.
     */
    private ObjectName publishedAlone(MetricScope scope, FakeScope source, String beanName) throws Exception {
        registry.register(scope, source::values);
        reporter(false);
        return name(beanName);
    }

    /** Cluster c1's Xinfra Monitor beans, which sort before Vigil's own, then {@code vigilBeans}. */
    private static String[] xinfraBeansOfC1And(String... vigilBeans) {
        return Stream.concat(Stream.of("kmf.services:type=consume-service,name=c1",
                "kmf.services:type=produce-service,name=c1"), Stream.of(vigilBeans)).toArray(String[]::new);
    }

    private Set<String> beans() throws Exception {
        Set<String> out = new TreeSet<>();
        for (String pattern : List.of("vigil:*", "kmf.services:*")) {
            server.queryNames(new ObjectName(pattern), null).forEach(n -> out.add(n.toString()));
        }
        return out;
    }

    private void registerSandboxLikeScopes(FakeScope source) {
        registry.register(MetricScope.cluster("c1"), source::values);
        registry.register(MetricScope.broker("c1", 1), source::values);
        registry.register(MetricScope.broker("c1", 2), source::values);
        registry.register(MetricScope.partition("c1", "__vigil_probe", 0), source::values);
        registry.register(MetricScope.partition("c1", "__vigil_probe", 1), source::values);
    }

    @Test
    void oneBeanPerScopeFollowsTheRegistryAndNoneIsLeftAfterClose() throws Exception {
        FakeScope source = new FakeScope();
        registerSandboxLikeScopes(source); // before start: published at start
        JmxReporter reporter = reporter(true);
        registry.register(MetricScope.partition("c1", "__vigil_probe", 2), source::values); // after start

        assertThat(beans()).containsExactly(xinfraBeansOfC1And(
                "vigil:type=broker,cluster=c1,broker=1",
                "vigil:type=broker,cluster=c1,broker=2",
                "vigil:type=cluster,cluster=c1",
                "vigil:type=partition,cluster=c1,topic=__vigil_probe,partition=0",
                "vigil:type=partition,cluster=c1,topic=__vigil_probe,partition=1",
                "vigil:type=partition,cluster=c1,topic=__vigil_probe,partition=2"));

        registry.unregister(MetricScope.partition("c1", "__vigil_probe", 1));
        registry.unregister(MetricScope.broker("c1", 2));
        assertThat(beans()).containsExactly(xinfraBeansOfC1And(
                "vigil:type=broker,cluster=c1,broker=1",
                "vigil:type=cluster,cluster=c1",
                "vigil:type=partition,cluster=c1,topic=__vigil_probe,partition=0",
                "vigil:type=partition,cluster=c1,topic=__vigil_probe,partition=2"));

        registry.unregister(MetricScope.cluster("c1"));
        assertThat(beans()).containsExactly(
                "vigil:type=broker,cluster=c1,broker=1",
                "vigil:type=partition,cluster=c1,topic=__vigil_probe,partition=0",
                "vigil:type=partition,cluster=c1,topic=__vigil_probe,partition=2");

        reporter.close();
        assertThat(beans()).isEmpty();
        assertThat(reporter.isRunning()).isFalse();
        assertThat(reporter.awaitShutdown(java.time.Duration.ZERO)).isTrue();
        // no longer following: a new scope gets no bean
        registry.register(MetricScope.partition("c1", "__vigil_probe", 3), source::values);
        assertThat(beans()).isEmpty();
    }

    @Test
    void ledgerOutcomesAndBrokerErrorClassesAreLongAttributes() throws Exception {
        FakeScope source = new FakeScope();
        source.snapshot.set(new ScopeSnapshot(0.75, 0.5, 10, 2, 8, 1, 8, 0, 0, 0, 0, 6, 7, 8, 9, 10, 0, PRODUCE, E2E));
        registry.register(MetricScope.broker("c1", 1), source::values);
        registry.register(MetricScope.brokerError("c1", 1, "TimeoutException"),
                at -> List.of(PRODUCE_ERRORS.value(3)));
        reporter(false);
        ObjectName broker = name("vigil:type=broker,cluster=c1,broker=1");

        AttributeList outcomes = server.getAttributes(broker,
                new String[]{"notAttempted", "receivedAfterGrace", "unjudged", "lostThenReceived", "lostAckedAfterRead"});
        assertThat(outcomes.asList()).extracting(Attribute::getValue).containsExactly(6L, 7L, 8L, 9L, 10L);
        assertThat(server.getAttribute(name("vigil:type=broker_error,cluster=c1,broker=1,error=TimeoutException"),
                "produceErrors")).isEqualTo(3L);
    }

    @Test
    void withoutXinfraCompatOnlyVigilBeans() throws Exception {
        registerSandboxLikeScopes(new FakeScope());
        reporter(false);

        assertThat(beans()).hasSize(5).allMatch(n -> n.startsWith("vigil:"));
    }

    @Test
    void countersAreLongsGaugesAreDoublesAndEveryLatencyHasAMillisecondTwin() throws Exception {
        FakeScope source = new FakeScope(snapshot(120, 30, 88, 1, 4, 5));
        ObjectName bean = publishedAlone(MetricScope.partition("c1", "__vigil_probe", 0), source, "vigil:type=partition,cluster=c1,topic=__vigil_probe,partition=0");

        assertThat(server.getAttribute(bean, "produceAttempts")).isEqualTo(120L);
        assertThat(server.getAttribute(bean, "produceFailures")).isEqualTo(30L);
        assertThat(server.getAttribute(bean, "received")).isEqualTo(88L);
        assertThat(server.getAttribute(bean, "lostAcked")).isEqualTo(1L);
        assertThat(server.getAttribute(bean, "lostUnacked")).isEqualTo(3L);
        assertThat(server.getAttribute(bean, "duplicates")).isEqualTo(4L);
        assertThat(server.getAttribute(bean, "late")).isEqualTo(5L);
        assertThat(server.getAttribute(bean, "consumeChecked")).isEqualTo(40L);
        assertThat(server.getAttribute(bean, "consumeFailures")).isEqualTo(2L);
        assertThat(server.getAttribute(bean, "produceAvailability")).isEqualTo(0.75);
        assertThat(server.getAttribute(bean, "consumeAvailability")).isEqualTo(0.5);
        assertThat(server.getAttribute(bean, "lastProduceOk")).isEqualTo(1.0);
        assertThat(server.getAttribute(bean, "consecutiveProduceFailures")).isEqualTo(0.0);
        assertThat(server.getAttribute(bean, "e2eLatencyP99Micros")).isEqualTo(12_345.0);
        assertThat(server.getAttribute(bean, "e2eLatencyP99Ms")).isEqualTo(12.345);
        assertThat(server.getAttribute(bean, "produceLatencyMaxMicros")).isEqualTo(15_000.0);
        assertThat(server.getAttribute(bean, "produceLatencyMaxMs")).isEqualTo(15.0);
        assertThat(server.getAttribute(bean, "produceLatencyMeanMs")).isEqualTo(1.5);
        assertThat(server.getAttribute(bean, "e2eLatencyP9999Ms")).isEqualTo(22.0);

        AttributeList some = server.getAttributes(bean, new String[]{"late", "e2eLatencyP50Ms", "noSuchThing"});
        assertThat(some.asList()).extracting(Attribute::getName, Attribute::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("late", 5L),
                        org.assertj.core.groups.Tuple.tuple("e2eLatencyP50Ms", 2.0));
        assertThatThrownBy(() -> server.getAttribute(bean, "noSuchThing")).isInstanceOf(AttributeNotFoundException.class);
    }

    @Test
    void beanInfoListsEveryValueWithItsTypeAndHelpAndNothingWritable() throws Exception {
        FakeScope source = new FakeScope();
        registry.register(MetricScope.broker("c1", 1), source::values);
        reporter(false);

        MBeanInfo info = server.getMBeanInfo(name("vigil:type=broker,cluster=c1,broker=1"));
        List<MetricValue> values = source.values(clock.nowMicros());
        Map<String, MBeanAttributeInfo> byName = Arrays.stream(info.getAttributes())
                .collect(Collectors.toMap(MBeanAttributeInfo::getName, a -> a, (a, b) -> a, LinkedHashMap::new));
        long twins = values.stream().filter(v -> v.metric().unit() == Unit.MICROSECONDS).count();
        assertThat(twins).isEqualTo(16);
        assertThat(byName).hasSize(values.size() + 16);
        for (MetricValue v : values) {
            MBeanAttributeInfo a = byName.get(v.metric().name());
            assertThat(a.getDescription()).isEqualTo(v.metric().help());
            assertThat(a.getType()).isEqualTo(v.metric().kind() == Metric.Kind.COUNTER ? "java.lang.Long" : "java.lang.Double");
        }
        assertThat(byName.get("e2eLatencyP99Ms").getType()).isEqualTo("java.lang.Double");
        assertThat(byName.get("e2eLatencyP99Ms").getDescription()).isEqualTo("e2eLatency 99th percentile over the window, in milliseconds");
        assertThat(info.getAttributes()).allMatch(a -> a.isReadable() && !a.isWritable() && !a.isIs());
        assertThat(info.getOperations()).isEmpty();
    }

    @Test
    void writesAndInvocationsAreRefused() throws Exception {
        registry.register(MetricScope.cluster("c1"), new FakeScope()::values);
        reporter(true);

        for (String bean : List.of("vigil:type=cluster,cluster=c1", "kmf.services:type=produce-service,name=c1",
                "kmf.services:type=consume-service,name=c1")) {
            ObjectName n = name(bean);
            String attribute = server.getMBeanInfo(n).getAttributes()[0].getName();
            Object before = server.getAttribute(n, attribute);
            assertThatThrownBy(() -> server.setAttribute(n, new Attribute(attribute, 0.0)))
                    .isInstanceOf(AttributeNotFoundException.class).hasMessageContaining("read-only");
            AttributeList set = server.setAttributes(n, new AttributeList(List.of(new Attribute(attribute, 0.0))));
            assertThat(set.asList()).isEmpty();
            assertThatThrownBy(() -> server.invoke(n, "reset", new Object[0], new String[0]))
                    .isInstanceOf(ReflectionException.class)
                    .hasCauseInstanceOf(NoSuchMethodException.class);
            assertThat(server.getAttribute(n, attribute)).isEqualTo(before);
        }
    }

    @Test
    void attributesAreReadLiveFromTheSourceReusingOneReadForAtMostAQuarterSecond() throws Exception {
        FakeScope source = new FakeScope(snapshot(10, 1, 9, 0, 0, 0));
        ObjectName bean = publishedAlone(MetricScope.cluster("c1"), source, "vigil:type=cluster,cluster=c1");
        int readsAtRegistration = source.reads.get();

        String[] all = Arrays.stream(server.getMBeanInfo(bean).getAttributes()).map(MBeanAttributeInfo::getName)
                .toArray(String[]::new);
        for (String attribute : all) {
            server.getAttribute(bean, attribute);
        }
        // Registration's reads are not kept (the test below): the bean read is one more, and only one.
        assertThat(source.reads.get()).as("one source read for a whole bean read at one instant")
                .isEqualTo(readsAtRegistration + 1);

        source.snapshot.set(snapshot(20, 2, 18, 0, 0, 0));
        clock.advanceMicros(RecentValues.MAX_AGE_MICROS - 1);
        assertThat(server.getAttribute(bean, "produceAttempts")).isEqualTo(10L);
        clock.advanceMicros(1);
        assertThat(server.getAttribute(bean, "produceAttempts")).isEqualTo(20L);
        assertThat(source.reads.get()).isEqualTo(readsAtRegistration + 2);
    }

    @Test
    void registeringABeanKeepsNoReadingOfItsScope() throws Exception {
        FakeScope source = new FakeScope(snapshot(10, 1, 9, 0, 0, 0));
        ObjectName bean = publishedAlone(MetricScope.partition("c1", "t", 7), source, "vigil:type=partition,cluster=c1,topic=t,partition=7");
        assertThat(source.reads.get()).as("the MBean server read the attribute names").isPositive();

        // Read again at the same instant: a reading kept from the registration would answer, with the old value.
        source.snapshot.set(snapshot(20, 2, 18, 0, 0, 0));
        assertThat(server.getAttribute(bean, "produceAttempts")).isEqualTo(20L);
    }

    @Test
    void aReplacedSourceIsReadFromThenOn() throws Exception {
        FakeScope first = new FakeScope();
        FakeScope second = new FakeScope();
        first.snapshot.set(snapshot(10, 0, 0, 0, 0, 0));
        second.snapshot.set(snapshot(77, 0, 0, 0, 0, 0));
        registry.register(MetricScope.cluster("c1"), first::values);
        reporter(true);
        registry.register(MetricScope.cluster("c1"), second::values);

        assertThat(server.getAttribute(name("vigil:type=cluster,cluster=c1"), "produceAttempts")).isEqualTo(77L);
        assertThat(server.getAttribute(name("kmf.services:type=produce-service,name=c1"), "records-produced-total"))
                .isEqualTo(77.0);
        assertThat(beans()).hasSize(3);
    }

    @Test
    void aNameTakenByAnotherReporterIsSkippedWithoutHarmToTheOthersOrToItsOwner() throws Exception {
        FakeScope mine = new FakeScope();
        mine.snapshot.set(snapshot(1, 0, 0, 0, 0, 0));
        registry.register(MetricScope.cluster("c1"), mine::values);
        JmxReporter first = reporter(true);

        MetricRegistry otherRegistry = new MetricRegistry();
        FakeScope theirs = new FakeScope();
        theirs.snapshot.set(snapshot(2, 0, 0, 0, 0, 0));
        otherRegistry.register(MetricScope.cluster("c1"), theirs::values);
        otherRegistry.register(MetricScope.partition("c1", "t", 0), theirs::values);
        JmxReporter second = new JmxReporter(otherRegistry, server, clock, true);
        reporters.add(second);
        second.start();

        assertThat(beans()).containsExactly(xinfraBeansOfC1And(
                "vigil:type=cluster,cluster=c1",
                "vigil:type=partition,cluster=c1,topic=t,partition=0"));
        assertThat(server.getAttribute(name("vigil:type=cluster,cluster=c1"), "produceAttempts")).isEqualTo(1L);

        second.close();
        assertThat(beans()).containsExactly(xinfraBeansOfC1And("vigil:type=cluster,cluster=c1"));
        first.close();
        assertThat(beans()).isEmpty();
    }

    @Test
    void aLabelThatNeedsQuotingIsQuotedAndTheBeanStillFollowsItsScope() throws Exception {
        registry.register(MetricScope.partition("c1", "odd,topic=x", 0), new FakeScope()::values);
        reporter(false);

        ObjectName n = name("vigil:type=partition,cluster=c1,topic=" + ObjectName.quote("odd,topic=x") + ",partition=0");
        assertThat(server.isRegistered(n)).isTrue();
        assertThat(n.getKeyProperty("topic")).isEqualTo("\"odd,topic=x\"");
        registry.unregister(MetricScope.partition("c1", "odd,topic=x", 0));
        assertThat(beans()).isEmpty();
    }
}
