package dev.vigil.services.kafka;

import dev.vigil.core.ledger.SendFailure;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Classifies a failed send once, for loss accounting: a send the broker certainly rejected can
 * never be lost; anything else (timeouts, disconnects, retriable errors that ran out of time) may
 * have been written and is lost-unacked if it never arrives.
 */
public final class SendErrors {

    private SendErrors() {
    }

    public static SendFailure classify(Throwable error) {
        if (error instanceof AuthorizationException
                || error instanceof AuthenticationException
                || error instanceof RecordTooLargeException
                || error instanceof RecordBatchTooLargeException
                || error instanceof InvalidTopicException
                || error instanceof SerializationException) {
            return SendFailure.DEFINITE;
        }
        return SendFailure.OUTCOME_UNKNOWN;
    }

    /** The name operators see in logs and error counts: the Kafka exception's simple class name. */
    public static String name(Throwable error) {
        return error.getClass().getSimpleName();
    }
}
