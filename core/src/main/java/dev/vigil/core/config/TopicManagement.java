package dev.vigil.core.config;

import java.util.Arrays;
import java.util.List;

/**
 * What Vigil may do to the monitor topic ({@code topic.management}).
 *
 * <p>{@link #REPORT_ONLY} exists for clusters balanced by Cruise Control or a cloud provider: two
 * balancers moving the same partitions fight each other, so Vigil only says what it would do.
 */
public enum TopicManagement {
    /** Create, grow, reassign and elect leaders so every broker leads a monitor partition. */
    MANAGE("manage"),
    /** Compute and report the plan (log, metrics); change nothing. */
    REPORT_ONLY("report-only"),
    /** Neither act nor plan; the topic must exist. */
    OFF("off");

    private final String configName;

    TopicManagement(String configName) {
        this.configName = configName;
    }

    /** The value as written in the config file. */
    public String configName() {
        return configName;
    }

    static List<String> configNames() {
        return Arrays.stream(values()).map(TopicManagement::configName).toList();
    }

    static TopicManagement fromConfigName(String name) {
        return Arrays.stream(values()).filter(m -> m.configName.equals(name)).findFirst().orElseThrow();
    }
}
