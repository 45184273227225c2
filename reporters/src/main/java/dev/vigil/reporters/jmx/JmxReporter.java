package dev.vigil.reporters.jmx;

import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.MetricSource;
import dev.vigil.core.service.Service;
import dev.vigil.core.time.MicroClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Publishes every scope of a {@link MetricRegistry} as a read-only MBean (README, "Getting the
 * metrics out"), following the registry: a scope's MBean is registered when the scope is added and
 * unregistered when it is removed, and {@link #stop()} unregisters every MBean this reporter
 * registered, so no bean outlives its partition, broker or cluster. Attribute reads go to the
 * scope's {@link MetricSource} (through {@link RecentValues}).
 *
 * <p>With {@code xinfraCompat}, each cluster scope is also published under Xinfra Monitor's names,
 * {@code kmf.services:type=produce-service,name=<cluster>}, {@code ...type=consume-service...} and,
 * for the offset-commit and controller probes when they run, the commit and topic-manipulation services
 * (see docs/xinfra-compat.md).
 *
 * <p>A bean that cannot be registered (most often: another Vigil in the same JVM already has that
 * name) is logged in one line, once, and skipped; the others are unaffected, and the other
 * owner's bean is never unregistered by this reporter.
 *
 * <p>Registry callbacks and {@link #stop()} are serialized on this object. The registry calls its
 * listeners under its own lock, so {@link #stop()} detaches from the registry before taking this
 * one, never while holding it.
 */
public final class JmxReporter implements Service, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JmxReporter.class);

    private final MetricRegistry registry;
    private final MBeanServer server;
    private final MicroClock clock;
    private final boolean xinfraCompat;
    private final MetricRegistry.Listener follower = new Follower();
    private final AtomicBoolean running = new AtomicBoolean();
    /** The names this reporter registered, by scope; guarded by {@code this}. */
    private final Map<MetricScope, List<ObjectName>> registered = new HashMap<>();
    /** Names already reported as not registrable, so a retry does not repeat the line; guarded by {@code this}. */
    private final Set<ObjectName> reportedFailures = new HashSet<>();

    /**
     * @param registry     the scopes to publish
     * @param server       where to register the beans, normally {@code ManagementFactory.getPlatformMBeanServer()}
     * @param clock        the time passed to the metric sources
     * @param xinfraCompat also register Xinfra Monitor's produce-service and consume-service beans per cluster
     */
    public JmxReporter(MetricRegistry registry, MBeanServer server, MicroClock clock, boolean xinfraCompat) {
        this.registry = registry;
        this.server = server;
        this.clock = clock;
        this.xinfraCompat = xinfraCompat;
    }

    /** Registers a bean for every scope already in the registry, then follows it. */
    @Override
    public void start() {
        if (running.compareAndSet(false, true)) {
            registry.addListener(follower);
        }
    }

    /** Stops following the registry and unregisters every bean this reporter registered; returns when done. */
    @Override
    public void stop() {
        if (running.compareAndSet(true, false)) {
            registry.removeListener(follower);
            synchronized (this) {
                registered.values().forEach(names -> names.forEach(this::unregister));
                registered.clear();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    /** {@link #stop()} finishes before it returns, so there is never anything to wait for. */
    @Override
    public boolean awaitShutdown(Duration timeout) {
        return !running.get();
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void added(MetricScope scope, MetricSource source) {
        removed(scope); // a replaced source: its beans read the old one
        RecentValues values = new RecentValues(source, clock);
        List<ObjectName> names = new ArrayList<>(3);
        register(ObjectNames.of(scope), new ReadOnlyMBean("Vigil " + scope.type().name().toLowerCase(Locale.ROOT)
                + " metrics " + scope.labels(), () -> ScopeAttributes.of(values.read().values())), names);
        if (xinfraCompat && scope.type() == MetricScope.Type.CLUSTER) {
            String cluster = scope.labels().get("cluster");
            registerXinfra("produce-service", cluster, values, new XinfraProduceAttributes(), names);
            registerXinfra("consume-service", cluster, values, XinfraConsumeAttributes::of, names);
            // A probe's values are in the scope from its registration on, or never (the probe is off).
            ScopeReading first = values.read();
            if (XinfraCommitAttributes.present(first)) {
                registerXinfra("commit-availability-service", cluster, values, XinfraCommitAttributes::availability,
                        names);
                registerXinfra("commit-latency-service", cluster, values, XinfraCommitAttributes::latency, names);
            }
            if (XinfraTopicManipulationAttributes.present(first)) {
                registerXinfra("cluster-topic-manipulation-service", cluster, values,
                        XinfraTopicManipulationAttributes::of, names);
            }
        }
        values.keepReadings();
        registered.put(scope, names);
    }

    /** Xinfra Monitor's {@code service} bean of {@code cluster}, its attributes made from each reading of the scope. */
    private void registerXinfra(String service, String cluster, RecentValues values,
                                Function<ScopeReading, List<JmxAttribute>> attributes, List<ObjectName> names) {
        register(ObjectNames.xinfra(service, cluster), new ReadOnlyMBean("Xinfra Monitor compatible " + service
                + " metrics of Vigil cluster " + cluster, () -> attributes.apply(values.read())), names);
    }

    private synchronized void removed(MetricScope scope) {
        List<ObjectName> names = registered.remove(scope);
        if (names != null) {
            names.forEach(this::unregister);
        }
    }

    private void register(ObjectName name, ReadOnlyMBean bean, List<ObjectName> names) {
        try {
            server.registerMBean(bean, name);
            names.add(name);
        } catch (JMException | RuntimeException e) {
            if (reportedFailures.add(name)) {
                String why = e instanceof InstanceAlreadyExistsException
                        ? "the name is taken (another Vigil or reporter in this JVM?)" : e.toString();
                log.warn("JMX bean {} not registered, its metrics are not published over JMX: {}", name, why);
            }
        }
    }

    private void unregister(ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (JMException | RuntimeException e) {
            log.warn("JMX bean {} could not be unregistered: {}", name, e.toString());
        }
    }

    /** The registry's view of this reporter; kept private so only the registry drives it. */
    private final class Follower implements MetricRegistry.Listener {
        @Override
        public void added(MetricScope scope, MetricSource source) {
            JmxReporter.this.added(scope, source);
        }

        @Override
        public void removed(MetricScope scope) {
            JmxReporter.this.removed(scope);
        }
    }
}
