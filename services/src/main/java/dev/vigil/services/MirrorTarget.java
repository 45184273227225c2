package dev.vigil.services;

import java.util.Objects;
import dev.vigil.core.config.ClusterConfig;

/**
 * The cluster a monitored cluster's topic is mirrored to, as the mirror probe reaches it: its
 * config (name, client properties) and the bootstrap servers in effect (a sandbox's are known only
 * once it runs).
 */
public record MirrorTarget(ClusterConfig cluster, String bootstrapServers) {

    public MirrorTarget {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    }
}
