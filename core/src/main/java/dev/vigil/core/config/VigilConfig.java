package dev.vigil.core.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole configuration: what to monitor and how to report it. Built by {@link ConfigLoader},
 * which has validated every value; records only guard against nulls.
 *
 * @param summaryInterval      {@code summary.interval.ms}: how often the log reporter writes a
 *                             summary line; default 10000, 1000..3600000
 * @param clusters             {@code clusters}: at least one, with unique names, in file order
 * @param http                 the web server (http.*, jolokia.*)
 * @param slo                  the service-level objectives (slo.*)
 * @param xinfraCompat         {@code jmx.xinfra.compat}: also register Xinfra Monitor's MBeans;
 *                             default false
 * @param partitionHistograms  {@code prometheus.partition.histograms}: export latency histograms
 *                             per partition too (2 × 17 series per partition); default false
 * @param labels               {@code instance} and {@code zone}: which Vigil this is; both optional
 */
public record VigilConfig(Duration summaryInterval, List<ClusterConfig> clusters, HttpConfig http, SloConfig slo,
                          boolean xinfraCompat, boolean partitionHistograms, InstanceLabels labels) {

    /** The top-level keys. */
    public static final class Keys {
        public static final String SUMMARY_INTERVAL_MS = "summary.interval.ms";
        public static final String CLUSTERS = "clusters";
        public static final String XINFRA_COMPAT = "jmx.xinfra.compat";
        public static final String PARTITION_HISTOGRAMS = "prometheus.partition.histograms";
        static final List<String> ALL = ClusterConfig.concat(List.of(SUMMARY_INTERVAL_MS, CLUSTERS), HttpConfig.Keys.ALL,
                SloConfig.Keys.ALL, List.of(XINFRA_COMPAT, PARTITION_HISTOGRAMS), InstanceLabels.Keys.ALL);

        private Keys() {
        }
    }

    private static final String CLUSTER_EXAMPLE = "\"clusters\": [{\"name\": \"local\", \"sandbox\": {}}]";

    public VigilConfig {
        Objects.requireNonNull(summaryInterval, "summaryInterval");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(labels, "labels");
        clusters = List.copyOf(clusters);
    }

    static VigilConfig read(ConfigObject root) {
        root.rejectUnknownKeys(Keys.ALL, "");
        Duration summaryInterval = root.millis(Keys.SUMMARY_INTERVAL_MS, 10_000, 1000, 3_600_000);
        List<ConfigObject> clusterObjects = root.optionalObjectArray(Keys.CLUSTERS, "cluster")
                .orElseThrow(() -> root.error(Keys.CLUSTERS, "required; add at least one cluster, e.g. " + CLUSTER_EXAMPLE));
        if (clusterObjects.isEmpty()) {
            throw root.error(Keys.CLUSTERS, "is empty; add at least one cluster, e.g. " + CLUSTER_EXAMPLE);
        }
        // Names label every metric and MBean, so two clusters with one name would mix their numbers.
        Map<String, String> pathByName = new HashMap<>();
        List<ClusterConfig> clusters = clusterObjects.stream().map(ClusterConfig::read).toList();
        for (int i = 0; i < clusters.size(); i++) {
            String name = clusters.get(i).name();
            String earlier = pathByName.putIfAbsent(name, clusterObjects.get(i).path());
            if (earlier != null) {
                throw clusterObjects.get(i).error(ClusterConfig.Keys.NAME, ConfigObject.quote(name)
                        + " is already the name of " + earlier + "; cluster names must be unique");
            }
        }
        for (int i = 0; i < clusters.size(); i++) {
            String source = clusters.get(i).name();
            String target = clusters.get(i).mirror().map(MirrorConfig::to).orElse(null);
            if (target != null && !pathByName.containsKey(target)) {
                throw new ConfigException(clusterObjects.get(i).pathOf(MirrorConfig.Keys.MIRROR) + "."
                        + MirrorConfig.Keys.TO + ": " + ConfigObject.quote(target) + " is not a configured cluster;"
                        + " use one of " + String.join(", ", clusters.stream().map(ClusterConfig::name)
                        .filter(n -> !n.equals(source)).toList()));
            }
        }
        return new VigilConfig(summaryInterval, clusters, HttpConfig.read(root), SloConfig.read(root),
                root.bool(Keys.XINFRA_COMPAT, false), root.bool(Keys.PARTITION_HISTOGRAMS, false),
                InstanceLabels.read(root));
    }
}
