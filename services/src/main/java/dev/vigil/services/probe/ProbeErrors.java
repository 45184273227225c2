package dev.vigil.services.probe;

import dev.vigil.core.metrics.Metric;
import dev.vigil.core.metrics.MetricValue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Failed produce probes counted by Kafka exception class, per cluster and per broker (leader at send
 * time), and the latest error of each broker.
 *
 * <p>Each (broker, class) count is a metric series of its own, so the classes are bounded: the first
 * {@link #MAX_CLASSES} distinct class names seen keep their name, any later one is counted as
 * {@link #OTHER}. A producer's send fails with one of a small set of Kafka exceptions (timeout, not
 * leader, not enough replicas, authorization, record too large, ...), so in practice the bound is never
 * reached; it only keeps a surprise (a client bug, a plugin's exception) from growing the series without
 * end. The latest error of a broker keeps its true class name: it is shown, not a label.
 */
public final class ProbeErrors {

    /** Distinct error class names counted by name; more are counted as {@link #OTHER}. */
    public static final int MAX_CLASSES = 16;
    public static final String OTHER = "Other";
    /** The one metric of a {@code MetricScope.brokerError} scope. */
    public static final Metric PRODUCE_ERRORS = Metric.counter("produceErrors", "produce probes to this broker that"
            + " failed with this error class (at most " + MAX_CLASSES + " classes by name, the rest as " + OTHER + ")");

    /** The latest send error attributed to a broker, and when it happened. */
    public record LastError(String errorClass, long atMicros) {
    }

    private final Map<String, LongAdder> byClass = new ConcurrentHashMap<>();
    private final Map<Integer, Map<String, LongAdder>> byBroker = new ConcurrentHashMap<>();
    private final Map<Integer, LastError> last = new ConcurrentHashMap<>();
    private final Set<String> named = ConcurrentHashMap.newKeySet();

    public void record(int broker, String errorClass, long atMicros) {
        String counted = bounded(errorClass);
        byClass.computeIfAbsent(counted, k -> new LongAdder()).increment();
        byBroker.computeIfAbsent(broker, b -> new ConcurrentHashMap<>())
                .computeIfAbsent(counted, k -> new LongAdder()).increment();
        last.put(broker, new LastError(errorClass, atMicros));
    }

    private String bounded(String errorClass) {
        if (named.contains(errorClass)) {
            return errorClass;
        }
        synchronized (named) {
            return named.size() < MAX_CLASSES && named.add(errorClass) || named.contains(errorClass)
                    ? errorClass : OTHER;
        }
    }

    public Optional<LastError> lastError(int broker) {
        return Optional.ofNullable(last.get(broker));
    }

    public Map<String, Long> total() {
        return copy(byClass);
    }

    public Map<String, Long> forBroker(int broker) {
        return copy(byBroker.getOrDefault(broker, Map.of()));
    }

    /** Calls {@code action} with every broker and error class counted so far. */
    public void forEachCounted(BiConsumer<Integer, String> action) {
        byBroker.forEach((broker, classes) -> classes.keySet().forEach(c -> action.accept(broker, c)));
    }

    /** The values of the scope of one broker's error class ({@code MetricScope.brokerError}). */
    public List<MetricValue> values(int broker, String errorClass) {
        LongAdder count = byBroker.getOrDefault(broker, Map.of()).get(errorClass);
        return List.of(PRODUCE_ERRORS.value(count == null ? 0 : count.sum()));
    }

    private static Map<String, Long> copy(Map<String, LongAdder> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
