package dev.vigil.sandbox.proxy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Follows the Kafka protocol's length-prefixed frames in one direction of a proxied connection, so the
 * proxy can tell which response answers a FETCH: client to broker, each request's header names its API
 * (key at bytes 4-5 of the frame, correlation id at bytes 8-11), recorded in {@code apiByCorrelation};
 * broker to client, each response starts with its size and the correlation id of its request (bytes
 * 4-7), looked up (and forgotten) there. Kafka answers each connection in order, so the ids come back in
 * the order they went out; the map only has to hold the requests in flight.
 *
 * <p>{@link #split} cuts the bytes read into pieces right after the header of every FETCH response, so
 * the pipe's writer can hold back its body (and, to keep the order, everything after it) while the bytes
 * before pass: a client cannot use a response whose body has not come. Nothing is ever kept back here, not
 * even a header split across two reads. A stream that does not parse as frames (TLS, a foreign protocol)
 * is passed on unsplit from then on.
 *
 * <p>One instance per direction of one connection, used by that direction's reader thread only.
 */
final class KafkaFrames {

    /** The API key of FETCH in a request header. */
    static final short FETCH = 1;
    /** Larger than any frame a sandbox client sends or receives (the brokers' default socket request limit is 100 MiB). */
    private static final int MAX_FRAME_BYTES = 100 * 1024 * 1024;

    /** Bytes to pass on, in order; {@code fetchResponse} when they start the body of a FETCH response. */
    record Piece(byte[] bytes, boolean fetchResponse) {
    }

    private final boolean requests;
    private final Map<Integer, Short> apiByCorrelation;
    /** Size and, for a request, API key and version, then the correlation id. */
    private final byte[] header;
    private int headerFilled;
    /** Bytes of the current frame still to come after its header. */
    private long remaining;
    private boolean unframed;
    /** The bytes read next continue a FETCH response whose header ended the previous read. */
    private boolean markNext;

    private KafkaFrames(boolean requests, Map<Integer, Short> apiByCorrelation) {
        this.requests = requests;
        this.apiByCorrelation = apiByCorrelation;
        this.header = new byte[requests ? 12 : 8];
    }

    /** The client-to-broker direction: records the API of every request in {@code apiByCorrelation}. */
    static KafkaFrames requests(Map<Integer, Short> apiByCorrelation) {
        return new KafkaFrames(true, apiByCorrelation);
    }

    /** The broker-to-client direction: marks FETCH responses by the APIs the requests direction recorded. */
    static KafkaFrames responses(Map<Integer, Short> apiByCorrelation) {
        return new KafkaFrames(false, apiByCorrelation);
    }

    /**
     * The first {@code length} bytes of {@code data}, read next, as pieces to forward in order: all of
     * them, at once (nothing is kept back, a header split across reads included).
     */
    List<Piece> split(byte[] data, int length) {
        List<Piece> out = new ArrayList<>(1);
        ByteArrayOutputStream current = new ByteArrayOutputStream(length);
        boolean currentIsFetch = markNext;
        markNext = false;
        int i = 0;
        while (i < length && !unframed) {
            if (remaining > 0) {
                int take = (int) Math.min(remaining, length - i);
                current.write(data, i, take);
                remaining -= take;
                i += take;
                continue;
            }
            int take = Math.min(header.length - headerFilled, length - i);
            System.arraycopy(data, i, header, headerFilled, take);
            current.write(data, i, take);
            headerFilled += take;
            i += take;
            if (headerFilled < header.length) {
                break; // the rest of the header comes with the next read
            }
            headerFilled = 0;
            int size = intAt(0);
            if (size < header.length - 4 || size > MAX_FRAME_BYTES) {
                unframed = true;
                break;
            }
            remaining = size - (header.length - 4L);
            if (frameStarted()) {
                // Cut after the header: the client cannot read a response whose body has not come.
                if (current.size() > 0) {
                    out.add(new Piece(current.toByteArray(), currentIsFetch));
                    current.reset();
                }
                currentIsFetch = true;
            }
        }
        current.write(data, i, length - i); // unframed: the rest as it is
        if (current.size() > 0) {
            out.add(new Piece(current.toByteArray(), currentIsFetch));
        } else if (currentIsFetch) {
            markNext = true; // a fetch response's header ended this read: its body starts the next piece
        }
        return out;
    }

    /** Records or looks up the frame whose header is complete; whether it is a FETCH response. */
    private boolean frameStarted() {
        if (requests) {
            apiByCorrelation.put(intAt(8), (short) (((header[4] & 0xFF) << 8) | (header[5] & 0xFF)));
            return false;
        }
        Short api = apiByCorrelation.remove(intAt(4));
        return api != null && api == FETCH;
    }

    private int intAt(int offset) {
        return ((header[offset] & 0xFF) << 24) | ((header[offset + 1] & 0xFF) << 16)
                | ((header[offset + 2] & 0xFF) << 8) | (header[offset + 3] & 0xFF);
    }
}
