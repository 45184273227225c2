package dev.vigil.services;

import dev.vigil.core.service.TaskGuard;

/**
 * What one cluster's monitor is doing and one line saying why: STARTING until the first connect,
 * UNREACHABLE while connecting fails, RUNNING once probing, STOPPED after a stop. FAILED is not
 * set but read: from a guarded task's failure on (this cluster's or process-wide) until the stop,
 * whatever the rest says, with the failure as the reason.
 */
final class MonitorStatus {

    private final TaskGuard guard;
    private final String cluster;
    private volatile ClusterMonitor.Status status = ClusterMonitor.Status.STARTING;
    private volatile String reason = "connecting";

    MonitorStatus(TaskGuard guard, String cluster) {
        this.guard = guard;
        this.cluster = cluster;
    }

    ClusterMonitor.Status status() {
        ClusterMonitor.Status s = status;
        return s != ClusterMonitor.Status.STOPPED && guard.failureAffecting(cluster).isPresent()
                ? ClusterMonitor.Status.FAILED : s;
    }

    String reason() {
        ClusterMonitor.Status s = status;
        return s == ClusterMonitor.Status.STOPPED ? reason
                : guard.failureAffecting(cluster).map(TaskGuard.Failure::reason).orElse(reason);
    }

    /** Whether the monitor probes, a guarded task's failure aside. */
    boolean isProbing() {
        return status == ClusterMonitor.Status.RUNNING;
    }

    void unreachable(String why) {
        reason = why;
        status = ClusterMonitor.Status.UNREACHABLE;
    }

    void probing() {
        status = ClusterMonitor.Status.RUNNING;
        reason = "probing";
    }

    void stopped() {
        status = ClusterMonitor.Status.STOPPED;
        reason = "stopped";
    }
}
