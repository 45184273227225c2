package dev.vigil.core.stats;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Since when a verdict has been awaited: from the first probe acked after the newest verdict of a
 * kind (consume, mirror) until the next verdict. Those verdicts exist only for acked probes, so
 * "no verdict for a while" says nothing while the cluster acks nothing; "an acked probe waiting
 * longer than its deadlines allow" says the monitor stopped judging.
 *
 * <p>Written by the threads that give produce and consume verdicts, read by anyone. A verdict
 * racing an ack can clear the mark just after the ack set it; the next ack sets it again, so the
 * wait is under-read by at most one probe interval.
 */
public final class AwaitedVerdict {

    private final AtomicLong since = new AtomicLong();

    /** A probe was acked: a verdict is awaited from now on, unless one already was. */
    void acked(long atMicros) {
        since.compareAndSet(0, atMicros);
    }

    /** A verdict was given: nothing is awaited until the next ack. */
    void judged() {
        since.set(0);
    }

    /** Since when a verdict has been awaited, 0 when none is. */
    public long sinceMicros() {
        return since.get();
    }
}
