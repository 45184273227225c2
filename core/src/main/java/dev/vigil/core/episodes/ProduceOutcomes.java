package dev.vigil.core.episodes;

import java.util.Map;

/**
 * The final outcomes of a scope's produce probes (a broker's: attributed to the leader at send time; a
 * partition's), cumulative since the monitor started.
 *
 * @param consecutiveFailures the current run of failed probes, -1 before any final outcome
 * @param errorClasses        the failed ones by Kafka exception class, where they are counted (brokers)
 */
public record ProduceOutcomes(long attempts, long failures, int consecutiveFailures, Map<String, Long> errorClasses) {

    public static final ProduceOutcomes NONE = new ProduceOutcomes(0, 0, -1, Map.of());

    public ProduceOutcomes {
        errorClasses = Map.copyOf(errorClasses);
    }

    public ProduceOutcomes withErrorClasses(Map<String, Long> classes) {
        return new ProduceOutcomes(attempts, failures, consecutiveFailures, classes);
    }
}
