package dev.vigil.services.kafka;

import dev.vigil.core.ledger.SendFailure;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SendErrorsTest {

    @Test
    void errorsThatMayHideAWrittenRecordLeaveTheOutcomeUnknown() {
        assertThat(SendErrors.classify(new TimeoutException("Expiring 1 record(s)"))).isEqualTo(SendFailure.OUTCOME_UNKNOWN);
        assertThat(SendErrors.classify(new NetworkException("disconnected"))).isEqualTo(SendFailure.OUTCOME_UNKNOWN);
        assertThat(SendErrors.classify(new NotEnoughReplicasAfterAppendException("appended")))
                .isEqualTo(SendFailure.OUTCOME_UNKNOWN);
    }

    @Test
    void certainRefusalsAreDefiniteAndNeverLost() {
        assertThat(SendErrors.classify(new NotEnoughReplicasException("isr 1 < 2"))).isEqualTo(SendFailure.DEFINITE);
        assertThat(SendErrors.classify(new TopicAuthorizationException(Set.of("t")))).isEqualTo(SendFailure.DEFINITE);
        assertThat(SendErrors.classify(new RecordTooLargeException("big"))).isEqualTo(SendFailure.DEFINITE);
        assertThat(SendErrors.classify(new InvalidTimestampException("clock"))).isEqualTo(SendFailure.DEFINITE);
    }

    @Test
    void nameIsTheSimpleClassName() {
        assertThat(SendErrors.name(new TimeoutException("x"))).isEqualTo("TimeoutException");
    }
}
