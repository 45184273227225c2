package dev.vigil.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures how long {@link SandboxCluster#start} takes from a fresh JVM and a second time in the same
 * JVM, and how long {@link SandboxCluster#close} takes. Not a test: run it by hand, for example
 *
 * <pre>
 * cd sandbox &amp;&amp; mvn -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.vigil.sandbox.SandboxStartupTiming
 * </pre>
 *
 * Without arguments it runs 1 and then 3 brokers, each in a child JVM of its own (a fresh JVM is the
 * figure that matters for demo mode and for a test class). With a broker count it measures in this JVM.
 */
public final class SandboxStartupTiming {

    private SandboxStartupTiming() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length == 0) {
            for (String brokers : List.of("1", "3")) {
                runInFreshJvm(brokers);
            }
            return;
        }
        int brokers = Integer.parseInt(args[0]);
        long jvmStartMs = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.printf("[%d broker(s)] JVM up for %d ms before the first start%n", brokers,
                System.currentTimeMillis() - jvmStartMs);
        for (String run : List.of("first start (fresh JVM)", "second start (same JVM)")) {
            long start = System.nanoTime();
            SandboxCluster cluster = SandboxCluster.start(brokers);
            long started = System.nanoTime();
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            long heapMb = (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
            long closeStart = System.nanoTime();
            cluster.close();
            long closed = System.nanoTime();
            System.out.printf("[%d broker(s)] %s: %d ms, heap in use after start %d MB, close %d ms%n",
                    brokers, run, (started - start) / 1_000_000, heapMb, (closed - closeStart) / 1_000_000);
        }
    }

    private static void runInFreshJvm(String brokers) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SandboxStartupTiming.class.getName());
        command.add(brokers);
        Process child = new ProcessBuilder(command).inheritIO().start();
        int exit = child.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("timing run for " + brokers + " broker(s) exited with " + exit);
        }
    }
}
