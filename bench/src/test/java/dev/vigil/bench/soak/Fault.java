package dev.vigil.bench.soak;

/** The faults the soak injects, one at a time, each healed before the next. */
public enum Fault {
    /** A broker killed: no controlled shutdown, its leaderships move only once the controller fences it. */
    ABRUPT_STOP(true, true),
    /** A broker stopped by controlled shutdown, then started again. */
    GRACEFUL_STOP(false, true),
    /** Clients' traffic to a broker dropped (replication untouched), then restored. */
    BLACKHOLE(true, true),
    /** Latency added between clients and a broker, then removed. */
    LATENCY(false, true),
    /** Partitions added to the monitor topic behind Vigil's back. */
    ADD_PARTITIONS(false, false),
    /** Vigil itself stopped and started again, as a redeploy does. */
    VIGIL_RESTART(false, false),
    /**
     * A broker left to lead every partition alone, then killed, and a stale broker elected in its place
     * ({@link UncleanElection}): the acked probes only it held are destroyed.
     */
    UNCLEAN_ELECTION(false, true);

    private final boolean outage;
    private final boolean onBroker;

    Fault(boolean outage, boolean onBroker) {
        this.outage = outage;
        this.onBroker = onBroker;
    }

    /** Whether it is done to one broker, for a while. */
    public boolean onBroker() {
        return onBroker;
    }

    /** Whether it takes a broker away from the clients long enough that Vigil must report an outage. */
    public boolean outage() {
        return outage;
    }
}
