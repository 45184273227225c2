package dev.vigil.reporters.prometheus;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TextSinkTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    /** As small as it may be, so that every kind of write meets a full buffer. */
    private final TextSink sink = new TextSink(out, TextSink.MIN_BUFFER);

    @Test
    void doublesReadAsTheClientLibraryWritesThem() throws Exception {
        double[] values = {0, -0.0, 1, -1, 9_999_999, -9_999_999, 10_000_000, 1e15, 0.1, 1e-4, 5.0E-4, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE};
        StringBuilder expected = new StringBuilder();
        for (double v : values) {
            sink.writeDouble(v);
            sink.write('\n');
            expected.append(library(v)).append('\n');
        }
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            double v = i % 2 == 0 ? random.nextInt(20_000_000) - 10_000_000
                    : random.nextGaussian() * Math.pow(10, i % 30 - 15);
            sink.writeDouble(v);
            sink.write(' ');
            expected.append(library(v)).append(' ');
        }
        sink.flush();

        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    }

    @Test
    void longsAreTheirDecimalDigits() throws Exception {
        long[] values = {0, 7, -7, 10, 1_000_000_007L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        StringBuilder expected = new StringBuilder();
        for (long v : values) {
            sink.writeLong(v);
            sink.write(',');
            expected.append(v).append(',');
        }
        sink.flush();

        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    }

    @Test
    void bytesAndTextLongerThanTheBufferPassWhole() throws Exception {
        sink.writeAscii("ab");
        sink.write("zürich\n".repeat(3).getBytes(StandardCharsets.UTF_8));
        sink.writeAscii("vigil_partition_e2e_latency_seconds_bucket");
        sink.flush();

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("ab" + "zürich\n".repeat(3) + "vigil_partition_e2e_latency_seconds_bucket");
    }

    /** What the client library's TextFormatUtil.writeDouble writes (1.10.0). */
    private static String library(double v) {
        return v == Double.POSITIVE_INFINITY ? "+Inf" : v == Double.NEGATIVE_INFINITY ? "-Inf" : Double.toString(v);
    }
}
