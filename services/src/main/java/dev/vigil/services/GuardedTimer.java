package dev.vigil.services;

import dev.vigil.core.service.TaskGuard;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A timer thread of one cluster's monitor whose tasks each run under the {@link TaskGuard} by
 * name: an error in one fails the cluster instead of silently cancelling the task.
 */
final class GuardedTimer {

    private final ScheduledExecutorService executor;
    private final TaskGuard guard;
    private final String cluster;

    /** @param threadName the name of its (daemon) thread, e.g. {@code vigil-finalizer-CLUSTER} */
    GuardedTimer(String threadName, TaskGuard guard, String cluster) {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        this.guard = guard;
        this.cluster = cluster;
    }

    /** Runs {@code body} every period, the first time one period from now. */
    void atFixedRate(String task, long periodMs, Runnable body) {
        executor.scheduleAtFixedRate(guard.guard(cluster, task, body), periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code body} now, and again {@code delayMs} after each run ends. */
    void withFixedDelay(String task, long delayMs, Runnable body) {
        executor.scheduleWithFixedDelay(guard.guard(cluster, task, body), 0, delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code body} {@code minMs} from now, then again when the delay it returned (in milliseconds) has passed,
     * but never sooner than {@code minMs} nor later than {@code maxMs} after a run ends: for a task that knows when it
     * next has work, so that it does not wake its thread for nothing. A run that fails (see {@link TaskGuard}) is
     * followed by one {@code maxMs} later.
     */
    void atDeadlines(String task, long minMs, long maxMs, LongSupplier body) {
        new DeadlineTask(task, minMs, maxMs, body).schedule(minMs);
    }

    /** A task that runs only when asked, once each time: guarded (and its error counter registered) from now. */
    OnDemand onDemand(String task, Runnable body) {
        return new OnDemand(guard.guard(cluster, task, body));
    }

    /** See {@link #onDemand}. */
    final class OnDemand {

        private final Runnable guarded;

        private OnDemand(Runnable guarded) {
            this.guarded = guarded;
        }

        /** Runs the task once, {@code delayMs} from now; not at all if the timer has stopped. */
        void runIn(long delayMs) {
            try {
                executor.schedule(guarded, delayMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // stopped: the owner does at its stop what was left to do
            }
        }
    }

    /** Interrupts the task under way and runs no other. */
    void stop() {
        executor.shutdownNow();
    }

    /** One run of an {@link #atDeadlines} task, which schedules the next. */
    private final class DeadlineTask implements Runnable {

        private final long minMs;
        private final long maxMs;
        private final Runnable guarded;
        /** Set by the run just made; the timer's thread only. */
        private long nextMs;

        DeadlineTask(String task, long minMs, long maxMs, LongSupplier body) {
            this.minMs = minMs;
            this.maxMs = maxMs;
            this.guarded = guard.guard(cluster, task, () -> nextMs = body.getAsLong());
        }

        @Override
        public void run() {
            nextMs = maxMs;
            guarded.run();
            schedule(Math.max(minMs, Math.min(maxMs, nextMs)));
        }

        void schedule(long delayMs) {
            try {
                executor.schedule(this, delayMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // stopped
            }
        }
    }
}
