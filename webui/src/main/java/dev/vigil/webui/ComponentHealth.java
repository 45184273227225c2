package dev.vigil.webui;

/**
 * The health of one monitored cluster as /health and /ready report it.
 *
 * @param live   false only when the monitor itself is broken (a probe thread died) or stopped:
 *               restarting Vigil could help
 * @param ready  true while probes run against a reachable cluster
 * @param status the monitor's status word (RUNNING, UNREACHABLE, ...)
 * @param reason one line saying why, without secrets
 */
public record ComponentHealth(String name, boolean live, boolean ready, String status, String reason) {
}
