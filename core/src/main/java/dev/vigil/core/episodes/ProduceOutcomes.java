package dev.vigil.core.episodes;

import java.util.Map;

/**
 * The final outcomes of a scope's produce probes (a broker's: attributed to the leader at send time; a
 * partition's), cumulative since the monitor started.
 *
 * @param consecutiveFailures the current run of failed probes, -1 before any final outcome
 * @param stalled             acked probes whose ack came {@link #STALL_MICROS} or more after they were sent
 * @param errorClasses        the failed ones by Kafka exception class, where they are counted (brokers)
 */
public record ProduceOutcomes(long attempts, long failures, int consecutiveFailures, long stalled,
                              Map<String, Long> errorClasses) {

    public static final ProduceOutcomes NONE = new ProduceOutcomes(0, 0, -1, 0, Map.of());

    /**
     * An ack this late is a stall, evidence of a crash: a crashed leader stalls its partitions' acks until
     * the controller fences it ({@code broker.session.timeout.ms} less a heartbeat interval: 7 s at Kafka's
     * defaults, 2.5 s in the sandbox), where a controlled shutdown moves leadership in tens of milliseconds
     * and the producer retries on the new leader after its retry backoff (100 ms).
     */
    public static final long STALL_MICROS = 1_000_000L;

    public ProduceOutcomes {
        errorClasses = Map.copyOf(errorClasses);
    }

    public ProduceOutcomes withErrorClasses(Map<String, Long> classes) {
        return new ProduceOutcomes(attempts, failures, consecutiveFailures, stalled, classes);
    }
}
