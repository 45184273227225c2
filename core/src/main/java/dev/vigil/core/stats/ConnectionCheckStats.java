package dev.vigil.core.stats;

import dev.vigil.core.metrics.MetricHistogram;
import dev.vigil.core.metrics.MetricValue;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The connection check's numbers for one cluster: the latest round's result for every broker it listed, the
 * rounds so far, and every broker ever checked (each keeps its scopes).
 *
 * <p>Written by the connection check's thread once per round, read by reporters and the dashboard; a round's
 * results and the round count are replaced as one snapshot, so a reader never mixes two rounds.
 */
public final class ConnectionCheckStats implements ProbeNumbers {

    /**
     * One broker's check in one round.
     *
     * @param address           the advertised {@code host:port} the check connected to
     * @param fenced            whether the controller had fenced the broker when the round listed it
     * @param connectMicros     start until the TCP connect completed; -1 when it did not
     * @param apiVersionsMicros start until the first ApiVersions answer; -1 when none came
     * @param failure           why the check failed (refused, disconnected, timed out, authentication); null when ok
     */
    public record BrokerCheck(int broker, String address, boolean fenced, long connectMicros, long apiVersionsMicros,
                              String failure) {

        public boolean ok() {
            return failure == null;
        }
    }

    private final Set<Integer> everChecked = new ConcurrentSkipListSet<>();
    private volatile Snapshot current = new Snapshot(0, Map.of());
    private volatile long lastRoundMicros;

    /** One round's results, replacing the previous round's: a broker no longer listed has no result. */
    public void round(List<BrokerCheck> checks, long atMicros) {
        Map<Integer, BrokerCheck> byBroker = new TreeMap<>();
        for (BrokerCheck check : checks) {
            byBroker.put(check.broker(), check);
            everChecked.add(check.broker());
        }
        current = new Snapshot(current.rounds() + 1, Collections.unmodifiableMap(byBroker)); // one writer thread
        lastRoundMicros = atMicros;
    }

    /** Nothing windowed: each round replaces the last. */
    @Override
    public void harvest(long nowMicros) {
    }

    @Override
    public List<MetricHistogram> histograms(long nowMicros) {
        return List.of();
    }

    /** When the newest round ended; 0 before the first. */
    public long lastRoundMicros() {
        return lastRoundMicros;
    }

    /** The latest round's result per broker, by id. */
    public Map<Integer, BrokerCheck> latest() {
        return current.brokers();
    }

    /** Every broker a round has checked: each has a broker scope and a scope per phase. */
    @Override
    public Set<Integer> brokerIds() {
        return Collections.unmodifiableSet(everChecked);
    }

    /** The values of {@code broker}'s scope: none when the latest round did not list it. */
    @Override
    public List<MetricValue> brokerValues(int broker, long nowMicros) {
        BrokerCheck check = current.brokers().get(broker);
        return check == null ? List.of() : List.of(ConnectionCheckMetrics.CONNECTION_OK.value(check.ok() ? 1 : 0));
    }

    /** The values of the scope of {@code broker}'s {@code phase}: NaN when the phase did not complete. */
    public List<MetricValue> phaseValues(int broker, String phase) {
        BrokerCheck check = current.brokers().get(broker);
        if (check == null) {
            return List.of();
        }
        long micros = ConnectionCheckMetrics.PHASE_CONNECT.equals(phase) ? check.connectMicros()
                : check.apiVersionsMicros();
        return List.of(ConnectionCheckMetrics.CONNECTION.value(micros < 0 ? Double.NaN : micros));
    }

    /**
     * What the cluster scope and the dashboard show of the check at one moment.
     *
     * @param brokers the latest round's result per broker
     */
    public record Snapshot(long rounds, Map<Integer, BrokerCheck> brokers) {

        public long failingBrokers() {
            return brokers.values().stream().filter(c -> !c.ok()).count();
        }

        /** The values of the cluster scope. */
        public List<MetricValue> clusterValues() {
            return List.of(ConnectionCheckMetrics.ROUNDS.value(rounds),
                    ConnectionCheckMetrics.FAILING_BROKERS.value(failingBrokers()));
        }
    }

    public Snapshot snapshot() {
        return current;
    }
}
