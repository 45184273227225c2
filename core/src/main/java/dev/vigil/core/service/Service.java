package dev.vigil.core.service;

import java.time.Duration;

/**
 * The lifecycle of every long-running part of Vigil (probes, monitors, servers).
 *
 * <p>{@code start} returns once the service runs; {@code stop} asks it to stop and may return
 * before it has; {@code awaitShutdown} waits until it has released its threads and clients.
 * Calling {@code stop} twice, or on a service that never started, is harmless.
 */
public interface Service {

    void start();

    void stop();

    boolean isRunning();

    /** Waits up to {@code timeout} for the service to finish stopping; true if it has. */
    boolean awaitShutdown(Duration timeout) throws InterruptedException;
}
