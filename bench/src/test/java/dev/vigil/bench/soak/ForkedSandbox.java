package dev.vigil.bench.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.vigil.sandbox.StopMode;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * A 3-broker sandbox in a child JVM ({@link ForkedSandboxMain}), with the fault controls of
 * {@link dev.vigil.sandbox.SandboxCluster} the soak uses, each a command sent to the child and waited for. The
 * child's logging goes to a file; if this JVM dies, the child sees its standard input close and stops.
 */
final class ForkedSandbox implements AutoCloseable {

    private static final int STARTS = 5;

    private final Process process;
    private final Writer commands;
    private final BufferedReader answers;
    private final Path log;
    private final String bootstrapServers;
    private final List<Integer> brokerIds;

    private ForkedSandbox(Process process, Path log) throws IOException {
        this.process = process;
        this.log = log;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String[] ready = answer("start").split(" ");
        if (ready.length != 3 || !ready[0].equals("ready")) {
            throw new IllegalStateException("the sandbox JVM answered " + Arrays.toString(ready) + "; see " + log);
        }
        this.bootstrapServers = ready[1];
        this.brokerIds = Arrays.stream(ready[2].split(",")).map(Integer::valueOf).toList();
    }

    /**
     * Starts {@code brokers} brokers in a JVM of {@code -Xmx1g} on this JVM's classpath; its log goes to {@code log}.
     * On a machine others load heavily the controller sometimes misses its 30 s start (the sandbox then exits), so
     * a failed start is tried again, up to {@value #STARTS} times in all.
     */
    static ForkedSandbox start(int brokers, Path log) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int attempt = 1; ; attempt++) {
            Process process = new ProcessBuilder(java, "-Xmx1g", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                    "-cp", System.getProperty("java.class.path"), ForkedSandboxMain.class.getName(), Integer.toString(brokers))
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            try {
                return new ForkedSandbox(process, log);
            } catch (IOException | RuntimeException e) {
                process.destroyForcibly().waitFor();
                if (attempt == STARTS) {
                    throw e;
                }
                System.out.printf("the sandbox JVM did not start (%s); starting another%n", e.getMessage());
            }
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    List<Integer> brokerIds() {
        return brokerIds;
    }

    Map<String, Object> adminConfig() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    void stopBroker(int broker, StopMode mode) {
        call("stop " + broker + " " + mode);
    }

    void startBroker(int broker) {
        call("start " + broker);
    }

    void blackhole(int broker, boolean on) {
        call("blackhole " + broker + " " + on);
    }

    void withholdFetchResponses(int broker, boolean on) {
        call("withhold " + broker + " " + on);
    }

    void setLatency(int broker, Duration added) {
        call("latency " + broker + " " + added.toMillis());
    }

    /** The CPU time the sandbox's JVM has used. */
    long cpuNanos() {
        return Long.parseLong(call("cpu").trim());
    }

    private synchronized String call(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
            String answer = answer(command);
            if (answer.startsWith("error ")) {
                throw new IllegalStateException("sandbox: " + command + ": " + answer.substring(6));
            }
            return answer.substring(answer.indexOf(' ') + 1);
        } catch (IOException e) {
            throw new IllegalStateException("sandbox: " + command + ": " + e.getMessage() + "; see " + log, e);
        }
    }

    private String answer(String command) throws IOException {
        for (String line = answers.readLine(); line != null; line = answers.readLine()) {
            if (line.startsWith(ForkedSandboxMain.ANSWER)) {
                return line.substring(ForkedSandboxMain.ANSWER.length());
            }
        }
        throw new IllegalStateException("the sandbox JVM ended during " + command + "; see " + log);
    }

    /** Closes the child's standard input, so it stops its brokers, and waits for it (killing it after a minute). */
    @Override
    public void close() throws InterruptedException {
        try {
            commands.close();
        } catch (IOException e) {
            // the child is gone already
        }
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
    }
}
