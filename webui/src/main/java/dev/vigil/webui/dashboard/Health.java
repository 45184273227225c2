package dev.vigil.webui.dashboard;

import java.util.List;

/**
 * The verdict on a cluster's banner: its level, the reasons for it in words an operator can act on,
 * and notices that are worth seeing but do not by themselves make the cluster unhealthy.
 */
public record Health(Level level, List<String> reasons, List<String> notices) {

    /**
     * STARTING: no probe result is final yet, so nothing can be said (never shown as healthy or down).
     * FAILED: Vigil itself failed (a task threw, a probe thread died): its numbers cannot be trusted.
     */
    public enum Level { STARTING, HEALTHY, DEGRADED, DOWN, FAILED }

    public Health {
        reasons = List.copyOf(reasons);
        notices = List.copyOf(notices);
    }
}
