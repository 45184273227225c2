package dev.vigil.core.probe;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProbeCodecTest {

    private final ProbeRecord probe = new ProbeRecord(0x0123456789abcdefL, -42L, 7, 123_456_789_012L, 1_764_000_000_123_456L);

    @Test
    void roundTripKeepsEveryField() {
        byte[] bytes = ProbeCodec.encode(probe, 100);

        ProbeCodec.Decoded decoded = ProbeCodec.decode(bytes);

        assertThat(bytes).hasSize(100);
        assertThat(decoded.status()).isEqualTo(ProbeCodec.Status.OK);
        assertThat(decoded.probe()).isEqualTo(probe);
    }

    @Test
    void headerOnlyRecordDecodes() {
        assertThat(ProbeCodec.decode(ProbeCodec.encode(probe, ProbeCodec.HEADER_BYTES)).probe()).isEqualTo(probe);
    }

    @Test
    void wireLayoutIsBigEndianWithMagicAndVersion() {
        byte[] bytes = ProbeCodec.encode(new ProbeRecord(0, 0, 1, 2, 3), 40);

        assertThat(Arrays.copyOf(bytes, 4)).containsExactly('V', 'G', 'L', 1);
        assertThat(bytes[23]).isEqualTo((byte) 1);  // partition, last byte of int32 at 20
        assertThat(bytes[31]).isEqualTo((byte) 2);  // sequence, last byte of int64 at 24
        assertThat(bytes[39]).isEqualTo((byte) 3);  // send time, last byte of int64 at 32
    }

    @Test
    void truncatedProbeIsReportedNotThrown() {
        byte[] cut = Arrays.copyOf(ProbeCodec.encode(probe, 100), 30);

        assertThat(ProbeCodec.decode(cut).status()).isEqualTo(ProbeCodec.Status.TRUNCATED);
        assertThat(ProbeCodec.decode(cut).probe()).isNull();
    }

    @Test
    void foreignBytesAreReportedNotThrown() {
        assertThat(ProbeCodec.decode("hello kafka, not a probe".getBytes(StandardCharsets.UTF_8)).status())
                .isEqualTo(ProbeCodec.Status.FOREIGN);
        assertThat(ProbeCodec.decode(new byte[0]).status()).isEqualTo(ProbeCodec.Status.FOREIGN);
        assertThat(ProbeCodec.decode(new byte[] {'V', 'G'}).status()).isEqualTo(ProbeCodec.Status.FOREIGN);
        assertThat(ProbeCodec.decode(null).status()).isEqualTo(ProbeCodec.Status.FOREIGN);
    }

    @Test
    void futureVersionIsReportedAsUnsupported() {
        byte[] bytes = ProbeCodec.encode(probe, 100);
        bytes[3] = 2;

        assertThat(ProbeCodec.decode(bytes).status()).isEqualTo(ProbeCodec.Status.UNSUPPORTED_VERSION);
        assertThat(ProbeCodec.decode(bytes).isProbe()).isFalse();
    }

    @Test
    void sizeBelowHeaderIsRefused() {
        assertThatThrownBy(() -> ProbeCodec.encode(probe, 39)).isInstanceOf(IllegalArgumentException.class);
    }
}
