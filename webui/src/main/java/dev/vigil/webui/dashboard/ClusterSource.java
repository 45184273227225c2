package dev.vigil.webui.dashboard;

import dev.vigil.core.episodes.EpisodesSnapshot;
import dev.vigil.core.stats.ScopeSnapshot;

import java.util.List;
import java.util.Optional;

/**
 * Where the dashboard reads the monitored clusters from; the application adapts its cluster
 * monitors to it, so the web module knows nothing of Kafka.
 */
public interface ClusterSource {

    /** The configured clusters' names, in configuration order. */
    List<String> clusters();

    /** The cluster total of the cluster's latest reading (cheap: sampled every few seconds for the time series). */
    Optional<ScopeSnapshot> totals(String cluster);

    /** Everything about the cluster now; empty for an unknown name. */
    Optional<ClusterReport> report(String cluster);

    /** The cluster's outage episodes as of its latest reading; empty for an unknown name or before its monitor starts. */
    Optional<EpisodesSnapshot> episodes(String cluster);

    /** The fault controls when the cluster is a sandbox Vigil runs itself; empty otherwise. */
    Optional<SandboxControls> sandbox(String cluster);
}
