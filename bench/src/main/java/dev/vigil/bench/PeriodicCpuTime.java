package dev.vigil.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link PeriodicWorkBenchmark}'s simulated seconds timed by the timer thread's CPU time as well as
 * wall time, for a machine others keep busy (see {@link ScrapeCpuTime}). Each measured round is
 * {@code seconds} simulated seconds (a multiple of the 10 s slice, so harvests that are due and those
 * that are not count in their real proportion); the figures are per simulated second. Arguments:
 * partitions, warm-up rounds, measured rounds, seconds per round.
 */
public final class PeriodicCpuTime {

    private PeriodicCpuTime() {
    }

    public static void main(String[] args) {
        PeriodicWorkBenchmark bench = new PeriodicWorkBenchmark();
        bench.partitions = Integer.parseInt(args[0]);
        bench.brokers = 3;
        int warmups = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        bench.setUp();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][] cpu = new double[3][rounds];
        double[] wall = new double[rounds];
        for (int r = -warmups; r < rounds; r++) {
            long finalizeCpu = 0;
            long harvestCpu = 0;
            long wallNanos = 0;
            for (int s = 0; s < seconds; s++) {
                bench.probeOneSecond();
                long c0 = threads.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                bench.finalizePasses();
                long c1 = threads.getCurrentThreadCpuTime();
                bench.harvest();
                long c2 = threads.getCurrentThreadCpuTime();
                wallNanos += System.nanoTime() - w0;
                finalizeCpu += c1 - c0;
                harvestCpu += c2 - c1;
            }
            if (r >= 0) {
                cpu[0][r] = finalizeCpu / 1e3 / seconds;
                cpu[1][r] = harvestCpu / 1e3 / seconds;
                cpu[2][r] = (finalizeCpu + harvestCpu) / 1e3 / seconds;
                wall[r] = wallNanos / 1e3 / seconds;
            }
        }
        System.out.printf("partitions=%s rounds=%d x %d s, per simulated second (min / median / max): "
                        + "cpu us finalize %s, harvest %s, both %s; wall us both %s%n",
                args[0], rounds, seconds, spread(cpu[0]), spread(cpu[1]), spread(cpu[2]), spread(wall));
    }

    private static String spread(double[] values) {
        Arrays.sort(values);
        return String.format("%.0f / %.0f / %.0f", values[0], values[values.length / 2], values[values.length - 1]);
    }
}
