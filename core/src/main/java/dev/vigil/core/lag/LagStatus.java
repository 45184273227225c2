package dev.vigil.core.lag;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The status of a consumer group's partition, or of the group, in Burrow's words and with Burrow's
 * numbers, so that dashboards and alerts written for Burrow read Vigil's the same. Worse statuses
 * have higher numbers.
 */
public enum LagStatus {
    /** The group is not known, or holds no committed offset to evaluate. */
    NOTFOUND(0),
    OK(1),
    /** The consumer commits and advances, but its lag never decreased over the window: it is falling behind. */
    WARN(2),
    /** Kept for Burrow's numbering: Burrow gives it to a group whose worst partition is STOP, STALL or REWIND. */
    ERR(3),
    /** No commit for longer than the window spans, while the partition has lag. */
    STOP(4),
    /** Commits that do not advance the offset, while the partition has lag. */
    STALL(5),
    /** A commit went back to an earlier offset, while the partition has lag. */
    REWIND(6);

    private final int code;

    LagStatus(int code) {
        this.code = code;
    }

    /** Burrow's number for the status. */
    public int code() {
        return code;
    }

    /** Each status with its number, {@code "NOTFOUND 0, OK 1, ..."}: the legend of the status gauges' help. */
    public static String legend() {
        return Arrays.stream(values()).map(s -> s + " " + s.code).collect(Collectors.joining(", "));
    }

    /** The worse of the two. */
    public LagStatus worst(LagStatus other) {
        return other.code > code ? other : this;
    }
}
