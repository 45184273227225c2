package dev.vigil.bench.overhead;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.VirtualMachine;

/**
 * A JVM the harness started and measures from outside: whole-process CPU time and threads from
 * {@code /proc/PID/stat} and {@code /proc/PID/status} (what the kernel charged the process, JIT and GC
 * threads included), resident set size, and over JMX (the local management agent, started through the
 * Attach API, so the measured JVM needs no flags) GC time, heap after a full GC and its own counters.
 * The agent's threads exist in every measured JVM alike, connected once before warm-up ends.
 *
 * <p>{@link #close} stops the process (SIGTERM, then SIGKILL after 15 s); the harness also registers a
 * shutdown hook that does it, so no JVM outlives a harness that is interrupted.
 */
public final class MeasuredJvm implements AutoCloseable {

    /** Kernel clock ticks per second for /proc times; 100 on every Linux the JDK runs on here. */
    private static final long CLOCK_TICKS = clockTicks();

    private final String name;
    private final Process process;
    private final Thread killer;
    private JMXConnector connector;
    private MBeanServerConnection mbeans;

    private MeasuredJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        this.killer = new Thread(this::stop, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** Starts {@code command} with its output (both streams) appended to {@code log}; stdin stays a pipe to us. */
    public static MeasuredJvm start(String name, List<String> command, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new MeasuredJvm(name, p);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Writes {@code line} to the process's standard input (a command to {@link SandboxMain}). */
    public void tell(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Attaches the local JMX agent, retrying while the JVM is still starting (up to {@code timeout}). */
    public void connect(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                VirtualMachine vm = VirtualMachine.attach(Long.toString(pid()));
                try {
                    String url = vm.startLocalManagementAgent();
                    connector = JMXConnectorFactory.connect(new JMXServiceURL(url));
                    mbeans = connector.getMBeanServerConnection();
                    return;
                } finally {
                    vm.detach();
                }
            } catch (Exception e) {
                last = e;
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
        throw new IllegalStateException(name + " (pid " + pid() + "): no JMX connection"
                + (process.isAlive() ? "" : ", it exited with " + process.exitValue()), last);
    }

    /** Waits until an MBean matching {@code pattern} is registered (the program is up and counting). */
    ObjectName awaitMBean(String pattern, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        ObjectName query = new ObjectName(pattern);
        while (System.nanoTime() < deadline && process.isAlive()) {
            Set<ObjectName> names = mbeans.queryNames(query, null);
            if (!names.isEmpty()) {
                return names.iterator().next();
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException(name + ": no MBean " + pattern + " within " + timeout);
    }

    double attribute(ObjectName bean, String attribute) throws IOException, JMException {
        return ((Number) mbeans.getAttribute(bean, attribute)).doubleValue();
    }

    void invoke(ObjectName bean, String operation) throws IOException, JMException {
        mbeans.invoke(bean, operation, null, null);
    }

    /** A point-in-time sample of the counters that are compared as deltas over the measurement window. */
    Sample sample(ObjectName counterBean, String counter) throws IOException, JMException {
        long gcMillis = 0;
        long gcCount = 0;
        for (ObjectName gc : mbeans.queryNames(new ObjectName(ManagementFactory.GARBAGE_COLLECTOR_MXBEAN_DOMAIN_TYPE + ",*"), null)) {
            gcMillis += ((Number) mbeans.getAttribute(gc, "CollectionTime")).longValue();
            gcCount += ((Number) mbeans.getAttribute(gc, "CollectionCount")).longValue();
        }
        return new Sample(System.nanoTime(), System.currentTimeMillis(), cpuNanos(),
                (long) attribute(counterBean, counter), gcMillis, gcCount);
    }

    /** Heap in use right after a full GC (two, so that anything a finalizer freed is gone too). */
    public long liveHeapBytes() throws IOException, JMException {
        ObjectName memory = new ObjectName(ManagementFactory.MEMORY_MXBEAN_NAME);
        mbeans.invoke(memory, "gc", null, null);
        mbeans.invoke(memory, "gc", null, null);
        CompositeData heap = (CompositeData) mbeans.getAttribute(memory, "HeapMemoryUsage");
        return (Long) heap.get("used");
    }

    /** Writes the live objects' class histogram ({@code jcmd PID GC.class_histogram}, itself a full GC) to {@code out}. */
    void classHistogram(Path out) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(jcmd, Long.toString(pid()), "GC.class_histogram")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
    }

    /** Process CPU time (user + system) so far, from /proc/PID/stat. */
    public long cpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
        // The command name (field 2) may hold spaces; fields are counted after its closing parenthesis.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        return ticksToNanos(ticks);
    }

    /**
     * CPU time so far by thread name, digits folded ({@code GC Thread#0} and {@code #1} are one entry), from
     * /proc/PID/task/TID/stat: where the process's CPU goes, the JIT's and the collector's threads included,
     * which a JFR execution profile does not sample. Thread names there are the kernel's, cut to 15 characters.
     * Threads that ended between two readings are missing from the later one.
     */
    public Map<String, Long> threadCpuNanos() throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (NoSuchFileException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                out.merge(name, ticksToNanos(Long.parseLong(f[11]) + Long.parseLong(f[12])), Long::sum);
            }
        }
        return out;
    }

    /**
     * Of the threads whose kernel name starts with {@code prefix}: nanoseconds on a core and nanoseconds
     * runnable but waiting for one, so far, from /proc/PID/task/TID/schedstat. The difference between two
     * readings around a request splits its time into the server's work and the machine's queue.
     */
    public long[] schedNanos(String prefix) throws IOException {
        long[] out = new long[2];
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : tasks) {
                try {
                    if (!Files.readString(task.resolve("comm")).startsWith(prefix)) {
                        continue;
                    }
                    String[] f = Files.readString(task.resolve("schedstat")).trim().split(" ");
                    out[0] += Long.parseLong(f[0]);
                    out[1] += Long.parseLong(f[1]);
                } catch (NoSuchFileException ended) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return out;
    }

    static long ticksToNanos(long ticks) {
        return ticks * 1_000_000_000L / CLOCK_TICKS;
    }

    /** A field of /proc/PID/status as a number: {@code VmRSS} (KiB), {@code Threads}. */
    public long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/" + pid() + "/status");
    }

    /** Open file descriptors (sockets included): the entries of /proc/PID/fd. */
    public long openFiles() throws IOException {
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return fds.count();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private void stop() {
        try {
            if (connector != null) {
                connector.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // the process may be gone already
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /**
     * @param nanoTime  harness's monotonic clock at the sample
     * @param epochMillis wall clock at the sample (to select the probes sent in the window)
     * @param cpuNanos  the process's CPU time so far
     * @param probes    its probe counter (Vigil's final produce attempts, the floor's sends)
     */
    record Sample(long nanoTime, long epochMillis, long cpuNanos, long probes, long gcMillis, long gcCount) {
    }
}
