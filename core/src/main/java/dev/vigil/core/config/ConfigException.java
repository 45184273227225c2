package dev.vigil.core.config;

/**
 * A configuration problem that stops start-up. {@link #getMessage()} is the whole report: one
 * line naming the key by its full path (e.g. {@code clusters[0].probe.interval.ms}) and saying
 * how to fix it; the application prints it and exits with status 2.
 *
 * <p>The exception carries no stack trace: it describes the operator's file, not Vigil's code,
 * so a trace would only bury the line that matters if someone logs it by accident.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(oneLine(message), null, false, false);
    }

    // Messages quote the operator's keys and values, which may contain line breaks; escaping
    // them here keeps the one-line promise whatever the input.
    private static String oneLine(String message) {
        return message.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }
}
