package dev.vigil.webui.dashboard;

import dev.vigil.core.episodes.EpisodesSnapshot;
import dev.vigil.core.stats.ScopeSnapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ClusterSource} whose reports and totals the test sets, and sandbox controls that record
 * what they were asked to do; for testing the dashboard's rules and API without a cluster (the
 * application's end-to-end and browser tests run it on a real sandbox).
 */
public final class FixedClusters implements ClusterSource {

    private final Map<String, ClusterReport> reports = new LinkedHashMap<>();
    private final Map<String, ScopeSnapshot> totals = new LinkedHashMap<>();
    private final Map<String, RecordingControls> sandboxes = new LinkedHashMap<>();
    private final Map<String, EpisodesSnapshot> episodes = new LinkedHashMap<>();

    public synchronized void put(ClusterReport report, ScopeSnapshot total) {
        reports.put(report.name(), report);
        totals.put(report.name(), total);
    }

    public synchronized void putEpisodes(String cluster, EpisodesSnapshot snapshot) {
        episodes.put(cluster, snapshot);
    }

    public synchronized RecordingControls sandbox(String cluster, int brokers) {
        RecordingControls controls = new RecordingControls(brokers);
        sandboxes.put(cluster, controls);
        return controls;
    }

    @Override
    public synchronized List<String> clusters() {
        return new ArrayList<>(reports.keySet());
    }

    @Override
    public synchronized Optional<ScopeSnapshot> totals(String cluster) {
        return Optional.ofNullable(totals.get(cluster));
    }

    @Override
    public synchronized Optional<ClusterReport> report(String cluster) {
        return Optional.ofNullable(reports.get(cluster));
    }

    @Override
    public synchronized Optional<EpisodesSnapshot> episodes(String cluster) {
        return Optional.ofNullable(episodes.get(cluster));
    }

    @Override
    public synchronized Optional<SandboxControls> sandbox(String cluster) {
        return Optional.ofNullable(sandboxes.get(cluster));
    }

    /** Remembers each call as text ("stop 2", "latency 3 200"), and keeps the brokers' state accordingly. */
    public static final class RecordingControls implements SandboxControls {
        public final List<String> calls = new CopyOnWriteArrayList<>();
        private final Map<Integer, BrokerControl> brokers = new LinkedHashMap<>();

        RecordingControls(int count) {
            for (int id = 1; id <= count; id++) {
                brokers.put(id, new BrokerControl(id, true, 0));
            }
        }

        @Override
        public synchronized List<BrokerControl> brokers() {
            return List.copyOf(brokers.values());
        }

        @Override
        public synchronized void stopBroker(int id) {
            calls.add("stop " + id);
            brokers.computeIfPresent(id, (k, b) -> new BrokerControl(id, false, b.latencyMs()));
        }

        @Override
        public synchronized void startBroker(int id) {
            calls.add("start " + id);
            brokers.computeIfPresent(id, (k, b) -> new BrokerControl(id, true, b.latencyMs()));
        }

        @Override
        public synchronized void setLatency(int id, Duration added) {
            calls.add("latency " + id + " " + added.toMillis());
            brokers.computeIfPresent(id, (k, b) -> new BrokerControl(id, b.running(), added.toMillis()));
        }
    }
}
