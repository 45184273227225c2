package dev.vigil.bench;

import dev.vigil.core.ledger.SequenceLedger;
import dev.vigil.core.stats.ClusterStats;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The periodic (timer) work of one cluster monitor over one second of steady state, at one probe per
 * partition per second: four ledger finalize passes (ClusterMonitor's 250 ms period) and one harvest of
 * the cluster's latency windows, as {@code ClusterMonitor.harvestAndWatch} calls it. Since the harvest
 * is due on two seconds of each 10 s slice, the mean over many invocations is what counts.
 *
 * <p>Each invocation first (untimed) advances the clock a second and probes every partition once
 * (send, ack, receipt), so the timed passes find what a live monitor's would. The windows are 60 s in
 * 10 s slices; ledgers use the default SLAs (ack 3 s, e2e 5 s, loss grace 30 s); the consumer's
 * progress trails the clock by 100 ms.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(2)
public class PeriodicWorkBenchmark {

    private static final long MS = 1_000;
    private static final long SECOND = 1_000 * MS;

    @Param("10000")
    public int partitions;

    @Param("3")
    public int brokers;

    private ClusterStats stats;
    private SequenceLedger[] ledgers;
    private final SplittableRandom random = new SplittableRandom(42);
    private long nowMicros;

    @Setup(Level.Trial)
    public void setUp() {
        stats = new ClusterStats("bench", 60 * SECOND, 6, false); // partition histograms off, as by default
        ledgers = new SequenceLedger[partitions];
        for (int p = 0; p < partitions; p++) {
            ledgers[p] = new SequenceLedger(3 * SECOND, 5 * SECOND, 30 * SECOND,
                    SequenceLedger.capacityFor(SECOND, 30 * SECOND), stats.listenerFor(p));
        }
        nowMicros = 1_700_000_000_000_000L;
        // Past the loss grace and a whole window, so every ledger and window is in its steady state.
        for (int s = 0; s < 70; s++) {
            probeOneSecond();
            oneSecondOfTimers();
        }
    }

    /** One probe per partition, sent at the start of the second, acked in 2-5 ms, received in 3-8 ms. */
    @Setup(Level.Invocation)
    public void probeOneSecond() {
        nowMicros += SECOND;
        for (int p = 0; p < partitions; p++) {
            SequenceLedger ledger = ledgers[p];
            long seq = ledger.begin(nowMicros, p % brokers);
            ledger.acked(seq, nowMicros + 2 * MS + random.nextInt(3_000));
            ledger.received(seq, nowMicros + 3 * MS + random.nextInt(5_000));
        }
    }

    /** Four finalize passes and one harvest: the timer thread's work for one second. */
    @Benchmark
    public void oneSecondOfTimers() {
        finalizePasses();
        harvest();
    }

    /** The four finalize passes alone. */
    @Benchmark
    public void finalizePasses() {
        for (int pass = 1; pass <= 4; pass++) {
            long at = nowMicros + pass * 250 * MS;
            for (SequenceLedger ledger : ledgers) {
                ledger.finalizeExpired(at, at - 100 * MS);
            }
        }
    }

    /** The harvest alone, at the end of the second, as the monitor's 1 s harvest timer calls it. */
    @Benchmark
    public void harvest() {
        stats.harvestDue(nowMicros + 999 * MS, SECOND);
    }
}
