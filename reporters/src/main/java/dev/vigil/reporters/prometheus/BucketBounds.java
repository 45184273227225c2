package dev.vigil.reporters.prometheus;

import java.nio.charset.StandardCharsets;

/**
 * The {@code le} label of each classic bucket, with the rest of its line up to the count
 * ({@code le="0.001"} }), encoded once per exporter: every histogram of every scope has the same
 * bounds, written as the client library writes a double ({@code 5.0E-4}, {@code 60.0}, {@code +Inf}).
 */
final class BucketBounds {

    private final byte[][] le;

    BucketBounds(double[] upperSeconds) {
        le = new byte[upperSeconds.length][];
        for (int i = 0; i < upperSeconds.length; i++) {
            String bound = upperSeconds[i] == Double.POSITIVE_INFINITY ? "+Inf" : Double.toString(upperSeconds[i]);
            le[i] = ("le=\"" + bound + "\"} ").getBytes(StandardCharsets.US_ASCII);
        }
    }

    byte[] le(int bucket) {
        return le[bucket];
    }
}
