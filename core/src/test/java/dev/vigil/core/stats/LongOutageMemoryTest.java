package dev.vigil.core.stats;

import dev.vigil.core.ledger.SendFailure;
import dev.vigil.core.ledger.SequenceLedger;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An hour of simulated outage at a high probe rate leaves memory flat: 20 partitions probed 10
 * times a second (720,000 probes in all), half of them never acked nor received, the other half
 * healthy with latencies spread up to minutes so every histogram reaches its full size early.
 * Every structure that grows with probes is a fixed ring (ledgers, recent events), so the live
 * heap after the 10th simulated minute and after the 60th differs by no more than noise. (Without
 * the event ring's cap, the 360,000 losses alone would add megabytes.)
 */
class LongOutageMemoryTest {

    private static final long MS = 1_000;
    private static final int PARTITIONS = 20;
    private static final long INTERVAL = 100 * MS;
    private static final long GRACE = 30_000 * MS;
    /** Live heap may move this much between the two measurements: GC bookkeeping, not growth. */
    private static final long NOISE_BYTES = 4L << 20;

    @Test
    void anHourOfOutageAtTenProbesPerSecondKeepsTheHeapFlat() {
        ClusterStats stats = new ClusterStats("c", 60_000 * MS, 6);
        int capacity = SequenceLedger.capacityFor(INTERVAL, GRACE);
        SequenceLedger[] ledgers = new SequenceLedger[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            ledgers[p] = new SequenceLedger(3_000 * MS, 5_000 * MS, GRACE, capacity, stats.listenerFor(p));
        }
        SplittableRandom random = new SplittableRandom(42);
        long t = 1_000_000_000 * MS;
        long heapAfter10Minutes = 0;
        long probes = 0;
        for (int minute = 1; minute <= 60; minute++) {
            for (long tick = 0; tick < 600; tick++, t += INTERVAL) {
                for (int p = 0; p < PARTITIONS; p++) {
                    long seq = ledgers[p].begin(t, p % 3 + 1);
                    probes++;
                    if (p % 2 == 0) {
                        // outage: the send times out with its outcome unknown, and nothing arrives
                        ledgers[p].failed(seq, t + 2_000 * MS, SendFailure.OUTCOME_UNKNOWN);
                    } else {
                        ledgers[p].acked(seq, t + random.nextLong(1, 5_000) * MS / 1_000);
                        ledgers[p].received(seq, t + random.nextLong(1, 120_000) * MS);
                    }
                    ledgers[p].finalizeExpired(t);
                }
                if (tick % 100 == 0) {
                    stats.harvest(t);
                }
            }
            if (minute == 10) {
                heapAfter10Minutes = liveHeap();
            }
        }
        long heapAfter60Minutes = liveHeap();
        System.out.printf("live heap after simulated minute 10: %d KiB, after minute 60: %d KiB%n",
                heapAfter10Minutes >> 10, heapAfter60Minutes >> 10);

        assertThat(probes).isEqualTo(60L * 600 * PARTITIONS);
        for (SequenceLedger ledger : ledgers) {
            assertThat(ledger.trackedSequences()).isLessThanOrEqualTo(capacity);
        }
        // every outage probe older than the grace was declared lost, and only the newest 200 are kept as events
        long lostUnacked = stats.snapshot(t).total().lostUnacked();
        assertThat(lostUnacked).isGreaterThan(probes / 2 - (long) PARTITIONS / 2 * (GRACE / INTERVAL + 2));
        assertThat(stats.events().total()).isEqualTo(lostUnacked + stats.snapshot(t).total().late());
        assertThat(stats.events().newest(Integer.MAX_VALUE)).hasSize(ProbeEvents.DEFAULT_CAPACITY);
        assertThat(heapAfter60Minutes - heapAfter10Minutes)
                .as("live heap growth from minute 10 (%d KiB) to minute 60 (%d KiB)",
                        heapAfter10Minutes >> 10, heapAfter60Minutes >> 10)
                .isLessThan(NOISE_BYTES);
    }

    private static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
