package dev.vigil.sandbox.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;

import dev.vigil.sandbox.proxy.NetworkFaults.Direction;

/**
 * Copies the bytes of one direction of a proxied connection, holding each chunk until the delay it was
 * read with has passed and while the blackhole is on; and, from the body of a FETCH response on, while
 * fetch responses are withheld ({@link KafkaFrames} cuts the chunks there).
 *
 * <p>Two threads: a reader that stamps each chunk with its due time the moment it arrives, and a writer
 * that forwards chunks in order once due. One thread could not do it: sleeping before a write would
 * leave later bytes in the socket buffer, unstamped, and add the delay again for each chunk of a burst.
 * The queue is bounded ({@value #QUEUE_CHUNKS} chunks of at most {@value #CHUNK_BYTES} bytes), so a slow
 * or blackholed path pushes back on the sender through TCP rather than growing the heap.
 */
final class DelayedPipe {

    private static final int CHUNK_BYTES = 16 * 1024;
    private static final int QUEUE_CHUNKS = 256;
    /** Marks the end of the stream for the writer. */
    private static final Chunk END = new Chunk(new byte[0], 0, false);

    private final InputStream in;
    private final OutputStream out;
    private final Direction direction;
    private final NetworkFaults faults;
    private final KafkaFrames frames;
    private final Runnable onEnd;
    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
    private final Thread reader;
    private final Thread writer;

    /**
     * @param onEnd called (possibly more than once, from either thread) when this direction ends: end of
     *     stream, an I/O error, or an interrupt; the owner then closes the connection
     */
    DelayedPipe(InputStream in, OutputStream out, Direction direction, NetworkFaults faults, KafkaFrames frames,
                String name, Runnable onEnd) {
        this.in = in;
        this.out = out;
        this.direction = direction;
        this.faults = faults;
        this.frames = frames;
        this.onEnd = onEnd;
        this.reader = daemon(this::readLoop, name + "-read");
        this.writer = daemon(this::writeLoop, name + "-write");
    }

    void start() {
        reader.start();
        writer.start();
    }

    /** Stops both threads; the owner closes the sockets, which unblocks their I/O. */
    void stop() {
        reader.interrupt();
        writer.interrupt();
    }

    private void readLoop() {
        try {
            byte[] buffer = new byte[CHUNK_BYTES];
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                long due = System.nanoTime() + faults.delayNanos(direction);
                for (KafkaFrames.Piece piece : frames.split(buffer, n)) {
                    queue.put(new Chunk(piece.bytes(), due, piece.fetchResponse()));
                }
            }
            queue.put(END);
        } catch (IOException | InterruptedException e) {
            onEnd.run();
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                Chunk chunk = queue.take();
                if (chunk == END) {
                    break;
                }
                sleepUntil(chunk.dueNanos);
                faults.awaitPassable();
                if (chunk.fetchResponse) {
                    faults.awaitFetchResponsesPassable();
                }
                out.write(chunk.bytes);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // fall through: the connection is over either way
        }
        onEnd.run();
    }

    private static void sleepUntil(long dueNanos) throws InterruptedException {
        for (long left = dueNanos - System.nanoTime(); left > 0; left = dueNanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private record Chunk(byte[] bytes, long dueNanos, boolean fetchResponse) {
    }
}
