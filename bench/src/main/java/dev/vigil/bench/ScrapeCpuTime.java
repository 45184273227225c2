package dev.vigil.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link MetricsScrapeBenchmark}'s scrape timed by the scraping thread's CPU time as well as wall
 * time: on a machine others keep busy, wall time mostly measures the wait for a core, while CPU
 * time still tells two versions of the code apart. Arguments: partitions, partition histograms
 * (true/false), probes between scrapes, warm-up scrapes, measured scrapes, and optionally clusters (each of
 * that many partitions; 1 if left out).
 */
public final class ScrapeCpuTime {

    private ScrapeCpuTime() {
    }

    public static void main(String[] args) throws IOException {
        MetricsScrapeBenchmark bench = new MetricsScrapeBenchmark();
        bench.partitions = Integer.parseInt(args[0]);
        bench.partitionHistograms = Boolean.parseBoolean(args[1]);
        bench.probesBetweenScrapes = Integer.parseInt(args[2]);
        int warmups = Integer.parseInt(args[3]);
        int runs = Integer.parseInt(args[4]);
        bench.clusters = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        bench.setUp();
        for (int i = 0; i < warmups; i++) {
            bench.probeBetweenScrapes();
            bench.scrape();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] cpu = new double[runs];
        double[] wall = new double[runs];
        for (int i = 0; i < runs; i++) {
            bench.probeBetweenScrapes();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            bench.scrape();
            cpu[i] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
            wall[i] = (System.nanoTime() - wallStart) / 1e6;
        }
        System.out.printf("clusters=%d partitions=%s histograms=%s probesBetweenScrapes=%s scrapes=%d: cpu ms %s, wall ms %s (min / median / max)%n",
                bench.clusters, args[0], args[1], args[2], runs, spread(cpu), spread(wall));
    }

    private static String spread(double[] values) {
        Arrays.sort(values);
        return String.format("%.1f / %.1f / %.1f", values[0], values[values.length / 2], values[values.length - 1]);
    }
}
