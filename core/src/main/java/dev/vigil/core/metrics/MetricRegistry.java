package dev.vigil.core.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every metric scope Vigil currently reports, for reporters to enumerate. Scopes come and go with
 * partitions and brokers; a reporter either reads {@link #collect} when asked (Prometheus), or
 * follows the scopes as a {@link Listener} (JMX, which must register and unregister MBeans). One
 * registry per process, passed in, never static.
 */
public final class MetricRegistry {

    /**
     * Told of every scope added and removed, on the thread that changed the registry, one change
     * at a time and in order; must not block.
     */
    public interface Listener {
        void added(MetricScope scope, MetricSource source);

        void removed(MetricScope scope);
    }

    private final Map<MetricScope, MetricSource> sources = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Adds or replaces the source of {@code scope}. */
    public synchronized void register(MetricScope scope, MetricSource source) {
        MetricSource previous = sources.put(scope, source);
        if (previous != source) {
            listeners.forEach(l -> l.added(scope, source));
        }
    }

    public synchronized void unregister(MetricScope scope) {
        if (sources.remove(scope) != null) {
            listeners.forEach(l -> l.removed(scope));
        }
    }

    /** Adds {@code listener} and tells it at once of every scope already registered. */
    public synchronized void addListener(Listener listener) {
        listeners.add(listener);
        sources.forEach(listener::added);
    }

    public synchronized void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    public List<ScopedValues> collect(long nowMicros) {
        List<ScopedValues> out = new ArrayList<>(sources.size());
        sources.forEach((scope, source) -> out.add(new ScopedValues(scope, source.values(nowMicros))));
        return out;
    }

    /**
     * The current value of {@code metric} in {@code scope}: NaN when the scope is not registered or
     * has no such value. Reads the whole scope, so it is for one value, not for a reporter's loop.
     */
    public double value(MetricScope scope, Metric metric, long nowMicros) {
        MetricSource source = sources.get(scope);
        return source == null ? Double.NaN : MetricValue.find(source.values(nowMicros), metric);
    }

    /** The scopes of {@code type} registered now, with their sources. */
    public Map<MetricScope, MetricSource> sources(MetricScope.Type type) {
        Map<MetricScope, MetricSource> out = new java.util.HashMap<>();
        sources.forEach((scope, source) -> {
            if (scope.type() == type) {
                out.put(scope, source);
            }
        });
        return out;
    }

    public int size() {
        return sources.size();
    }

    public record ScopedValues(MetricScope scope, List<MetricValue> values) {
    }
}
