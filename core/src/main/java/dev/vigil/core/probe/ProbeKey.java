package dev.vigil.core.probe;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The secret a monitor signs its probes with: 32 random bytes drawn at each start, never written
 * anywhere. Whoever can write to the monitor topic can also read it, and so knows the session id;
 * only this key tells this session's probes from copies made to look like them.
 */
public final class ProbeKey {

    private static final int BYTES = 32;
    private final byte[] key;

    private ProbeKey(byte[] key) {
        this.key = key;
    }

    public static ProbeKey random(SecureRandom random) {
        byte[] key = new byte[BYTES];
        random.nextBytes(key);
        return new ProbeKey(key);
    }

    /** For tests: a key from known bytes. */
    public static ProbeKey of(byte[] key) {
        if (key.length != BYTES) {
            throw new IllegalArgumentException("a probe key has " + BYTES + " bytes, got " + key.length);
        }
        return new ProbeKey(key.clone());
    }

    /** A signer and verifier of its own: {@code Mac} instances are not thread-safe, so one per thread. */
    public ProbeMac newMac() {
        return new ProbeMac(Arrays.copyOf(key, key.length));
    }

    @Override
    public String toString() {
        return "ProbeKey[redacted]";
    }
}
