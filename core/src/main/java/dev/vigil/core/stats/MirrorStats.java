package dev.vigil.core.stats;

import dev.vigil.core.ledger.LedgerListener;
import dev.vigil.core.metrics.MetricValue;
import dev.vigil.core.window.LatencySummary;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mirror probe's numbers for one source cluster: the listener of every partition's mirror
 * ledger, whose "consume" side is the probe seen in the target cluster. So mirror availability is
 * acked probes seen in the target within the mirror SLA ÷ acked probes whose mirror deadline passed
 * (pooled over partitions), mirror loss is an acked probe not seen there within the mirror grace,
 * and replication latency is send in the source until first seen in the target, one clock for both.
 * The ledgers' produce outcomes repeat the source's produce probe and are ignored here.
 *
 * <p>Written under the mirror ledgers' locks (producer I/O thread, mirror consumer thread,
 * finalizer) and by the mirror consumer; read by reporters; every field is thread-safe.
 */
public final class MirrorStats extends OptionalProbeStats implements LedgerListener {

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong lostAcked = new AtomicLong();
    private final AtomicLong lostUnacked = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong receivedAfterGrace = new AtomicLong();
    private final AtomicLong unjudged = new AtomicLong();
    private final AtomicLong lostThenReceived = new AtomicLong();
    private final OtherRecords otherRecords = new OtherRecords();
    private volatile int topicPartitions;
    private volatile boolean reachable = true;
    private final AwaitedVerdict verdict = new AwaitedVerdict();

    public MirrorStats(long windowMicros, int slices) {
        super(MirrorMetrics.LATENCY_HISTOGRAM, windowMicros, slices);
    }

    /** Since when an acked probe has been waiting for the next mirror verdict. */
    public AwaitedVerdict verdict() {
        return verdict;
    }

    @Override
    public void produceFinalized(int leader, boolean ok, long atMicros) {
        // the source's produce probe reports the outcome; here it only starts the wait for a mirror verdict
        if (ok) {
            verdict.acked(atMicros);
        }
    }

    @Override
    public void produceLatency(int leader, long micros) {
        // the source's produce probe reports this
    }

    @Override
    public void consumeFinalized(int leader, boolean ok, long atMicros) {
        verdict.judged();
        recordOutcome(ok, atMicros);
    }

    @Override
    public void e2eLatency(int leader, long micros) {
        received.incrementAndGet();
        recordLatency(micros);
    }

    @Override
    public void lost(int leader, boolean acked, long sequence, long sendTimeMicros) {
        (acked ? lostAcked : lostUnacked).incrementAndGet();
    }

    @Override
    public void duplicate(int leader, long sequence, long atMicros) {
        duplicates.incrementAndGet();
    }

    @Override
    public void late(int leader, long sequence, long atMicros) {
        late.incrementAndGet();
    }

    @Override
    public void notAttempted(int leader) {
        // the source's produce probe reports this
    }

    @Override
    public void receivedAfterGrace(int leader, boolean leaderKnown) {
        receivedAfterGrace.incrementAndGet();
    }

    @Override
    public void unjudged(int leader) {
        unjudged.incrementAndGet();
    }

    @Override
    public void lostThenReceived(int leader) {
        lostThenReceived.incrementAndGet();
    }

    /** Never called: mirror ledgers track no offsets, and a cut is a range of offsets. */
    @Override
    public void lostAckedAfterRead(int leader, long sequence, long sendTimeMicros) {
    }

    /** Records of the mirrored topic that are not probes of this session. */
    public OtherRecords otherRecords() {
        return otherRecords;
    }

    /** Partitions of the mirrored topic in the target; 0 while it does not exist there. */
    public void topicPartitions(int count) {
        this.topicPartitions = count;
    }

    /** Whether the target cluster answered the mirror consumer's latest look-up. */
    public void reachable(boolean value) {
        this.reachable = value;
    }

    public int topicPartitions() {
        return topicPartitions;
    }

    public boolean reachable() {
        return reachable;
    }

    /** Acked probes whose mirror deadline passed, since start: the mirror's name for {@link #attempts}. */
    public long checked() {
        return attempts();
    }

    public long received() {
        return received.get();
    }

    public long lostAcked() {
        return lostAcked.get();
    }

    public long lostUnacked() {
        return lostUnacked.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long late() {
        return late.get();
    }

    public long receivedAfterGrace() {
        return receivedAfterGrace.get();
    }

    public long unjudged() {
        return unjudged.get();
    }

    public long lostThenReceived() {
        return lostThenReceived.get();
    }

    /**
     * What the cluster scope, the dashboard and the summary line show of the probe at one moment.
     *
     * @param availability windowed, NaN before any verdict
     * @param latency      replication latency over the window
     */
    public record Snapshot(double availability, long checked, long failures, long received, long lostAcked,
                           long lostUnacked, long duplicates, long late, long receivedAfterGrace, long unjudged,
                           long lostThenReceived, long otherSessionRecords, long foreignRecords,
                           int topicPartitions, boolean reachable, LatencySummary latency) {

        /** The values of the cluster scope. */
        public List<MetricValue> clusterValues() {
            List<MetricValue> v = new ArrayList<>(18);
            v.add(MirrorMetrics.AVAILABILITY.value(availability));
            v.add(MirrorMetrics.CHECKED.value(checked));
            v.add(MirrorMetrics.FAILURES.value(failures));
            v.add(MirrorMetrics.RECEIVED.value(received));
            v.add(MirrorMetrics.LOST_ACKED.value(lostAcked));
            v.add(MirrorMetrics.LOST_UNACKED.value(lostUnacked));
            v.add(MirrorMetrics.DUPLICATES.value(duplicates));
            v.add(MirrorMetrics.LATE.value(late));
            v.add(MirrorMetrics.RECEIVED_AFTER_GRACE.value(receivedAfterGrace));
            v.add(MirrorMetrics.UNJUDGED.value(unjudged));
            v.add(MirrorMetrics.LOST_THEN_RECEIVED.value(lostThenReceived));
            v.add(MirrorMetrics.OTHER_SESSION_RECORDS.value(otherSessionRecords));
            v.add(MirrorMetrics.FOREIGN_RECORDS.value(foreignRecords));
            v.add(MirrorMetrics.TOPIC_PARTITIONS.value(topicPartitions));
            v.add(MirrorMetrics.REACHABLE.value(reachable ? 1 : 0));
            LatencyStatistic.add(v, MirrorMetrics.LATENCY, latency,
                    LatencyStatistic.P50, LatencyStatistic.P99, LatencyStatistic.MAX);
            return v;
        }
    }

    public Snapshot snapshot(long nowMicros) {
        return new Snapshot(availability(nowMicros).value(), checked(), failures(), received(), lostAcked(),
                lostUnacked(), duplicates(), late(), receivedAfterGrace(), unjudged(), lostThenReceived(),
                otherRecords.otherSession(), otherRecords.foreign(), topicPartitions,
                reachable, latency(nowMicros));
    }
}
