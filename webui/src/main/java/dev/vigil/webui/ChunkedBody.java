package dev.vigil.webui;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A response body rendered in full before it is sent, kept as a list of fixed-size chunks. A
 * {@code ByteArrayOutputStream} grown by doubling to a 5 MB scrape copies it about twice over and
 * allocates arrays the size of G1 regions and more (humongous objects) on every scrape; chunks of
 * {@value #CHUNK} bytes are each written once and copied once, to the response.
 */
final class ChunkedBody extends OutputStream {

    static final int CHUNK = 64 * 1024;

    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current;
    private int position;
    private long size;

    @Override
    public void write(int b) {
        if (current == null || position == current.length) {
            next();
        }
        current[position++] = (byte) b;
        size++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        size += length;
        while (length > 0) {
            if (current == null || position == current.length) {
                next();
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(bytes, offset, current, position, n);
            position += n;
            offset += n;
            length -= n;
        }
    }

    /** Bytes written so far. */
    long size() {
        return size;
    }

    /** Everything written, in order. */
    void writeTo(OutputStream out) throws IOException {
        for (byte[] chunk : chunks) {
            out.write(chunk, 0, chunk == current ? position : chunk.length);
        }
    }

    private void next() {
        current = new byte[CHUNK];
        chunks.add(current);
        position = 0;
    }
}
