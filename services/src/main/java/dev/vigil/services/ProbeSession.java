package dev.vigil.services;

import dev.vigil.core.service.Service;
import dev.vigil.core.service.TaskGuard;
import dev.vigil.services.probe.ConsumeProbe;
import dev.vigil.services.probe.ProbeTargets;
import dev.vigil.services.probe.ProduceProbe;
import dev.vigil.services.topic.TopicManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one connect of a cluster's monitor started: the produce and consume probes, the optional
 * probes the config switches on, the partitions they probe, and the topic manager working through
 * the same admin client.
 */
record ProbeSession(ProduceProbe produce, ConsumeProbe consume, List<RunningProbe> optional, ProbeTargets targets,
                    TopicManager topicManager) {

    /** A started probe and the kind that names its guarded task ({@code KIND-probe}). */
    record RunningProbe(String kind, Service probe) {
    }

    ProbeSession {
        optional = List.copyOf(optional);
    }

    /** Every probe, produce and consume first. */
    List<RunningProbe> all() {
        List<RunningProbe> all = new ArrayList<>(optional.size() + 2);
        all.add(new RunningProbe("produce", produce));
        all.add(new RunningProbe("consume", consume));
        all.addAll(optional);
        return all;
    }

    /** Tells every probe to stop, the optional ones first (the last started first), and waits for none. */
    void stop() {
        for (int i = optional.size() - 1; i >= 0; i--) {
            optional.get(i).probe().stop();
        }
        produce.stop();
        consume.stop();
    }

    /**
     * A probe's thread that ended while the monitor runs is a Vigil bug: the guard fails the cluster,
     * once, naming the probe's task {@code KIND-probe}.
     */
    void watch(TaskGuard guard, String cluster) {
        for (RunningProbe p : all()) {
            String task = p.kind() + "-probe";
            if (!p.probe().isRunning() && guard.errors(cluster, task) == 0) {
                guard.failed(cluster, task, new IllegalStateException(p.kind() + " probe stopped unexpectedly"
                        + " (its thread logged why); its numbers are frozen until Vigil is restarted"));
            }
        }
    }

    /** Waits for each probe's thread to end, at most {@code timeoutEach} for each. */
    void awaitShutdown(Duration timeoutEach) throws InterruptedException {
        for (RunningProbe p : all()) {
            p.probe().awaitShutdown(timeoutEach);
        }
    }
}
