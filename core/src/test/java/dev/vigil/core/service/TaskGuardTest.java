package dev.vigil.core.service;

import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class TaskGuardTest {

    private final MetricRegistry registry = new MetricRegistry();
    private final TaskGuard guard = new TaskGuard(registry);

    @Test
    void aThrowingTaskIsCountedAndKeepsRunning() {
        AtomicInteger runs = new AtomicInteger();
        Runnable task = guard.guard("a", "harvest", () -> {
            if (runs.incrementAndGet() % 2 == 1) {
                throw new IllegalStateException("bug\nsecond line");
            }
        });
        assertThat(counter("a", "harvest")).isZero();
        assertThat(guard.failureAffecting("a")).isEmpty();

        task.run();
        task.run();
        task.run();

        assertThat(runs).hasValue(3); // the guard never propagates, so an executor keeps the schedule
        assertThat(counter("a", "harvest")).isEqualTo(2.0);
        assertThat(guard.errors("a", "harvest")).isEqualTo(2);
        assertThat(guard.failureAffecting("a")).hasValueSatisfying(f ->
                assertThat(f.reason()).isEqualTo("harvest task failed: IllegalStateException: bug"));
        assertThat(guard.failureAffecting("b")).isEmpty();
    }

    @Test
    void errorsAreCaughtToo() {
        guard.guard("a", "finalizer", () -> {
            throw new StackOverflowError();
        }).run();
        assertThat(guard.failureAffecting("a")).hasValueSatisfying(f ->
                assertThat(f.error()).isEqualTo("StackOverflowError"));
    }

    @Test
    void aProcessWideFailureAffectsEveryClusterButAClustersOwnIsNamedFirst() {
        guard.guard("slo", () -> {
            throw new IllegalArgumentException("slo bug");
        }).run();
        guard.guard("a", "harvest", () -> {
            throw new IllegalArgumentException("harvest bug");
        }).run();

        assertThat(guard.failureAffecting("a").orElseThrow().task()).isEqualTo("harvest");
        assertThat(guard.failureAffecting("b").orElseThrow().task()).isEqualTo("slo");
        assertThat(counterOfProcess("slo")).isEqualTo(1.0);
    }

    @Test
    void theInjectedFaultReplacesOneRun() {
        AtomicInteger runs = new AtomicInteger();
        Runnable task = guard.guard("a", "cluster-state", runs::incrementAndGet);
        guard.replaceNextRun("a", "cluster-state", () -> {
            throw new IllegalStateException("injected");
        });

        task.run();
        task.run();

        assertThat(runs).hasValue(1);
        assertThat(guard.errors("a", "cluster-state")).isEqualTo(1);
    }

    @Test
    void releasingAClusterForgetsItsTasks() {
        guard.failed("a", "produce-probe", new IllegalStateException("died"));
        assertThat(guard.failureAffecting("a")).isPresent();

        guard.release("a");

        assertThat(guard.failureAffecting("a")).isEmpty();
        assertThat(registry.sources(MetricScope.Type.TASK)).isEmpty();
    }

    private double counter(String cluster, String task) {
        return value(MetricScope.task(cluster, task));
    }

    private double counterOfProcess(String task) {
        return value(MetricScope.task(null, task));
    }

    private double value(MetricScope scope) {
        return registry.sources(MetricScope.Type.TASK).get(scope).values(0).get(0).value();
    }
}
