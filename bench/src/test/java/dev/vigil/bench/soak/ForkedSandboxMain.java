package dev.vigil.bench.soak;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;

import dev.vigil.sandbox.SandboxCluster;
import dev.vigil.sandbox.StopMode;

/**
 * The soak's sandbox in a JVM of its own, so the soak's JVM holds Vigil and no broker, driven by one command a
 * line on standard input, each answered by one line on standard output ({@link ForkedSandbox} is the other
 * end): {@code stop ID ABRUPT|GRACEFUL}, {@code start ID}, {@code blackhole ID true|false}, {@code latency ID
 * MILLIS}, {@code withhold ID true|false} (fetch responses to clients), {@code cpu}. The first answer is
 * {@code ready BOOTSTRAP IDS} once the cluster is up. It runs until its standard input closes (the soak ended
 * or died), then stops the brokers and deletes their data.
 */
public final class ForkedSandboxMain {

    /** Starts every answer, so a stray line on standard output is never read as one. */
    static final String ANSWER = "sandbox> ";

    private ForkedSandboxMain() {
    }

    /** {@code ForkedSandboxMain BROKERS}. */
    public static void main(String[] args) throws Exception {
        PrintStream answers = System.out;
        System.setOut(System.err); // logging to the console must not mix with the answers
        try (SandboxCluster sandbox = SandboxCluster.start(Integer.parseInt(args[0]));
             BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            answers.println(ANSWER + "ready " + sandbox.bootstrapServers() + " "
                    + sandbox.brokerIds().stream().map(String::valueOf).collect(Collectors.joining(",")));
            answers.flush();
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                String answer;
                try {
                    answer = "ok " + execute(sandbox, line.trim().split(" "));
                } catch (RuntimeException e) {
                    answer = "error " + String.valueOf(e.getMessage()).replace('\n', ' ');
                }
                answers.println(ANSWER + answer);
                answers.flush();
            }
        }
    }

    private static String execute(SandboxCluster sandbox, String[] command) {
        switch (command[0]) {
            case "stop" -> sandbox.stopBroker(Integer.parseInt(command[1]), StopMode.valueOf(command[2]));
            case "start" -> sandbox.startBroker(Integer.parseInt(command[1]));
            case "blackhole" -> sandbox.blackhole(Integer.parseInt(command[1]), Boolean.parseBoolean(command[2]));
            case "withhold" -> sandbox.withholdFetchResponses(Integer.parseInt(command[1]), Boolean.parseBoolean(command[2]));
            case "latency" -> sandbox.setLatency(Integer.parseInt(command[1]), Duration.ofMillis(Long.parseLong(command[2])));
            case "cpu" -> {
                return Long.toString(((com.sun.management.OperatingSystemMXBean) ManagementFactory
                        .getOperatingSystemMXBean()).getProcessCpuTime());
            }
            default -> throw new IllegalArgumentException("unknown command " + String.join(" ", command));
        }
        return "";
    }
}
