package dev.vigil.core.probe;

import java.nio.ByteBuffer;

/**
 * The probe wire format, version 1 (big-endian):
 * <pre>
 *  0  'V' 'G' 'L'          magic
 *  3  version              1
 *  4  session id           16 bytes, random per producer start
 * 20  partition            int32
 * 24  sequence             int64, per session and partition, from 0, +1 per send attempt
 * 32  send time            int64, epoch microseconds
 * 40  padding              zero bytes up to record.size.bytes
 * </pre>
 * Decoding never throws: anything that is not a version-1 probe comes back as a {@link Decoded}
 * with the reason, so a foreign record on the monitor topic is counted, not a crash. Newer
 * versions must keep this 40-byte prefix; a reader that meets a higher version reports it as
 * unsupported rather than guessing.
 */
public final class ProbeCodec {

    public static final int HEADER_BYTES = 40;
    public static final byte VERSION = 1;
    private static final byte M0 = 'V', M1 = 'G', M2 = 'L';

    private ProbeCodec() {
    }

    /** Encodes a probe padded with zeros to {@code sizeBytes} (at least {@link #HEADER_BYTES}). */
    public static byte[] encode(ProbeRecord probe, int sizeBytes) {
        if (sizeBytes < HEADER_BYTES) {
            throw new IllegalArgumentException("probe size " + sizeBytes + " is below the header size " + HEADER_BYTES);
        }
        byte[] bytes = new byte[sizeBytes];
        ByteBuffer.wrap(bytes)
                .put(M0).put(M1).put(M2).put(VERSION)
                .putLong(probe.sessionHigh())
                .putLong(probe.sessionLow())
                .putInt(probe.partition())
                .putLong(probe.sequence())
                .putLong(probe.sendTimeMicros());
        return bytes;
    }

    public static Decoded decode(byte[] bytes) {
        if (bytes == null || bytes.length < 4) {
            return Decoded.FOREIGN;
        }
        if (bytes[0] != M0 || bytes[1] != M1 || bytes[2] != M2) {
            return Decoded.FOREIGN;
        }
        if (bytes[3] > VERSION || bytes[3] < 1) {
            return Decoded.UNSUPPORTED_VERSION;
        }
        if (bytes.length < HEADER_BYTES) {
            return Decoded.TRUNCATED;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 4, HEADER_BYTES - 4);
        return new Decoded(Status.OK, new ProbeRecord(in.getLong(), in.getLong(), in.getInt(), in.getLong(), in.getLong()));
    }

    public enum Status {
        OK,
        /** Not a Vigil probe at all (no magic, empty or null value). */
        FOREIGN,
        /** Vigil magic but shorter than the header: damaged or cut. */
        TRUNCATED,
        /** Vigil magic with a version this reader does not know (a newer Vigil writes to the topic). */
        UNSUPPORTED_VERSION
    }

    /** The outcome of decoding; {@code probe} is null unless the status is OK. */
    public record Decoded(Status status, ProbeRecord probe) {
        static final Decoded FOREIGN = new Decoded(Status.FOREIGN, null);
        static final Decoded TRUNCATED = new Decoded(Status.TRUNCATED, null);
        static final Decoded UNSUPPORTED_VERSION = new Decoded(Status.UNSUPPORTED_VERSION, null);

        public boolean isProbe() {
            return status == Status.OK;
        }
    }
}
