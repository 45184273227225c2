package dev.vigil.services.kafka;

import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

import java.util.Optional;

/**
 * The fix for a refused or failed login, in words an operator can act on: which ACL to grant for
 * the operation that was refused, or which client settings to check. Kafka's own messages say what
 * was refused ("Not authorized to access topics: [t]") but not for which operation.
 */
public final class AccessHints {

    private AccessHints() {
    }

    /**
     * @param topicOperation   the ACL operation on the topic the failed call needs (WRITE for a send, READ
     *                         for a fetch, DESCRIBE or CREATE for the admin calls)
     * @param clusterOperation the ACL operation on the cluster it needs; null when a refusal on the
     *                         cluster is fixed by the topic's grant (an idempotent producer's producer id
     *                         needs WRITE on a topic, not IDEMPOTENT_WRITE, since Kafka 3.0)
     */
    public static Optional<String> hint(Throwable error, String topic, String topicOperation, String clusterOperation) {
        if (error instanceof TopicAuthorizationException) {
            return Optional.of("grant " + topicOperation + " on topic " + topic + " to Vigil's principal");
        }
        if (error instanceof ClusterAuthorizationException) {
            return Optional.of(clusterOperation == null
                    ? "grant " + topicOperation + " on topic " + topic + " to Vigil's principal: the idempotent"
                            + " producer needs it for its producer id"
                    : "grant " + clusterOperation + " on the cluster to Vigil's principal");
        }
        if (error instanceof GroupAuthorizationException group) {
            return Optional.of("grant READ on group " + group.groupId() + " to Vigil's principal");
        }
        if (error instanceof SaslAuthenticationException) {
            return Optional.of("check sasl.mechanism and the user and password in sasl.jaas.config of the cluster's"
                    + " \"client\" section");
        }
        if (error instanceof SslAuthenticationException) {
            return Optional.of("check the TLS settings of the cluster's \"client\" section: ssl.truststore.* must"
                    + " trust the brokers' certificates, and security.protocol match the listener");
        }
        return Optional.empty();
    }

    /** {@code message}, followed by the hint in parentheses when there is one. */
    public static String withHint(String message, Throwable error, String topic, String topicOperation,
                                  String clusterOperation) {
        return hint(error, topic, topicOperation, clusterOperation).map(h -> message + " (" + h + ")").orElse(message);
    }
}
