package dev.vigil.sandbox.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

/** Frames built by hand (size, header, body), fed in reads of every size from one byte up. */
class KafkaFramesTest {

    private static final short PRODUCE = 0, FETCH = 1, METADATA = 3;

    private final Map<Integer, Short> apis = new ConcurrentHashMap<>();
    private final KafkaFrames requests = KafkaFrames.requests(apis);
    private final KafkaFrames responses = KafkaFrames.responses(apis);

    @Test
    void requestsRecordTheirApiByCorrelationIdWhateverTheReadBoundaries() {
        byte[] stream = concat(request(PRODUCE, 7, 30), request(FETCH, 8, 0), request(METADATA, 9, 5));
        List<KafkaFrames.Piece> pieces = feed(requests, stream, 1);

        assertThat(apis).containsExactlyInAnyOrderEntriesOf(Map.of(7, PRODUCE, 8, FETCH, 9, METADATA));
        assertThat(joined(pieces)).isEqualTo(stream);
        assertThat(pieces).noneMatch(KafkaFrames.Piece::fetchResponse);
    }

    @Test
    void responsesAreCutAtEachFetchResponseAndPassOnEveryByteInOrder() {
        apis.putAll(Map.of(7, PRODUCE, 8, FETCH, 9, METADATA, 10, FETCH));
        byte[] produce = response(7, 20), fetch = response(8, 100), metadata = response(9, 3), fetch2 = response(10, 0);
        byte[] stream = concat(produce, fetch, metadata, fetch2);
        for (int readSize = 1; readSize <= stream.length; readSize++) {
            KafkaFrames fresh = KafkaFrames.responses(new ConcurrentHashMap<>(Map.of(7, PRODUCE, 8, FETCH, 9, METADATA,
                    10, FETCH)));
            List<KafkaFrames.Piece> pieces = feed(fresh, stream, readSize);
            assertThat(joined(pieces)).as("read size %d", readSize).isEqualTo(stream);
            // Whatever the reads, each fetch response's body starts a piece marked as one (the empty body of
            // the last one: the next read), and nothing else is marked.
            int firstBody = produce.length + 8;
            assertThat(markedOffsets(pieces)).as("read size %d", readSize).startsWith(firstBody)
                    .allMatch(offset -> offset == firstBody || offset == stream.length);
        }
    }

    @Test
    void aResponseForgetsItsRequest() {
        apis.put(8, FETCH);
        feed(responses, response(8, 4), 64);
        assertThat(apis).isEmpty();
    }

    @Test
    void bytesThatAreNotKafkaFramesPassUnmarked() {
        apis.put(0x16030100, FETCH); // what a TLS client hello's first bytes would read as a correlation id
        byte[] tls = new byte[300];
        tls[0] = 0x16;
        tls[1] = 0x03;
        tls[2] = 0x01;
        tls[3] = 0x01;
        List<KafkaFrames.Piece> pieces = feed(responses, tls, 50);
        assertThat(joined(pieces)).isEqualTo(tls);
        assertThat(pieces).noneMatch(KafkaFrames.Piece::fetchResponse);
    }

    private static List<KafkaFrames.Piece> feed(KafkaFrames frames, byte[] stream, int readSize) {
        List<KafkaFrames.Piece> out = new ArrayList<>();
        for (int i = 0; i < stream.length; i += readSize) {
            int n = Math.min(readSize, stream.length - i);
            byte[] read = new byte[readSize + 3]; // a reused buffer is larger than what was read
            System.arraycopy(stream, i, read, 0, n);
            out.addAll(frames.split(read, n));
        }
        return out;
    }

    /** Offsets in the stream where marked pieces start. */
    private static List<Integer> markedOffsets(List<KafkaFrames.Piece> pieces) {
        List<Integer> out = new ArrayList<>();
        int offset = 0;
        for (KafkaFrames.Piece p : pieces) {
            if (p.fetchResponse()) {
                out.add(offset);
            }
            offset += p.bytes().length;
        }
        return out;
    }

    private static byte[] request(short api, int correlationId, int bodyBytes) {
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + bodyBytes);
        b.putInt(8 + bodyBytes).putShort(api).putShort((short) 12).putInt(correlationId);
        return b.array();
    }

    private static byte[] response(int correlationId, int bodyBytes) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + bodyBytes);
        b.putInt(4 + bodyBytes).putInt(correlationId);
        for (int i = 0; i < bodyBytes; i++) {
            b.put((byte) (i * 31)); // a body full of bytes that would be sizes and ids if misread as a header
        }
        return b.array();
    }

    private static byte[] joined(List<KafkaFrames.Piece> pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pieces.forEach(p -> out.writeBytes(p.bytes()));
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
