package dev.vigil.bench.hundred;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Times requests to Vigil's web server, one at a time, each from sending it to having its whole body: the
 * longest and the 99th percentile by path, and every answer that was not a 200 within the client's timeout.
 * Each asks for gzip, as Prometheus and browsers do, so the server's compression is part of the time.
 */
final class WebTimings {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String base;
    private final Map<String, List<Double>> millis = new LinkedHashMap<>();
    private final Map<String, List<String>> failures = new LinkedHashMap<>();
    private double lastMillis = Double.NaN;

    WebTimings(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** The body of a 200 answer to {@code path}, timed; null if it failed (counted and kept). */
    String get(String path, boolean counted) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Accept-Encoding", "gzip").GET().build();
        long start = System.nanoTime();
        lastMillis = Double.NaN;
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            double ms = (System.nanoTime() - start) / 1e6;
            lastMillis = ms;
            if (counted) {
                millis.computeIfAbsent(path, p -> new ArrayList<>()).add(ms);
            }
            if (response.statusCode() != 200) {
                fail(path, counted, "status " + response.statusCode());
                return null;
            }
            boolean gzipped = response.headers().firstValue("Content-Encoding").filter("gzip"::equalsIgnoreCase)
                    .isPresent();
            byte[] body = response.body();
            if (gzipped) {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                    body = in.readAllBytes();
                }
            }
            return new String(body, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            fail(path, counted, e.toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void fail(String path, boolean counted, String why) {
        if (counted) {
            failures.computeIfAbsent(path, p -> new ArrayList<>()).add(why);
        }
    }

    /** The latest request's time, as {@link #millis} counts it; NaN if it got no answer. */
    double lastMillis() {
        return lastMillis;
    }

    Map<String, List<Double>> millis() {
        return millis;
    }

    Map<String, List<String>> failures() {
        return failures;
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static double p99(List<Double> values) {
        return percentile(values, 0.99);
    }

    /** The nearest-rank percentile, {@code fraction} of 1; NaN of none. */
    static double percentile(List<Double> values, double fraction) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(fraction * sorted.length) - 1)];
    }
}
