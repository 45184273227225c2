package dev.vigil.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Vigil as an operator runs it: a separate JVM, its exit codes, its output, SIGTERM. */
class VigilProcessTest {

    @TempDir
    Path dir;

    @Test
    void badConfigPrintsOneLineAndExitsWithTwo() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.json"),
                "{\"clusters\": [{\"name\": \"x\", \"sandbox\": {}, \"probe.intervl.ms\": 500}]}");

        Process vigil = start(config);
        String stderr = stderrOfExitTwo(vigil);
        assertThat(stderr.strip().lines()).hasSize(1);
        assertThat(stderr).contains("clusters[0].probe.intervl.ms").contains("did you mean \"probe.interval.ms\"");
    }

    @Test
    void checkConfigValidatesWithoutStarting() throws Exception {
        Path good = Files.writeString(dir.resolve("good.json"), """
                {"http.port": 9123, "clusters": [{"name": "prod", "bootstrap.servers": "kafka-1:9092,kafka-2:9092",
                  "client": {"sasl.jaas.config": "x required password=\\"hush-42\\";"}},
                 {"name": "demo", "sandbox": {"brokers": 2}}]}""");
        Process ok = start("--check-config", good.toString());
        String out = stdoutOfSuccess(ok);
        assertThat(out.strip()).isEqualTo("vigil: " + good + " is valid: 2 clusters prod (kafka-1:9092,kafka-2:9092),"
                + " demo (sandbox of 2 brokers); web server on http://127.0.0.1:9123");

        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"clusters\": [{\"name\": \"x\", \"sandbox\": {\"brokers\": 12}}]}");
        Process refused = start("--check-config", bad.toString());
        String stderr = stderrOfExitTwo(refused);
        assertThat(stderr.strip()).isEqualTo("vigil: clusters[0].sandbox.brokers: 12 is out of range; use 1..9");
    }

    @Test
    void everyInterfaceWithoutAuthenticationExitsWithTwoUnlessExposedExplicitly() throws Exception {
        String refusal = "vigil: http.host: \"0.0.0.0\" is not a loopback address, so other hosts could reach Vigil"
                + " without authentication and TLS; set \"http.auth.users.file\" and \"http.tls.keystore.file\","
                + " or \"http.insecure.expose\": true to accept that";
        Path open = Files.writeString(dir.resolve("open.json"), """
                {"http.host": "0.0.0.0", "http.port": 0, "clusters": [{"name": "prod", "bootstrap.servers": "127.0.0.1:1"}]}""");
        for (Process refused : List.of(start(open), start("--check-config", open.toString()))) {
            String stderr = stderrOfExitTwo(refused);
            assertThat(stderr.strip()).isEqualTo(refusal);
        }

        Path exposed = Files.writeString(dir.resolve("exposed.json"), """
                {"http.host": "0.0.0.0", "http.port": 0, "http.insecure.expose": true,
                 "clusters": [{"name": "prod", "bootstrap.servers": "127.0.0.1:1"}]}""");
        Process check = start("--check-config", exposed.toString());
        String out = stdoutOfSuccess(check);
        assertThat(out.strip()).isEqualTo("vigil: " + exposed + " is valid: 1 cluster prod (127.0.0.1:1); web server on"
                + " http://0.0.0.0:0, reachable from other hosts without authentication and TLS (http.insecure.expose)");

        Process vigil = startMerged(exposed);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> VigilProcesses.readLines(vigil, lines));
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> lines.stream().anyMatch(l -> l.contains("WARN")
                    && l.contains("is reachable from other hosts without authentication and TLS because"
                    + " \"http.insecure.expose\" is true")));
            assertThat(vigil.isAlive()).isTrue();
        } finally {
            vigil.toHandle().destroy();
            assertThat(vigil.waitFor(10, TimeUnit.SECONDS)).isTrue();
            reader.join(5_000);
        }
    }

    @Test
    void checkConfigRefusesStateThatWouldNotFitTheHeapNamingTheKeyToLower() throws Exception {
        // The example at -Xmx256m: 100 ms probes and a 1 h loss grace make each partition's ledger ring
        // 131,072 probes (3 MiB); three brokers are assumed, 300 partitions: 900 MiB for the rings alone.
        Path large = Files.writeString(dir.resolve("large.json"), """
                {"clusters": [{"name": "prod", "bootstrap.servers": "kafka-1:9092", "probe.interval.ms": 100,
                  "loss.grace.ms": 3600000, "partitions.per.broker": 100}]}""");
        Process refused = start("--check-config", large.toString());
        String stderr = stderrOfExitTwo(refused);
        assertThat(stderr.strip().lines()).hasSize(1);
        assertThat(stderr.strip()).startsWith("vigil: clusters[0].loss.grace.ms: Vigil's state needs an estimated ")
                .contains("(900 MiB for 300 partitions on 3 brokers, partitions.per.broker 100)")
                .endsWith("lower loss.grace.ms 3600000 at probe.interval.ms 100; or raise probe.interval.ms,"
                        + " or give Vigil more heap (-Xmx in VIGIL_JAVA_OPTS)");

        // The same config with a grace the ledger rings can hold at this heap.
        Path fits = Files.writeString(dir.resolve("fits.json"), Files.readString(large).replace("3600000", "60000"));
        stdoutOfSuccess(start("--check-config", fits.toString()));
    }

    @Test
    void missingConfigFileIsOneClearLine() throws Exception {
        Process vigil = start(dir.resolve("nope.json"));
        String stderr = stderrOfExitTwo(vigil);
        assertThat(stderr.strip().lines()).hasSize(1);
        assertThat(stderr).contains("nope.json");
    }

    @Test
    void sandboxRunPrintsSummaryLinesAndStopsCleanlyOnSigterm() throws Exception {
        // Client secrets (unused on the PLAINTEXT sandbox) that no log line may show.
        String canary = "canary-log-5d1c";
        Path config = Files.writeString(dir.resolve("sandbox.json"), """
                {"summary.interval.ms": 1000, "http.port": 0,
                 "clusters": [{"name": "sb", "sandbox": {"brokers": 1}, "probe.interval.ms": 200,
                   "client": {"ssl.truststore.password": "%s", "sasl.oauthbearer.token": "%s",
                              "sasl.jaas.config": "x required password=\\"%s\\";"}}]}""".formatted(canary, canary, canary));
        Process vigil = startMerged(config);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> VigilProcesses.readLines(vigil, lines));
        reader.start();

        await().atMost(Duration.ofSeconds(90)).until(() -> lines.stream().anyMatch(l ->
                l.startsWith("vigil cluster=sb partitions=2 produce_availability=1.0000 consume_availability=1.0000 "
                        + "lost_acked=0 lost_unacked=0 duplicates=0 late=0 e2e_p50_ms=")));
        long stopAsked = System.nanoTime();
        vigil.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the pipes we read

        assertThat(vigil.waitFor(10, TimeUnit.SECONDS)).as("stops within 10 s of SIGTERM").isTrue();
        reader.join(5_000);
        assertThat(Duration.ofNanos(System.nanoTime() - stopAsked)).isLessThan(Duration.ofSeconds(10));
        assertThat(lines).anyMatch(l -> l.contains("vigil stopped"));
        assertThat(lines).noneMatch(l -> l.contains("Exception") && l.contains("\tat "));
        assertThat(lines).as("log lines").isNotEmpty().noneMatch(l -> l.contains(canary));
    }

    /** What the process printed on stderr, once it has exited with 2 (within 30 s). */
    private static String stderrOfExitTwo(Process process) throws Exception {
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(stderr).isEqualTo(2);
        return stderr;
    }

    /** What the process printed on stdout, once it has exited with 0 (within 30 s). */
    private static String stdoutOfSuccess(Process process) throws Exception {
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    private Process start(Path config) throws IOException {
        return start(config.toString());
    }

    private Process start(String... args) throws IOException {
        return builder(args).start();
    }

    /** With stderr merged into stdout, to read every line the process prints. */
    private Process startMerged(Path config) throws IOException {
        return builder(config.toString()).redirectErrorStream(true).start();
    }

    private ProcessBuilder builder(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-Djava.io.tmpdir=" + dir,
                "-cp", VigilProcesses.classPath(), Vigil.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
    }
}
