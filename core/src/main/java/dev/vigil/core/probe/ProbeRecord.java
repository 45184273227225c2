package dev.vigil.core.probe;

/**
 * One decoded probe: which producer session sent it, to which partition, its sequence in that
 * session and partition, and when it was sent (epoch microseconds).
 *
 * <p>The session id is 128 random bits drawn at producer start, kept as two longs so decoding
 * allocates nothing but this record.
 */
public record ProbeRecord(long sessionHigh, long sessionLow, int partition, long sequence, long sendTimeMicros) {

    public boolean sameSession(long high, long low) {
        return sessionHigh == high && sessionLow == low;
    }
}
