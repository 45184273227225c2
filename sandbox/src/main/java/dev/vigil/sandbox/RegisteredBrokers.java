package dev.vigil.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

/**
 * Waits until the cluster, as a client sees it, shows the brokers the sandbox expects: the ids an Admin
 * {@code describeCluster} returns (registered, unfenced brokers). Kafka's {@code BrokerServer.startup()}
 * returns once the controller unfenced the broker; the other brokers' metadata may lag that by a moment,
 * and the sandbox's contract is about what clients see.
 */
final class RegisteredBrokers {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final int REQUEST_TIMEOUT_MS = 5_000;

    private RegisteredBrokers() {
    }

    /**
     * Polls {@code describeCluster} through {@code bootstrapServers} until {@code condition} holds for the
     * set of broker ids, or throws {@link SandboxException} with {@code failure} and the last ids seen.
     */
    static void await(String bootstrapServers, Predicate<Set<Integer>> condition, Duration timeout,
                      String failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Integer> lastSeen = Set.of();
        Exception lastError = null;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS))) {
            while (true) {
                try {
                    lastSeen = ids(admin);
                    if (condition.test(lastSeen)) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    lastError = e;
                }
                if (System.nanoTime() >= deadline) {
                    throw new SandboxException(failure + " within " + timeout.toSeconds() + " s (cluster shows brokers "
                            + lastSeen + (lastError == null ? "" : ", last error: " + lastError.getMessage()) + ")",
                            lastError);
                }
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while waiting: " + failure, e);
        }
    }

    private static Set<Integer> ids(Admin admin)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        Set<Integer> ids = new TreeSet<>();
        for (Node node : admin.describeCluster().nodes().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            ids.add(node.id());
        }
        return ids;
    }
}
