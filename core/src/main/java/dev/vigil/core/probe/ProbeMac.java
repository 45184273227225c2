package dev.vigil.core.probe;

import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * Signs and verifies the MAC of a version-2 probe: HMAC-SHA256 of the 40-byte prefix under a
 * {@link ProbeKey}, cut to its first {@link ProbeCodec#MAC_BYTES} bytes. Eight bytes are enough: a
 * forger gets one guess per record written, and each is seen and counted.
 *
 * <p>Not thread-safe (nor is {@link Mac}): one per thread, built once. Neither call allocates.
 */
public final class ProbeMac {

    private static final String ALGORITHM = "HmacSHA256";
    private final Mac mac;
    private final byte[] scratch;

    ProbeMac(byte[] key) {
        try {
            this.mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is required by the Java platform", e);
        }
        this.scratch = new byte[mac.getMacLength()];
    }

    /** Writes the MAC of {@code bytes}' prefix into its MAC field. */
    void sign(byte[] bytes) {
        compute(bytes);
        System.arraycopy(scratch, 0, bytes, ProbeCodec.PREFIX_BYTES, ProbeCodec.MAC_BYTES);
    }

    /**
     * Whether {@code bytes} is a version-2 probe whose MAC field matches its prefix under this key.
     * Compared in constant time, so the time taken tells a forger nothing.
     */
    public boolean verify(byte[] bytes) {
        if (bytes == null || bytes.length < ProbeCodec.HEADER_BYTES || bytes[3] != ProbeCodec.VERSION) {
            return false;
        }
        compute(bytes);
        int diff = 0;
        for (int i = 0; i < ProbeCodec.MAC_BYTES; i++) {
            diff |= scratch[i] ^ bytes[ProbeCodec.PREFIX_BYTES + i];
        }
        return diff == 0;
    }

    private void compute(byte[] bytes) {
        mac.update(bytes, 0, ProbeCodec.PREFIX_BYTES);
        try {
            mac.doFinal(scratch, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e); // the scratch has the MAC's length
        }
    }
}
