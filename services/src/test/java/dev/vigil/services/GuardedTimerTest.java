package dev.vigil.services;

import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.service.TaskGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The timer's tasks that wake its thread only when they have work: each under the guard like a periodic one. */
class GuardedTimerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final TaskGuard guard = new TaskGuard(new MetricRegistry());
    private final GuardedTimer timer = new GuardedTimer("test-timer", guard, "c");

    @AfterEach
    void stop() {
        timer.stop();
    }

    @Test
    void aDeadlineTaskRunsAgainAfterTheDelayItAsksForWithinItsBounds() {
        List<Long> asked = new CopyOnWriteArrayList<>(List.of(0L, Long.MAX_VALUE, -5L));
        AtomicInteger runs = new AtomicInteger();
        timer.atDeadlines("finalizer", 1, 20, () -> {
            runs.incrementAndGet();
            return asked.isEmpty() ? 0 : asked.remove(0);
        });

        // "now", "never" (the bound: 20 ms) and a deadline passed: each is followed by another run.
        await().atMost(WAIT).until(() -> runs.get() >= 5);
        assertThat(guard.failureAffecting("c")).isEmpty();
    }

    @Test
    void aDeadlineTaskThatThrowsFailsTheClusterAndKeepsRunning() {
        AtomicInteger runs = new AtomicInteger();
        timer.atDeadlines("finalizer", 1, 10, () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("bug");
            }
            return 0;
        });

        await().atMost(WAIT).until(() -> runs.get() >= 3);
        assertThat(guard.errors("c", "finalizer")).isEqualTo(1);
        assertThat(guard.failureAffecting("c").orElseThrow().reason())
                .isEqualTo("finalizer task failed: IllegalStateException: bug");
    }

    @Test
    void anOnDemandTaskIsGuardedFromTheStartAndRunsOnceEachTimeItIsAsked() {
        AtomicInteger runs = new AtomicInteger();
        GuardedTimer.OnDemand task = timer.onDemand("transition-log", () -> {
            if (runs.incrementAndGet() == 2) {
                throw new IllegalStateException("bug");
            }
        });
        assertThat(guard.errors("c", "transition-log")).isZero();
        assertThat(guard.failureAffecting("c")).isEmpty();

        task.runIn(0);
        await().atMost(WAIT).until(() -> runs.get() == 1);
        task.runIn(1);
        await().atMost(WAIT).until(() -> guard.errors("c", "transition-log") == 1);
        assertThat(runs).hasValue(2);
        assertThat(guard.failureAffecting("c").orElseThrow().task()).isEqualTo("transition-log");

        timer.stop();
        task.runIn(0); // the owner logs what is left at its stop: nothing thrown, nothing run
        assertThat(runs).hasValue(2);
    }
}
