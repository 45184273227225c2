package dev.vigil.core.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * The latest {@link ProbeEvent}s of one cluster in a fixed ring: a long outage that loses a probe
 * per partition per second keeps only the newest, so memory does not grow with it. Events are rare
 * in a healthy cluster, so a plain lock is cheap enough.
 */
public final class ProbeEvents {

    public static final int DEFAULT_CAPACITY = 200;

    private final ProbeEvent[] ring;
    private long added;

    public ProbeEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.ring = new ProbeEvent[capacity];
    }

    public synchronized void add(ProbeEvent event) {
        ring[(int) (added % ring.length)] = event;
        added++;
    }

    /** Up to {@code limit} events, newest first. */
    public synchronized List<ProbeEvent> newest(int limit) {
        int n = (int) Math.min(Math.min(added, ring.length), Math.max(0, limit));
        List<ProbeEvent> out = new ArrayList<>(n);
        for (long i = added - 1; out.size() < n; i--) {
            out.add(ring[(int) (i % ring.length)]);
        }
        return out;
    }

    /** Events ever added, including those the ring has since dropped. */
    public synchronized long total() {
        return added;
    }
}
