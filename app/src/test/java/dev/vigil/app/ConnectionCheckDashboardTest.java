package dev.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker that takes connections but never answers (blackholed) is marked in the dashboard's broker table
 * with the reason, named with it in the verdict's reasons, and reads 0 in {@code vigil_broker_connection_ok},
 * while the other broker stays ok; all clear once it answers again.
 */
class ConnectionCheckDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final VigilOnSandbox running = new VigilOnSandbox(2, bootstrap -> """
            {"http.port": 0,
             "clusters": [{"name": "c", "bootstrap.servers": "%s", "replication.factor": 1, %s,
               "connection.check.interval.ms": 2000, "connection.check.timeout.ms": 1000}]}"""
            .formatted(bootstrap, VigilHttp.FAST_PROBES));

    @Test
    void aBlackholedBrokerIsMarkedWithItsReason() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> broker(1).path("connectionMs").isNumber()
                && broker(2).path("connectionMs").isNumber());
        assertThat(broker(2).get("connectionFailure").isNull()).isTrue();

        running.sandbox().blackhole(2, true);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> !broker(2).get("connectionFailure").isNull());
            assertThat(broker(2).get("connectionFailure").asText()).isEqualTo("no ApiVersions answer within 1000 ms");
            assertThat(broker(2).get("connectionMs").isNull()).isTrue();
            assertThat(broker(1).get("connectionFailure").isNull()).isTrue();
            assertThat(broker(1).get("connectionMs").isNumber()).isTrue();
            String metrics = VigilHttp.get(running.vigil(), "/metrics").body();
            assertThat(metrics).contains("vigil_broker_connection_ok{broker=\"2\",cluster=\"c\"} 0.0\n",
                    "vigil_broker_connection_ok{broker=\"1\",cluster=\"c\"} 1.0\n",
                    "vigil_broker_connection_seconds{broker=\"2\",cluster=\"c\",phase=\"api_versions\"} NaN\n");
            // The banner names it with why (its partition's probes fail too: it is blackholed for every client).
            await().atMost(Duration.ofSeconds(30)).until(() -> reasons().stream().anyMatch(r -> r.startsWith("broker 2")
                    && r.endsWith("fresh connections fail (no ApiVersions answer within 1000 ms)")));
            assertThat(reasons()).noneMatch(r -> r.startsWith("broker 1"));
        } finally {
            running.sandbox().blackhole(2, false);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> broker(2).get("connectionFailure").isNull());
        assertThat(VigilHttp.get(running.vigil(), "/metrics").body())
                .contains("vigil_broker_connection_ok{broker=\"2\",cluster=\"c\"} 1.0\n");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> reasons().stream().noneMatch(r -> r.contains("fresh connections")));
    }

    /** The reasons of the dashboard's verdict. */
    private static List<String> reasons() throws Exception {
        List<String> reasons = new ArrayList<>();
        JSON.readTree(VigilHttp.get(running.vigil(), "/api/v1/clusters/c").body()).get("health").get("reasons")
                .forEach(r -> reasons.add(r.asText()));
        return reasons;
    }

    /** Broker {@code id}'s row of the dashboard's broker table, or a missing node. */
    private static JsonNode broker(int id) throws Exception {
        JsonNode brokers = JSON.readTree(VigilHttp.get(running.vigil(), "/api/v1/clusters/c").body())
                .get("cluster").get("brokers");
        for (JsonNode broker : brokers) {
            if (broker.get("id").asInt() == id) {
                return broker;
            }
        }
        return JSON.missingNode(); // not in the table yet
    }
}
