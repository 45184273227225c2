package dev.vigil.services.probe;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * How far the mirror consumer has read one partition of the mirrored topic (or the topic as a whole
 * while the target has none), as the horizon mirror verdicts may be given up to: a probe sent at s is
 * judged once s + grace is at most {@link #progress()}.
 *
 * <p>Normally that is the latest time T such that everything the partition held at T has been read.
 *
 * <p><b>Outages.</b> While the partition cannot be looked up (target or partition leader down), the
 * replicator can most likely not write to it either, and the probes it should copy pile up in the
 * source. When the partition answers again, the consumer reaches its log end within a moment, usually
 * before the replicator has copied that backlog; taken as progress, that end would judge every probe
 * of the outage older than a grace lost, although it arrives a moment later. So a probe is judged only
 * once it has had a full grace of time <em>with the partition answering</em>: an outage of length D
 * that ended at E moves progress back by D until E + grace, when every probe sent before E has had
 * its grace since the return. A short blip therefore delays verdicts by its own length, a long outage
 * holds its probes a grace after the return; probes never copied are still lost after that. Several
 * outages within a grace add up. The outage is taken to start at the partition's last answer.
 *
 * <p>Not thread-safe: {@link MirrorProgress} guards it.
 */
final class ReadProgress {

    private final long graceMicros;
    /** Everything the partition held at this time has been read. */
    private long read;
    /** The partition's last answer to a look-up. */
    private long lastAnswered;
    /** A look-up failed and none succeeded since. */
    private boolean failing;
    /** While failing: the last answer before the failure, the outage's start. */
    private long downSince;
    /** Ended outages that may still move progress back, newest first. */
    private final Deque<Outage> outages = new ArrayDeque<>();
    /** The highest progress shown: verdicts given are never taken back. */
    private long shown;

    ReadProgress(long startMicros, long graceMicros) {
        this.read = startMicros;
        this.lastAnswered = startMicros;
        this.shown = startMicros;
        this.graceMicros = graceMicros;
    }

    /** A partition read as far as this one shows, with its outages. */
    ReadProgress copy() {
        ReadProgress copy = new ReadProgress(progress(), graceMicros);
        copy.lastAnswered = lastAnswered;
        copy.failing = failing;
        copy.downSince = downSince;
        copy.outages.addAll(outages);
        return copy;
    }

    /** Everything the partition held at {@code asOfMicros}, when it answered a look-up, has been read. */
    void readUpTo(long asOfMicros) {
        read = Math.max(read, asOfMicros);
        lastAnswered = Math.max(lastAnswered, asOfMicros);
    }

    void lookupFailed() {
        if (!failing) {
            failing = true;
            downSince = lastAnswered;
        }
    }

    /** A look-up answered at {@code atMicros}; the first after a failure ends an outage. */
    void lookupSucceeded(long atMicros) {
        lastAnswered = Math.max(lastAnswered, atMicros);
        if (failing) {
            failing = false;
            outages.addFirst(new Outage(atMicros, atMicros - downSince));
        }
    }

    long progress() {
        // During an outage, nothing since it began has had any time with the partition answering.
        long t = failing ? Math.min(read, downSince) : read;
        long back = 0;
        Iterator<Outage> newestFirst = outages.iterator();
        while (newestFirst.hasNext()) {
            Outage o = newestFirst.next();
            if (t < o.endMicros() + graceMicros + back) {
                back += o.lengthMicros();
            } else {
                // Neither this one nor any older one can move progress back again: t only grows.
                newestFirst.remove();
                while (newestFirst.hasNext()) {
                    newestFirst.next();
                    newestFirst.remove();
                }
            }
        }
        shown = Math.max(shown, t - back);
        return shown;
    }

    private record Outage(long endMicros, long lengthMicros) {
    }
}
