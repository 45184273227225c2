package dev.vigil.core.service;

import dev.vigil.core.metrics.MetricRegistry;
import dev.vigil.core.metrics.MetricScope;
import dev.vigil.core.metrics.Metric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs Vigil's periodic and long-running work so that no failure is silent. A scheduled executor
 * cancels a task for good at its first exception and tells no one, and the cluster would go on
 * reporting its last numbers as if they were current. Under {@link #guard} a {@link Throwable}
 * instead is logged (the first of each task with its stack), counted as
 * {@code internalErrors{cluster,task}} (Prometheus {@code vigil_internal_errors_total}), and turns
 * the task's cluster FAILED for good, or every cluster for a process-wide task (the dashboard
 * sampler, the SLO sampler, the summary log), whose numbers they all feed. The task itself keeps
 * its schedule, so a transient fault does not also stop the work.
 *
 * <p>FAILED is not cleared by a later good run: the error was a bug in Vigil, not a cluster fault,
 * and numbers it touched may be wrong from then on. /health answers 503 and restarting Vigil is
 * the remedy.
 *
 * <p>Thread-safe; one per process, passed in. Every guarded task and thread: docs/design.md, "Threads".
 */
public final class TaskGuard {

    /** Of every task's scope. */
    public static final Metric INTERNAL_ERRORS = Metric.counter("internalErrors",
            "unexpected errors in Vigil's own periodic work (a bug: the cluster turns FAILED)");

    /** The first failure of one task: which, of which cluster (empty for a process-wide task), and why. */
    public record Failure(String task, Optional<String> cluster, String error) {
        /** One line for /health, the dashboard banner and the log. */
        public String reason() {
            return task + " task failed: " + error;
        }
    }

    private record Key(String cluster, String task) {
        Optional<String> clusterName() {
            return Optional.ofNullable(cluster);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(TaskGuard.class);

    private final MetricRegistry registry;
    private final Map<Key, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<Key, Failure> failures = new ConcurrentHashMap<>();
    private final Map<Key, Runnable> injected = new ConcurrentHashMap<>();

    public TaskGuard(MetricRegistry registry) {
        this.registry = registry;
    }

    /** A process-wide task: a failure turns every cluster FAILED. */
    public Runnable guard(String task, Runnable body) {
        return guard(new Key(null, task), body);
    }

    /** A task of one cluster: a failure turns that cluster FAILED. */
    public Runnable guard(String cluster, String task, Runnable body) {
        return guard(new Key(Objects.requireNonNull(cluster), task), body);
    }

    private Runnable guard(Key key, Runnable body) {
        counter(key);
        return () -> {
            try {
                Runnable fault = injected.remove(key);
                (fault != null ? fault : body).run();
            } catch (Throwable t) {
                failed(key, t);
            }
        };
    }

    /**
     * Records a failure found by other means than a guarded run (a probe thread that died): counted,
     * logged and turning the cluster FAILED like one.
     */
    public void failed(String cluster, String task, Throwable error) {
        failed(new Key(Objects.requireNonNull(cluster), task), error);
    }

    /** The task's error counter, a metric from the moment the task is guarded, so it reads 0 before any error. */
    private LongAdder counter(Key key) {
        return errors.computeIfAbsent(key, k -> {
            LongAdder count = new LongAdder();
            registry.register(scope(k), now -> List.of(INTERNAL_ERRORS.value(count.sum())));
            return count;
        });
    }

    private void failed(Key key, Throwable t) {
        counter(key).increment();
        Failure failure = new Failure(key.task(), key.clusterName(), describe(t));
        if (failures.putIfAbsent(key, failure) == null) {
            log.error("{}{} task failed, {} FAILED until Vigil is restarted: {}", key.cluster == null ? ""
                    : "cluster=" + key.cluster + " ", key.task(), key.cluster == null ? "every cluster is" : "the cluster is",
                    failure.error(), t);
        } else {
            log.debug("{} task failed again: {}", key.task(), failure.error());
        }
    }

    /** The first failure that makes {@code cluster} FAILED: one of its own tasks' or a process-wide task's. */
    public Optional<Failure> failureAffecting(String cluster) {
        Failure first = null;
        for (Failure f : failures.values()) {
            if (f.cluster().isEmpty() || f.cluster().get().equals(cluster)) {
                if (first == null || f.cluster().isPresent()) {
                    first = f;
                }
            }
        }
        return Optional.ofNullable(first);
    }

    /** How many times the task failed. */
    public long errors(String cluster, String task) {
        LongAdder count = errors.get(new Key(cluster, task));
        return count == null ? 0 : count.sum();
    }

    /** Forgets a stopped cluster's tasks: their counters leave the registry. */
    public void release(String cluster) {
        errors.keySet().removeIf(k -> {
            if (cluster.equals(k.cluster())) {
                registry.unregister(scope(k));
                return true;
            }
            return false;
        });
        failures.keySet().removeIf(k -> cluster.equals(k.cluster()));
    }

    /**
     * Test hook: the task's next run runs {@code fault} instead of its work, as a bug in it would
     * (throw, or hang its thread). {@code cluster} is null for a process-wide task.
     */
    public void replaceNextRun(String cluster, String task, Runnable fault) {
        injected.put(new Key(cluster, task), fault);
    }

    private static MetricScope scope(Key key) {
        return MetricScope.task(key.cluster(), key.task());
    }

    private static String describe(Throwable t) {
        String message = t.getMessage() == null ? "" : ": " + t.getMessage().lines().findFirst().orElse("");
        return t.getClass().getSimpleName() + message;
    }
}
