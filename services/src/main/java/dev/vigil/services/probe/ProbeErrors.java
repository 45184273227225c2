package dev.vigil.services.probe;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Failed probes counted by Kafka exception class, per cluster and per broker (leader at send time),
 * and the latest error of each broker.
 */
public final class ProbeErrors {

    /** The latest send error attributed to a broker, and when it happened. */
    public record LastError(String errorClass, long atMicros) {
    }

    private final Map<String, LongAdder> byClass = new ConcurrentHashMap<>();
    private final Map<Integer, Map<String, LongAdder>> byBroker = new ConcurrentHashMap<>();
    private final Map<Integer, LastError> last = new ConcurrentHashMap<>();

    public void record(int broker, String errorClass, long atMicros) {
        byClass.computeIfAbsent(errorClass, k -> new LongAdder()).increment();
        byBroker.computeIfAbsent(broker, b -> new ConcurrentHashMap<>())
                .computeIfAbsent(errorClass, k -> new LongAdder()).increment();
        last.put(broker, new LastError(errorClass, atMicros));
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

    private static Map<String, Long> copy(Map<String, LongAdder> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
