package dev.vigil.bench;

import dev.vigil.core.ledger.SequenceLedger;
import dev.vigil.core.probe.ProbeCodec;
import dev.vigil.core.probe.ProbeRecord;
import dev.vigil.core.stats.ClusterStats;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The per-record work Vigil adds on top of the Kafka clients, for one probe of one partition:
 * the ledger's send and ack bookkeeping, decoding the received bytes, the ledger's receipt
 * verdict and the latency recording it triggers (partition, broker and cluster histograms, through
 * the same listener the probes use). Loss finalization runs every 64 records, as the timer would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProbeHotPathBenchmark {

    private static final long MS = 1_000;

    private SequenceLedger ledger;
    private byte[] wire;
    private ByteBuffer wireView;
    private long nowMicros;

    @Setup
    public void setUp() {
        ClusterStats stats = new ClusterStats("bench", 60_000 * MS, 6, false); // partition histograms off, as by default
        ledger = ledger(stats, 0);
        wire = ProbeCodec.encode(new ProbeRecord(1, 2, 0, 0, 0), 100);
        wireView = ByteBuffer.wrap(wire);
        nowMicros = 1_700_000_000_000_000L;
    }

    /** Ledger send + ack, decode, ledger receipt, e2e and produce histograms: one probe's whole cost. */
    @Benchmark
    public Object probeLifecycle() {
        long t = nowMicros += 1_000 * MS;
        long seq = ledger.begin(t, 1);
        ledger.acked(seq, t + 2 * MS);
        wireView.putLong(24, seq).putLong(32, t);
        ProbeCodec.Decoded decoded = ProbeCodec.decode(wire);
        Object receipt = ledger.received(decoded.probe().sequence(), t + 3 * MS);
        if ((seq & 63) == 0) {
            ledger.finalizeExpired(t);
        }
        return receipt;
    }

    /**
     * {@link #probeLifecycle} over many partitions in turn, one probe a second each, led by three brokers,
     * with their windows harvested every 5 s as the monitor's timer does: each probe then finds its partition's
     * ledger and windows out of cache, as in a monitor of 10,000 partitions, where the single-partition figure
     * is the best case.
     */
    @Benchmark
    public Object probeLifecycleAcrossPartitions(ManyPartitions s) {
        int p = s.next;
        s.next = p + 1 == s.ledgers.length ? 0 : p + 1;
        long t = s.nowMicros += s.stepMicros;
        SequenceLedger l = s.ledgers[p];
        long seq = l.begin(t, 1 + p % 3);
        l.acked(seq, t + 2 * MS);
        s.wireView.putInt(20, p).putLong(24, seq).putLong(32, t);
        ProbeCodec.Decoded decoded = ProbeCodec.decode(s.wire);
        Object receipt = l.received(decoded.probe().sequence(), t + 3 * MS);
        if ((seq & 3) == 0) {
            l.finalizeExpired(t); // about as often as the timer's four visits a second find something due
        }
        if (t >= s.nextHarvestMicros) {
            s.stats.harvest(t);
            s.nextHarvestMicros = t + 5_000 * MS;
        }
        return receipt;
    }

    /** The state of {@link #probeLifecycleAcrossPartitions}. */
    @State(Scope.Thread)
    public static class ManyPartitions {

        @Param({"10000"})
        public int partitions;

        ClusterStats stats;
        SequenceLedger[] ledgers;
        byte[] wire;
        ByteBuffer wireView;
        long nowMicros = 1_700_000_000_000_000L;
        long stepMicros;
        long nextHarvestMicros;
        int next;

        @Setup
        public void setUp() {
            stats = new ClusterStats("bench", 60_000 * MS, 6, false);
            ledgers = new SequenceLedger[partitions];
            for (int p = 0; p < partitions; p++) {
                ledgers[p] = ledger(stats, p);
            }
            wire = ProbeCodec.encode(new ProbeRecord(1, 2, 0, 0, 0), 100);
            wireView = ByteBuffer.wrap(wire);
            stepMicros = Math.max(1, 1_000 * MS / partitions);
        }
    }

    /** A partition's ledger with the default SLAs (ack 3 s, e2e 5 s, loss grace 30 s) at one probe a second. */
    private static SequenceLedger ledger(ClusterStats stats, int partition) {
        return new SequenceLedger(3_000 * MS, 5_000 * MS, 30_000 * MS,
                SequenceLedger.capacityFor(1_000 * MS, 30_000 * MS), stats.listenerFor(partition));
    }

    /** Decoding alone. */
    @Benchmark
    public Object decode() {
        return ProbeCodec.decode(wire);
    }
}
