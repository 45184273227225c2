package dev.vigil.app;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test class started (sandboxes, Vigils, servers, browsers, temporary folders), closed
 * after all its tests, the last started first: a Vigil stops before the sandbox it probes goes
 * away, so its shutdown does not wait on dead brokers. A resource is added as soon as it exists, before it is started,
 * so that a start failing part-way still closes everything started up to then; one that fails to
 * close does not keep the others open (its exception is thrown after, with theirs suppressed).
 * Register it as {@code @RegisterExtension static final Teardown teardown = new Teardown();}.
 */
public final class Teardown implements AfterAllCallback {

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** Closes {@code resource} after all tests, before anything added earlier; returns it. */
    public <T extends AutoCloseable> T add(T resource) {
        started.push(resource);
        return resource;
    }

    /** Adds {@code vigil}, stopped after all tests, and starts it; returns it. */
    public Vigil start(Vigil vigil) {
        started.push(vigil::stop);
        vigil.start();
        return vigil;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Exception failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
