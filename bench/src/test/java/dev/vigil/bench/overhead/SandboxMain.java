package dev.vigil.bench.overhead;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import dev.vigil.sandbox.SandboxCluster;

/**
 * The benchmark's Kafka cluster in a JVM of its own, so that the CPU and memory of the process under
 * measurement (Vigil, or the floor) are its own alone: starts a 3-broker {@link SandboxCluster}, writes
 * its bootstrap servers to the file named by the first argument (atomically, so a reader never sees half
 * of it) and runs until its standard input closes or it is killed; the sandbox's shutdown hook stops the
 * brokers and deletes their data either way. A line {@code blackhole} on its standard input blackholes the
 * path from clients to every broker ({@link SandboxCluster#blackhole}), for a harness that kills a whole
 * cluster in the middle of a run; any other line is ignored.
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int brokers = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (SandboxCluster sandbox = SandboxCluster.start(brokers)) {
            Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
            Files.writeString(tmp, sandbox.bootstrapServers(), StandardCharsets.UTF_8);
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            // The parent holds our stdin open; it closes when the parent exits, however it exits.
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                if (line.trim().equals("blackhole")) {
                    sandbox.brokerIds().forEach(id -> sandbox.blackhole(id, true));
                    System.out.println("every broker blackholed: " + sandbox.brokerIds());
                }
            }
        }
    }
}
