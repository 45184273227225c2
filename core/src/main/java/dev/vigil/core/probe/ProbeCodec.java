package dev.vigil.core.probe;

import java.nio.ByteBuffer;

/**
 * The probe wire format, version 2 (big-endian):
 * <pre>
 *  0  'V' 'G' 'L'          magic
 *  3  version              2
 *  4  session id           16 bytes, random per producer start
 * 20  partition            int32
 * 24  sequence             int64, per session and partition, from 0, +1 per send attempt
 * 32  send time            int64, epoch microseconds
 * 40  MAC                  8 bytes: HMAC-SHA256 of bytes 0..39 under the session's key, cut ({@link ProbeMac})
 * 48  padding              zero bytes up to record.size.bytes
 * </pre>
 * Version 1 was the same without the MAC (40-byte header). Decoding never throws: anything that is not
 * a version-1 or version-2 probe comes back as a {@link Decoded} with the reason, so a foreign record
 * on the monitor topic is counted, not a crash. A version-1 record still decodes (with its version), so
 * an older Vigil's probes are recognised as another session's; one with this session's id is a
 * forgery, since this session writes only signed probes. Newer versions must keep the 40-byte prefix;
 * a reader that meets a higher version reports it as unsupported rather than guessing.
 */
public final class ProbeCodec {

    /** The fields every version has, at the same places: what the MAC covers. */
    public static final int PREFIX_BYTES = 40;
    public static final int MAC_BYTES = 8;
    public static final int HEADER_BYTES = PREFIX_BYTES + MAC_BYTES;
    public static final byte VERSION = 2;
    private static final byte UNSIGNED_VERSION = 1;
    private static final byte M0 = 'V', M1 = 'G', M2 = 'L';

    private ProbeCodec() {
    }

    /**
     * Encodes a probe signed by {@code mac}, padded with zeros to {@code sizeBytes} (at least
     * {@link #HEADER_BYTES}).
     */
    public static byte[] encode(ProbeRecord probe, int sizeBytes, ProbeMac mac) {
        if (sizeBytes < HEADER_BYTES) {
            throw new IllegalArgumentException("probe size " + sizeBytes + " is below the header size " + HEADER_BYTES);
        }
        byte[] bytes = new byte[sizeBytes];
        writePrefix(bytes, VERSION, probe);
        mac.sign(bytes);
        return bytes;
    }

    /** A version-1 probe, as an older Vigil writes it: for tests of what this reader makes of one. */
    public static byte[] encodeUnsigned(ProbeRecord probe, int sizeBytes) {
        if (sizeBytes < PREFIX_BYTES) {
            throw new IllegalArgumentException("probe size " + sizeBytes + " is below the header size " + PREFIX_BYTES);
        }
        byte[] bytes = new byte[sizeBytes];
        writePrefix(bytes, UNSIGNED_VERSION, probe);
        return bytes;
    }

    private static void writePrefix(byte[] bytes, byte version, ProbeRecord probe) {
        ByteBuffer.wrap(bytes)
                .put(M0).put(M1).put(M2).put(version)
                .putLong(probe.sessionHigh())
                .putLong(probe.sessionLow())
                .putInt(probe.partition())
                .putLong(probe.sequence())
                .putLong(probe.sendTimeMicros());
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
        int version = bytes[3];
        if (bytes.length < (version == UNSIGNED_VERSION ? PREFIX_BYTES : HEADER_BYTES)) {
            return Decoded.TRUNCATED;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 4, PREFIX_BYTES - 4);
        return new Decoded(Status.OK, version,
                new ProbeRecord(in.getLong(), in.getLong(), in.getInt(), in.getLong(), in.getLong()));
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

    /**
     * The outcome of decoding; {@code probe} is null unless the status is OK, {@code version} is 0 then.
     * Decoding checks no MAC: only the session's key can ({@link ProbeMac#verify}).
     */
    public record Decoded(Status status, int version, ProbeRecord probe) {
        static final Decoded FOREIGN = new Decoded(Status.FOREIGN, 0, null);
        static final Decoded TRUNCATED = new Decoded(Status.TRUNCATED, 0, null);
        static final Decoded UNSUPPORTED_VERSION = new Decoded(Status.UNSUPPORTED_VERSION, 0, null);

        public boolean isProbe() {
            return status == Status.OK;
        }

        /** A version-2 probe, which carries a MAC to verify; a version-1 one carries none. */
        public boolean signed() {
            return version == VERSION;
        }
    }
}
