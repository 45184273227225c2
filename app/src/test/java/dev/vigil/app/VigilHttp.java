package dev.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What the app tests ask a running Vigil over its own HTTP server, and the probe timings they run it with. */
final class VigilHttp {

    /**
     * Cluster keys for fast probes (every 250 ms, an offset commit as often, 10 s windows, cluster state every
     * second) with SLAs well above a sandbox's latency, to splice into a cluster object of a test's config.
     */
    static final String FAST_PROBES = "\"probe.interval.ms\": 250, \"produce.ack.sla.ms\": 2000, \"e2e.sla.ms\": 4000,"
            + " \"loss.grace.ms\": 8000, \"window.ms\": 10000, \"window.slices\": 5, \"cluster.state.interval.ms\": 1000,"
            + " \"offset.commit.interval.ms\": 250";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private VigilHttp() {
    }

    /** GET {@code path} on Vigil's server; a server that does not answer in 10 s fails the test. */
    static HttpResponse<String> get(Vigil vigil, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + vigil.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The dashboard banner's model: the health verdict of {@code cluster}'s page. */
    static JsonNode banner(Vigil vigil, String cluster) throws IOException, InterruptedException {
        return JSON.readTree(get(vigil, "/api/v1/clusters/" + cluster).body()).get("health");
    }
}
