package dev.vigil.bench;

import dev.vigil.core.ledger.SequenceLedger;
import dev.vigil.core.probe.ProbeCodec;
import dev.vigil.core.probe.ProbeKey;
import dev.vigil.core.probe.ProbeMac;
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

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * The per-record work Vigil adds on top of the Kafka clients, for one probe of one partition:
 * the ledger's send and ack bookkeeping, encoding and signing the probe, decoding the received bytes
 * and verifying their MAC, the ledger's receipt verdict (with the offset check) and the latency recording it triggers (partition, broker and cluster histograms, through
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

    private static final ProbeKey KEY = ProbeKey.random(new SecureRandom());

    private SequenceLedger ledger;
    private ProbeMac signer;
    private ProbeMac verifier;
    private byte[] wire;
    private long nowMicros;

    @Setup
    public void setUp() {
        ClusterStats stats = new ClusterStats("bench", 60_000 * MS, 6, false); // partition histograms off, as by default
        ledger = ledger(stats, 0);
        signer = KEY.newMac();
        verifier = KEY.newMac();
        wire = ProbeCodec.encode(new ProbeRecord(1, 2, 0, 0, 0), 100, signer);
        nowMicros = 1_700_000_000_000_000L;
    }

    /** Ledger send + ack, encode + sign, decode + verify, ledger receipt, e2e and produce histograms: one probe's whole cost. */
    @Benchmark
    public Object probeLifecycle() {
        long t = nowMicros += 1_000 * MS;
        long seq = ledger.begin(t, 1);
        wire = ProbeCodec.encode(new ProbeRecord(1, 2, 0, seq, t), 100, signer);
        ledger.acked(seq, t + 2 * MS, seq);
        ProbeCodec.Decoded decoded = ProbeCodec.decode(wire);
        if (!verifier.verify(wire)) {
            throw new IllegalStateException("a probe signed with the key fails its MAC");
        }
        Object receipt = ledger.received(decoded.probe().sequence(), t + 3 * MS, seq);
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
        s.wire = ProbeCodec.encode(new ProbeRecord(1, 2, p, seq, t), 100, s.signer);
        l.acked(seq, t + 2 * MS, seq);
        ProbeCodec.Decoded decoded = ProbeCodec.decode(s.wire);
        if (!s.verifier.verify(s.wire)) {
            throw new IllegalStateException("a probe signed with the key fails its MAC");
        }
        Object receipt = l.received(decoded.probe().sequence(), t + 3 * MS, seq);
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
        ProbeMac signer = KEY.newMac();
        ProbeMac verifier = KEY.newMac();
        byte[] wire;
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
            wire = ProbeCodec.encode(new ProbeRecord(1, 2, 0, 0, 0), 100, signer);
            stepMicros = Math.max(1, 1_000 * MS / partitions);
        }
    }

    /** A partition's ledger with the default SLAs (ack 3 s, e2e 5 s, loss grace 30 s) at one probe a second. */
    private static SequenceLedger ledger(ClusterStats stats, int partition) {
        return new SequenceLedger(3_000 * MS, 5_000 * MS, 30_000 * MS,
                SequenceLedger.capacityFor(1_000 * MS, 30_000 * MS), stats.listenerFor(partition), true);
    }

    /** Decoding alone. */
    @Benchmark
    public Object decode() {
        return ProbeCodec.decode(wire);
    }

    /** Verifying a probe's MAC alone (HMAC-SHA256 of the 40-byte prefix). */
    @Benchmark
    public boolean verify() {
        return verifier.verify(wire);
    }
}
