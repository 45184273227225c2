package dev.vigil.core.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every metric scope Vigil currently reports, for reporters to enumerate. Scopes come and go with
 * partitions and brokers; a reporter reads {@link #collect} and mirrors what it finds. One
 * registry per process, passed in, never static.
 */
public final class MetricRegistry {

    private final Map<MetricScope, MetricSource> sources = new ConcurrentHashMap<>();

    public void register(MetricScope scope, MetricSource source) {
        sources.put(scope, source);
    }

    public void unregister(MetricScope scope) {
        sources.remove(scope);
    }

    public List<ScopedValues> collect(long nowMicros) {
        List<ScopedValues> out = new ArrayList<>(sources.size());
        sources.forEach((scope, source) -> out.add(new ScopedValues(scope, source.values(nowMicros))));
        return out;
    }

    public int size() {
        return sources.size();
    }

    public record ScopedValues(MetricScope scope, List<MetricValue> values) {
    }
}
