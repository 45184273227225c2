package dev.vigil.services.probe;

import dev.vigil.core.service.Service;
import dev.vigil.core.time.MicroClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The lifecycle of a probe that runs a loop on its own daemon thread: {@link #start} starts it,
 * {@link #stop} clears {@link #running} and wakes the thread from whatever it blocks on, and the
 * thread counts down the shutdown latch however the loop ends. A loop that dies of an unexpected
 * error logs it once and reads as not running, which the cluster monitor watches for.
 */
abstract class ProbeThread implements Service {

    private static final Logger log = LoggerFactory.getLogger(ProbeThread.class);

    private final String description;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    protected volatile boolean running;
    private volatile boolean stopRequested;

    /** @param kind "produce" or "consume": names the thread ({@code vigil-produce-CLUSTER}) and the logs */
    ProbeThread(String cluster, String kind) {
        this.description = "cluster=" + cluster + " " + kind + " probe";
        this.thread = new Thread(this::run, "vigil-" + kind + "-" + cluster);
        this.thread.setDaemon(true);
    }

    /** The probe's loop; returns when {@link #running} turns false. */
    protected abstract void loop() throws InterruptedException;

    /** Releases the thread from a blocking call so it sees {@link #running} turn false. */
    protected abstract void wake(Thread thread);

    /** Starts the loop; does nothing once {@link #stop} was called, so a late start cannot outlive a stop. */
    @Override
    public final synchronized void start() {
        if (stopRequested) {
            return;
        }
        running = true;
        thread.start();
    }

    @Override
    public final synchronized void stop() {
        stopRequested = true;
        running = false;
        wake(thread);
    }

    @Override
    public final boolean isRunning() {
        return running;
    }

    @Override
    public final boolean awaitShutdown(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round of a probe that runs on a fixed schedule. */
    @FunctionalInterface
    protected interface Round {
        void run() throws InterruptedException;
    }

    /**
     * Runs {@code round} now and then every {@code intervalMicros} on {@code clock} while {@link #running}; a
     * round longer than the interval delays the next one, rounds never pile up. Returns when interrupted.
     */
    protected final void everyInterval(MicroClock clock, long intervalMicros, Round round) throws InterruptedException {
        long next = clock.nowMicros();
        while (running) {
            long wait = next - clock.nowMicros();
            if (wait > 0) {
                LockSupport.parkNanos(wait * 1_000L);
                if (Thread.interrupted()) {
                    return;
                }
                continue;
            }
            round.run();
            next = Math.max(next + intervalMicros, clock.nowMicros());
        }
    }

    /** Whether the caller is the probe's own thread (and not, say, a client's I/O thread). */
    protected final boolean onProbeThread() {
        return Thread.currentThread() == thread;
    }

    private void run() {
        try {
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) { // an Error too: the thread dies either way, and must say why
            if (stopRequested) {
                // clients closed under a stopping loop: expected, not worth an operator's attention
                log.debug("{} ended while stopping: {}", description, e.toString());
            } else {
                log.error("{} stopped by an unexpected error", description, e);
            }
        } finally {
            running = false;
            stopped.countDown();
        }
    }
}
