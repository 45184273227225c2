package dev.vigil.bench.hundred;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster-scope series of one {@code /metrics} answer: those whose only label is {@code cluster}
 * (broker and partition series carry more labels and are left out), by cluster and family name.
 */
record Scrape(Map<String, Map<String, Double>> byCluster) {

    static final String PRODUCE_AVAILABILITY = "vigil_produce_availability_ratio";
    static final String CONSUME_AVAILABILITY = "vigil_consume_availability_ratio";
    static final String PRODUCE_ATTEMPTS = "vigil_produce_attempts_total";
    static final String BEHIND_SCHEDULE = "vigil_probes_behind_schedule_total";

    private static final Pattern CLUSTER_SERIES = Pattern.compile("^(vigil_[a-z0-9_]+)\\{cluster=\"([^\"]+)\"} (\\S+)$");

    static Scrape parse(String body) {
        Map<String, Map<String, Double>> out = new HashMap<>();
        body.lines().forEach(line -> {
            Matcher m = CLUSTER_SERIES.matcher(line);
            if (m.matches()) {
                out.computeIfAbsent(m.group(2), c -> new HashMap<>()).put(m.group(1), Double.parseDouble(m.group(3)));
            }
        });
        return new Scrape(out);
    }

    /** NaN when the cluster has no such series (yet). */
    double value(String cluster, String family) {
        return byCluster.getOrDefault(cluster, Map.of()).getOrDefault(family, Double.NaN);
    }

    boolean perfect(String cluster) {
        return value(cluster, PRODUCE_AVAILABILITY) == 1.0 && value(cluster, CONSUME_AVAILABILITY) == 1.0;
    }
}
