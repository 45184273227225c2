package dev.vigil.reporters.prometheus;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A byte buffer in front of the scrape's output stream, for the exposition text: label sets arrive
 * already encoded ({@link ScopeLabels}) and are copied in whole, names are ASCII, numbers are written
 * as digits in place. The client library's writer instead passed every character of every line
 * through a {@code BufferedWriter} and a UTF-8 encoder, a third of a hundred-cluster scrape's CPU.
 *
 * <p>Numbers read exactly as the client library's {@code TextFormatUtil} (1.10.0) writes them:
 * longs in decimal, doubles as {@link Double#toString} except {@code +Inf} and {@code -Inf}.
 * One sink per scrape; not thread-safe.
 */
final class TextSink {

    /** Below this, {@link Double#toString} of an integral value is its digits and ".0" (above, "1.0E7"). */
    private static final double PLAIN_INTEGRAL_LIMIT = 1e7;

    /** Room for any long's digits and sign, which {@link #writeLong} writes in place. */
    static final int MIN_BUFFER = 20;

    private final OutputStream out;
    private final byte[] buffer;
    private int position;

    TextSink(OutputStream out, int bufferSize) {
        if (bufferSize < MIN_BUFFER) {
            throw new IllegalArgumentException("a buffer of " + bufferSize + " bytes; at least " + MIN_BUFFER);
        }
        this.out = out;
        this.buffer = new byte[bufferSize];
    }

    void write(byte[] bytes) throws IOException {
        if (bytes.length > buffer.length - position) {
            flushBuffer();
            if (bytes.length > buffer.length) {
                out.write(bytes);
                return;
            }
        }
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    void write(char ascii) throws IOException {
        if (position == buffer.length) {
            flushBuffer();
        }
        buffer[position++] = (byte) ascii;
    }

    /** Digits, as {@code Long.toString}, without the String. */
    void writeLong(long value) throws IOException {
        if (value == Long.MIN_VALUE) {
            writeAscii(Long.toString(value));
            return;
        }
        if (buffer.length - position < MIN_BUFFER) {
            flushBuffer();
        }
        if (value < 0) {
            buffer[position++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        int end = position + digits;
        for (int i = end - 1; i >= position; i--) {
            buffer[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        position = end;
    }

    /**
     * As the client library writes a double. Most of a scrape's values are counts, so an integral
     * value below 10^7 takes the digits path; {@code -0.0} and the rest go through {@link Double#toString}.
     */
    void writeDouble(double value) throws IOException {
        if (value == Double.POSITIVE_INFINITY) {
            writeAscii("+Inf");
        } else if (value == Double.NEGATIVE_INFINITY) {
            writeAscii("-Inf");
        } else if (value == (long) value && Math.abs(value) < PLAIN_INTEGRAL_LIMIT
                && Double.doubleToRawLongBits(value) != Double.doubleToRawLongBits(-0.0)) {
            writeLong((long) value);
            write('.');
            write('0');
        } else {
            writeAscii(Double.toString(value));
        }
    }

    /** A string known to be ASCII: a name, a number's text. */
    void writeAscii(String ascii) throws IOException {
        int length = ascii.length();
        if (length > buffer.length - position) {
            flushBuffer();
            if (length > buffer.length) {
                out.write(ascii.getBytes(StandardCharsets.US_ASCII));
                return;
            }
        }
        for (int i = 0; i < length; i++) {
            buffer[position++] = (byte) ascii.charAt(i);
        }
    }

    /** Hands everything written so far to the stream and flushes it, e.g. before another writer writes to it. */
    void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    private void flushBuffer() throws IOException {
        if (position > 0) {
            out.write(buffer, 0, position);
            position = 0;
        }
    }
}
