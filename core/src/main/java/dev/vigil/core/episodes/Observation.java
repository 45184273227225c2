package dev.vigil.core.episodes;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the monitor knows of its cluster at one harvest: its probes' counts (fresh each second) and the
 * latest cluster-state observation (one every {@code cluster.state.interval.ms}).
 *
 * @param atMicros        the harvest's time
 * @param stateAtMicros   when the latest cluster state was observed; empty before the first
 * @param online          every registered broker and whether it is unfenced, as of that state
 * @param leaders         each monitor partition's leader as of that state, {@link #NO_LEADER} when it has none
 * @param brokers         each broker's produce probes so far
 * @param partitions      each partition's produce probes so far (error classes are not kept per partition)
 * @param connectionsAtMicros when the latest connection-check round ended; empty before the first or with the
 *                        check off
 * @param connectionFailures the brokers whose check failed in that round, with why, among those it did not list
 *                        fenced
 */
public record Observation(long atMicros, OptionalLong stateAtMicros, Map<Integer, Boolean> online,
                          Map<Integer, Integer> leaders, Map<Integer, ProduceOutcomes> brokers,
                          Map<Integer, ProduceOutcomes> partitions, OptionalLong connectionsAtMicros,
                          Map<Integer, String> connectionFailures) {

    public static final int NO_LEADER = -1;

    public Observation {
        Objects.requireNonNull(stateAtMicros);
        online = Map.copyOf(online);
        leaders = Map.copyOf(leaders);
        brokers = Map.copyOf(brokers);
        partitions = Map.copyOf(partitions);
        Objects.requireNonNull(connectionsAtMicros);
        connectionFailures = Map.copyOf(connectionFailures);
    }

    /** Without the connection check. */
    public Observation(long atMicros, OptionalLong stateAtMicros, Map<Integer, Boolean> online, Map<Integer, Integer> leaders,
                       Map<Integer, ProduceOutcomes> brokers, Map<Integer, ProduceOutcomes> partitions) {
        this(atMicros, stateAtMicros, online, leaders, brokers, partitions, OptionalLong.empty(), Map.of());
    }

    /** A broker missing from the state (unregistered) or fenced is offline; before any state, none is. */
    boolean offline(int broker) {
        return stateAtMicros.isPresent() && !online.getOrDefault(broker, false);
    }
}
