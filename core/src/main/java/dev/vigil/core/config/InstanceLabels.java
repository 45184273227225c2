package dev.vigil.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which Vigil this is, for operators who run several against one cluster (one per zone, say): two
 * optional names that label every metric family and show on the dashboard, so a failure on one
 * zone's path shows in that zone's numbers only.
 *
 * <p>In Prometheus the instance is the label {@code vigil_instance}, not {@code instance}: Prometheus
 * sets {@code instance} on every scraped series itself (the target's address) and would rename an
 * exported one to {@code exported_instance}.
 *
 * @param instance {@code instance}: this Vigil's name, e.g. "vigil-eu-1"; absent by default
 * @param zone     {@code zone}: where it runs, e.g. "eu-west-1a"; absent by default
 */
public record InstanceLabels(Optional<String> instance, Optional<String> zone) {

    public static final class Keys {
        public static final String INSTANCE = "instance";
        public static final String ZONE = "zone";
        static final List<String> ALL = List.of(INSTANCE, ZONE);

        private Keys() {
        }
    }

    public static final InstanceLabels NONE = new InstanceLabels(Optional.empty(), Optional.empty());


    /** The metric labels, in this order, of those set: {@code vigil_instance}, {@code zone}. */
    public Map<String, String> metricLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        instance.ifPresent(i -> labels.put("vigil_instance", i));
        zone.ifPresent(z -> labels.put("zone", z));
        return labels;
    }

    static InstanceLabels read(ConfigObject root) {
        return new InstanceLabels(value(root, Keys.INSTANCE), value(root, Keys.ZONE));
    }

    private static Optional<String> value(ConfigObject root, String key) {
        Optional<String> value = root.optionalString(key);
        value.filter(v -> !ConfigNames.valid(v, ConfigNames.LABEL_MAX)).ifPresent(v -> {
            throw root.error(key, ConfigObject.quote(v) + " is not a valid value; use "
                    + ConfigNames.rule(ConfigNames.LABEL_MAX));
        });
        return value;
    }
}
