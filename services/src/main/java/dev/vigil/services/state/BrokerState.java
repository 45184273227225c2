package dev.vigil.services.state;

import java.util.Objects;
import java.util.Optional;

/**
 * A broker registered with the cluster, as the controller sees it.
 *
 * @param online false while the broker is fenced (stopped, crashed, or lost its session): it is
 *               still registered, still holds its replicas, and will be back
 */
public record BrokerState(int id, Optional<String> rack, boolean online) {

    public BrokerState {
        Objects.requireNonNull(rack, "rack");
    }

    public static BrokerState online(int id) {
        return new BrokerState(id, Optional.empty(), true);
    }
}
