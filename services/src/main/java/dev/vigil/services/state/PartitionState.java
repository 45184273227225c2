package dev.vigil.services.state;

import java.util.List;

/**
 * One partition of the monitor topic: its leader ({@link #NO_LEADER} when offline), its replicas
 * in preference order (the first is the preferred leader) and its in-sync replicas.
 */
public record PartitionState(int partition, int leader, List<Integer> replicas, List<Integer> isr) {

    public static final int NO_LEADER = -1;

    public PartitionState {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    public int preferredLeader() {
        return replicas.isEmpty() ? NO_LEADER : replicas.get(0);
    }

    public boolean offline() {
        return leader == NO_LEADER;
    }

    public boolean underReplicated() {
        return isr.size() < replicas.size();
    }
}
