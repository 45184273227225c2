package dev.vigil.core.probe;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProbeCodecTest {

    private final ProbeRecord probe = new ProbeRecord(0x0123456789abcdefL, -42L, 7, 123_456_789_012L, 1_764_000_000_123_456L);
    private final ProbeMac mac = ProbeKey.of(bytes(1)).newMac();

    private static byte[] bytes(int seed) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) seed);
        return key;
    }

    @Test
    void roundTripKeepsEveryFieldAndVerifies() {
        byte[] bytes = ProbeCodec.encode(probe, 100, mac);

        ProbeCodec.Decoded decoded = ProbeCodec.decode(bytes);

        assertThat(bytes).hasSize(100);
        assertThat(decoded.status()).isEqualTo(ProbeCodec.Status.OK);
        assertThat(decoded.version()).isEqualTo(2);
        assertThat(decoded.signed()).isTrue();
        assertThat(decoded.probe()).isEqualTo(probe);
        assertThat(mac.verify(bytes)).isTrue();
        assertThat(ProbeKey.of(bytes(1)).newMac().verify(bytes)).as("another Mac of the same key").isTrue();
    }

    @Test
    void headerOnlyRecordDecodes() {
        byte[] bytes = ProbeCodec.encode(probe, ProbeCodec.HEADER_BYTES, mac);

        assertThat(ProbeCodec.decode(bytes).probe()).isEqualTo(probe);
        assertThat(mac.verify(bytes)).isTrue();
    }

    @Test
    void wireLayoutIsBigEndianWithMagicVersionAndMacAfterThePrefix() {
        byte[] bytes = ProbeCodec.encode(new ProbeRecord(0, 0, 1, 2, 3), 56, mac);

        assertThat(ProbeCodec.HEADER_BYTES).isEqualTo(48);
        assertThat(Arrays.copyOf(bytes, 4)).containsExactly('V', 'G', 'L', 2);
        assertThat(bytes[23]).isEqualTo((byte) 1);  // partition, last byte of int32 at 20
        assertThat(bytes[31]).isEqualTo((byte) 2);  // sequence, last byte of int64 at 24
        assertThat(bytes[39]).isEqualTo((byte) 3);  // send time, last byte of int64 at 32
        assertThat(Arrays.copyOfRange(bytes, 40, 48)).isNotEqualTo(new byte[8]); // the MAC
        assertThat(Arrays.copyOfRange(bytes, 48, 56)).isEqualTo(new byte[8]);    // padding
    }

    @Test
    void everyTamperedHeaderByteFailsVerification() {
        byte[] signed = ProbeCodec.encode(probe, 100, mac);
        for (int i = 4; i < ProbeCodec.HEADER_BYTES; i++) {
            byte[] tampered = signed.clone();
            tampered[i] ^= 0x01;
            assertThat(mac.verify(tampered)).as("byte %d flipped", i).isFalse();
        }
        byte[] padding = signed.clone();
        padding[99] = 7;
        assertThat(mac.verify(padding)).as("padding is not covered, nor meaningful").isTrue();
    }

    @Test
    void anotherKeyDoesNotVerify() {
        byte[] bytes = ProbeCodec.encode(probe, 100, mac);

        assertThat(ProbeKey.of(bytes(2)).newMac().verify(bytes)).isFalse();
        assertThat(ProbeCodec.decode(bytes).probe()).as("it still decodes: another session's probe").isEqualTo(probe);
    }

    @Test
    void versionOneRecordDecodesUnsignedAndNeverVerifies() {
        byte[] old = ProbeCodec.encodeUnsigned(probe, 40);

        ProbeCodec.Decoded decoded = ProbeCodec.decode(old);

        assertThat(Arrays.copyOf(old, 4)).containsExactly('V', 'G', 'L', 1);
        assertThat(decoded.status()).isEqualTo(ProbeCodec.Status.OK);
        assertThat(decoded.version()).isEqualTo(1);
        assertThat(decoded.signed()).isFalse();
        assertThat(decoded.probe()).isEqualTo(probe);
        assertThat(mac.verify(old)).isFalse();
        assertThat(mac.verify(ProbeCodec.encodeUnsigned(probe, 100))).isFalse();
    }

    /** What a version-1 reader ({@code bytes[3] > 1}: unsupported) makes of what this writer writes. */
    @Test
    void versionTwoRecordIsAHigherVersionForAVersionOneReader() {
        byte[] bytes = ProbeCodec.encode(probe, 100, mac);

        assertThat(bytes[3]).isGreaterThan((byte) 1);
        assertThat(Arrays.copyOf(bytes, 3)).containsExactly('V', 'G', 'L');
    }

    @Test
    void truncatedProbeIsReportedNotThrown() {
        byte[] cut = Arrays.copyOf(ProbeCodec.encode(probe, 100, mac), 44);

        assertThat(ProbeCodec.decode(cut).status()).isEqualTo(ProbeCodec.Status.TRUNCATED);
        assertThat(ProbeCodec.decode(cut).probe()).isNull();
        assertThat(mac.verify(cut)).isFalse();
        assertThat(ProbeCodec.decode(Arrays.copyOf(ProbeCodec.encodeUnsigned(probe, 100), 30)).status())
                .isEqualTo(ProbeCodec.Status.TRUNCATED);
    }

    @Test
    void foreignBytesAreReportedNotThrown() {
        assertThat(ProbeCodec.decode("hello kafka, not a probe".getBytes(StandardCharsets.UTF_8)).status())
                .isEqualTo(ProbeCodec.Status.FOREIGN);
        assertThat(ProbeCodec.decode(new byte[0]).status()).isEqualTo(ProbeCodec.Status.FOREIGN);
        assertThat(ProbeCodec.decode(new byte[] {'V', 'G'}).status()).isEqualTo(ProbeCodec.Status.FOREIGN);
        assertThat(ProbeCodec.decode(null).status()).isEqualTo(ProbeCodec.Status.FOREIGN);
        assertThat(mac.verify(null)).isFalse();
    }

    @Test
    void futureVersionIsReportedAsUnsupported() {
        byte[] bytes = ProbeCodec.encode(probe, 100, mac);
        bytes[3] = 3;

        assertThat(ProbeCodec.decode(bytes).status()).isEqualTo(ProbeCodec.Status.UNSUPPORTED_VERSION);
        assertThat(ProbeCodec.decode(bytes).isProbe()).isFalse();
        assertThat(mac.verify(bytes)).isFalse();
    }

    @Test
    void sizeBelowHeaderIsRefused() {
        assertThatThrownBy(() -> ProbeCodec.encode(probe, 47, mac)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyIsNeverPrinted() {
        assertThat(ProbeKey.of(bytes(1)).toString()).doesNotContain("1").contains("redacted");
    }
}
