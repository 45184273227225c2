package dev.vigil.webui;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkedBodyTest {

    private final ChunkedBody body = new ChunkedBody();

    @Test
    void writesAcrossChunksComeOutWholeAndInOrder() throws Exception {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Random random = new Random(3);
        // Pieces smaller than a chunk, exactly one, and several chunks long, and single bytes, so that writes
        // end on, just before and just after chunk boundaries.
        int[] lengths = {1, ChunkedBody.CHUNK - 1, 1, ChunkedBody.CHUNK, 3 * ChunkedBody.CHUNK + 17, 0, 5};
        for (int length : lengths) {
            byte[] piece = new byte[length + 4];
            random.nextBytes(piece);
            body.write(piece, 2, length);
            expected.write(piece, 2, length);
            body.write(length);
            expected.write(length);
        }

        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        body.writeTo(sent);

        assertThat(body.size()).isEqualTo(expected.size());
        assertThat(sent.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Test
    void anEmptyBodySendsNothing() throws Exception {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        body.writeTo(sent);

        assertThat(body.size()).isZero();
        assertThat(sent.size()).isZero();
    }
}
