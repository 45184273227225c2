package dev.vigil.webui.dashboard;

import java.util.List;

/**
 * What one cluster's monitor knows at one moment, as the dashboard's JSON API shows it: the
 * monitor's own status, the probe totals, the cluster-state probe's latest observation, and rows for
 * brokers, partitions and recent events. Times are epoch milliseconds, latencies milliseconds;
 * a value with no data yet is null, never 0.
 *
 * @param clusterState null until the cluster-state probe has observed the cluster once
 */
public record ClusterReport(String name, String topic, Monitor monitor, Totals totals, ClusterStateRow clusterState,
                            List<BrokerRow> brokers, List<PartitionRow> partitions, List<EventRow> events,
                            List<ProbeRow> probes) {

    public ClusterReport {
        brokers = List.copyOf(brokers);
        partitions = List.copyOf(partitions);
        events = List.copyOf(events);
        probes = List.copyOf(probes);
    }

    /**
     * This report with other partition rows and only the newest {@code eventsKept} events: the page's refresh
     * sends only the worst partitions ({@link PartitionSummary}).
     */
    public ClusterReport compacted(List<PartitionRow> rows, int eventsKept) {
        return new ClusterReport(name, topic, monitor, totals, clusterState, brokers, rows,
                events.subList(0, Math.min(eventsKept, events.size())), probes);
    }

    /**
     * A probe besides produce and consume (offset commits, controller), when enabled: its windowed
     * availability, counters, p99 latency in ms, a detail such as the coordinator, and whether an ACL
     * refuses it.
     */
    public record ProbeRow(String name, Double availability, long attempts, long failures, Double p99, String detail,
                           boolean denied) {
    }

    /**
     * The monitor's status (STARTING, UNREACHABLE, RUNNING, FAILED, STOPPED) and why, and while it
     * runs, the kinds of verdict it has stopped giving (one line each; empty when fresh).
     */
    public record Monitor(String status, String reason, List<String> stale) {
        public Monitor {
            stale = List.copyOf(stale);
        }

        public Monitor(String status, String reason) {
            this(status, reason, List.of());
        }
    }

    /**
     * Windowed availabilities and cumulative counters of the whole cluster.
     *
     * @param lostAckedAfterRead acked probes read and then truncated from the log (not in {@code lostAcked})
     */
    public record Totals(Double produceAvailability, Double consumeAvailability, long produceAttempts,
                         long produceFailures, long consumeChecked, long consumeFailures, long received,
                         long lostAcked, long lostUnacked, long duplicates, long late, long foreignRecords,
                         long truncations, long lostAckedAfterRead, Latency produceLatency, Latency e2eLatency) {
    }

    /** Percentiles over the sliding window, in milliseconds; null without data. */
    public record Latency(long count, Double p50, Double p99, Double p999, Double max) {
    }

    /** The cluster-state probe's view; {@code reachable} false while its Admin calls fail. */
    public record ClusterStateRow(long observedAt, boolean reachable, int brokersOnline, int brokersRegistered,
                                  int controllerId, int underReplicatedPartitions, Integer underMinIsrPartitions,
                                  int offlinePartitions) {
    }

    /**
     * One broker: from the cluster state (rack, online, partitions it leads now) and from the probes
     * attributed to it as leader at send time.
     *
     * @param consecutiveFailures -1 before any probe attributed to it is final
     * @param connectionMs        the latest connection check's time to the ApiVersions answer; null when it failed,
     *                            or the check is off or has not listed the broker
     * @param connectionFailure   why the latest connection check failed (refused, timed out, ...); null otherwise
     */
    public record BrokerRow(int id, String rack, boolean registered, boolean online, int partitionsLed,
                            Double produceAvailability, Double consumeAvailability, Double e2eP99, Double produceP99,
                            int consecutiveFailures, String lastError, Long lastErrorAt, Double connectionMs,
                            String connectionFailure) {

        /** Without a connection check. */
        public BrokerRow(int id, String rack, boolean registered, boolean online, int partitionsLed,
                         Double produceAvailability, Double consumeAvailability, Double e2eP99, Double produceP99,
                         int consecutiveFailures, String lastError, Long lastErrorAt) {
            this(id, rack, registered, online, partitionsLed, produceAvailability, consumeAvailability, e2eP99,
                    produceP99, consecutiveFailures, lastError, lastErrorAt, null, null);
        }
    }

    /** One partition: its leader and ISR now, and its own probe numbers. */
    public record PartitionRow(int id, int leader, List<Integer> replicas, List<Integer> isr,
                               Double produceAvailability, Double consumeAvailability, int consecutiveFailures) {

        public PartitionRow {
            replicas = List.copyOf(replicas);
            isr = List.copyOf(isr);
        }
    }

    /** A lost (also after it was read), duplicated or late probe (see core's ProbeEvent). */
    public record EventRow(String kind, int partition, int leader, long sequence, long at) {
    }
}
