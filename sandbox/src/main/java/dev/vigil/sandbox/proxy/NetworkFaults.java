package dev.vigil.sandbox.proxy;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The faults one {@link FaultProxy} currently applies: an added one-way delay per direction and a
 * blackhole switch. Thread-safe: setters are called by test or dashboard threads while the proxy's pipe
 * threads read the values for every chunk of bytes they forward.
 *
 * <p>A delay applies to bytes read after it was set; bytes already queued keep the delay they were read
 * with, so changing the delay never reorders a stream.
 */
public final class NetworkFaults {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private volatile long toUpstreamNanos;
    private volatile long toClientNanos;
    private volatile boolean blackholed;
    private volatile boolean fetchResponsesWithheld;

    /** Sets the delay added to bytes going to the upstream server and to bytes going back to clients. */
    public void setLatency(Duration toUpstream, Duration toClient) {
        long up = nonNegativeNanos(toUpstream, "toUpstream");
        long down = nonNegativeNanos(toClient, "toClient");
        toUpstreamNanos = up;
        toClientNanos = down;
    }

    public Duration latencyToUpstream() {
        return Duration.ofNanos(toUpstreamNanos);
    }

    public Duration latencyToClient() {
        return Duration.ofNanos(toClientNanos);
    }

    long delayNanos(Direction direction) {
        return direction == Direction.TO_UPSTREAM ? toUpstreamNanos : toClientNanos;
    }

    /**
     * While on, the proxy passes no bytes in either direction: it still accepts connections and reads what
     * peers send (until its bounded buffers fill, which then fills the peers' TCP windows), like a network
     * path that silently drops packets. Bytes held back are delivered once it is switched off, as TCP
     * retransmission would, unless a peer gave up on the connection first.
     */
    public void setBlackholed(boolean on) {
        switchAndWake(() -> blackholed = on);
    }

    public boolean isBlackholed() {
        return blackholed;
    }

    /**
     * While on, responses to Kafka FETCH requests are held back, and with each one every later response on
     * its connection (Kafka answers a connection in order, and a client refuses a response out of order);
     * everything else passes: produce requests are acked, metadata and offset look-ups answered on
     * connections with no fetch pending. Like a broker whose fetch path hangs while it still takes writes.
     * Held responses are delivered once it is switched off, unless the client gave up on the connection
     * first (its request timeout). Only plaintext Kafka connections are recognised; other bytes always pass.
     */
    public void setFetchResponsesWithheld(boolean on) {
        switchAndWake(() -> fetchResponsesWithheld = on);
    }

    public boolean isFetchResponsesWithheld() {
        return fetchResponsesWithheld;
    }

    /** Blocks while fetch responses are withheld. */
    void awaitFetchResponsesPassable() throws InterruptedException {
        awaitOff(() -> fetchResponsesWithheld);
    }

    /** Blocks while the blackhole is on. */
    void awaitPassable() throws InterruptedException {
        awaitOff(() -> blackholed);
    }

    /** Under the lock, so that a waiter in {@link #awaitOff} cannot miss the change between its check and its wait. */
    private void switchAndWake(Runnable change) {
        lock.lock();
        try {
            change.run();
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Blocks while {@code on} holds; woken by every switch, since one condition serves both. */
    private void awaitOff(BooleanSupplier on) throws InterruptedException {
        if (!on.getAsBoolean()) {
            return;
        }
        lock.lockInterruptibly();
        try {
            while (on.getAsBoolean()) {
                released.await();
            }
        } finally {
            lock.unlock();
        }
    }

    private static long nonNegativeNanos(Duration delay, String name) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException(name + " latency must be zero or positive, got " + delay);
        }
        return delay.toNanos();
    }

    /** Which way bytes flow through the proxy. */
    enum Direction {
        TO_UPSTREAM, TO_CLIENT
    }
}
