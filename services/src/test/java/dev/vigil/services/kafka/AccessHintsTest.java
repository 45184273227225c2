package dev.vigil.services.kafka;

import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AccessHintsTest {

    @Test
    void eachRefusalNamesTheAclForTheOperationThatWasRefused() {
        TopicAuthorizationException topic = new TopicAuthorizationException(Set.of("t"));
        assertThat(AccessHints.withHint("refused", topic, "t", "READ", "DESCRIBE"))
                .isEqualTo("refused (grant READ on topic t to Vigil's principal)");
        assertThat(AccessHints.hint(new ClusterAuthorizationException("no"), "t", "DESCRIBE", "DESCRIBE"))
                .hasValue("grant DESCRIBE on the cluster to Vigil's principal");
        assertThat(AccessHints.hint(new ClusterAuthorizationException("no"), "t", "WRITE", null))
                .hasValue("grant WRITE on topic t to Vigil's principal: the idempotent producer needs it for its producer id");
        assertThat(AccessHints.hint(new GroupAuthorizationException("no", "vigil-group"), "t", "READ", "DESCRIBE"))
                .hasValue("grant READ on group vigil-group to Vigil's principal");
    }

    @Test
    void otherErrorsGetNoHint() {
        assertThat(AccessHints.withHint("slow", new TimeoutException("x"), "t", "WRITE", null)).isEqualTo("slow");
    }
}
