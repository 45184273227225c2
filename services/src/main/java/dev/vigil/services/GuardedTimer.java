package dev.vigil.services;

import dev.vigil.core.service.TaskGuard;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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

    /** Interrupts the task under way and runs no other. */
    void stop() {
        executor.shutdownNow();
    }
}
