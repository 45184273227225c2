package dev.vigil.services.kafka;

import dev.vigil.core.ledger.SendFailure;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownServerException;

/**
 * Classifies a failed send once, for loss accounting. Only errors that leave the write's fate
 * unknown (the request timed out, the connection dropped, the leader appended but could not
 * replicate in time) may hide a record that was written anyway: such a send is lost-unacked if
 * it never arrives, and simply received if it does. Every other error is the broker's or the
 * client's certain refusal (not enough replicas, not authorized, too large, invalid timestamp):
 * the record was not written and can never be lost.
 */
public final class SendErrors {

    private SendErrors() {
    }

    public static SendFailure classify(Throwable error) {
        if (error instanceof TimeoutException
                || error instanceof NetworkException
                || error instanceof DisconnectException
                || error instanceof NotEnoughReplicasAfterAppendException
                || error instanceof NotLeaderOrFollowerException
                || error instanceof KafkaStorageException
                || error instanceof OutOfOrderSequenceException
                || error instanceof UnknownServerException) {
            return SendFailure.OUTCOME_UNKNOWN;
        }
        return SendFailure.DEFINITE;
    }

    /** The name operators see in logs and error counts: the Kafka exception's simple class name. */
    public static String name(Throwable error) {
        return error.getClass().getSimpleName();
    }
}
