package dev.vigil.sandbox;

import java.time.Duration;

/**
 * Turns what a Kafka server's {@code startup()} threw into a {@link SandboxException} whose message says
 * which node failed and why, in the words an operator or a test log reader needs.
 */
final class StartFailures {

    private StartFailures() {
    }

    /**
     * @param milestone what the node had to do within {@code bound}, as in "did not register within 30 s"
     */
    static SandboxException describe(String node, String milestone, Duration bound, Throwable failure) {
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (isTimeout(failure)) {
            return new SandboxException(node + " did not " + milestone + " within " + bound.toSeconds() + " s"
                    + " (last error: " + rootMessage(failure) + ")", failure);
        }
        return new SandboxException(node + " failed to start: " + rootMessage(failure), failure);
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException
                    || t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
