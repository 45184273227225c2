package dev.vigil.sandbox;

/**
 * A sandbox operation could not be completed: a node did not start, register or stop in time, or its
 * directories could not be prepared. The message names the node and the bound that was exceeded.
 */
public class SandboxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
