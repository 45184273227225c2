package dev.vigil.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The archive `mvn package` builds (target/vigil-VERSION.tar.gz), unpacked into an empty directory
 * away from the sources: its bin/vigil-start.sh checks a config, then runs Vigil on a sandbox that
 * serves the dashboard and /ready, and stops on SIGTERM within 10 s.
 */
class DistributionIT {


    @TempDir
    Path dir;

    @Test
    void unpackedArchiveChecksAConfigAndRuns() throws Exception {
        Path archive;
        try (var files = Files.list(Path.of("target"))) {
            archive = files.filter(f -> f.getFileName().toString().matches("vigil-.+\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/vigil-*.tar.gz; run mvn package"));
        }
        Process untar = new ProcessBuilder("tar", "-xzf", archive.toAbsolutePath().toString(), "-C", dir.toString())
                .inheritIO().start();
        assertThat(untar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(untar.exitValue()).isZero();
        Path home;
        try (var dirs = Files.list(dir)) {
            home = dirs.findFirst().orElseThrow();
        }
        assertThat(home.resolve("bin/vigil-start.sh")).isExecutable();
        assertThat(home.resolve("config/vigil.json")).isRegularFile();
        try (var jars = Files.list(home.resolve("lib"))) {
            assertThat(jars.map(j -> j.getFileName().toString()))
                    .anyMatch(j -> j.startsWith("vigil-app-")).anyMatch(j -> j.startsWith("kafka-clients-"));
        }
        assertThat(home.resolve("pom.xml")).doesNotExist();

        Process check = script(home, "--check-config", "config/vigil.json");
        String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(checked).isZero();
        assertThat(checked.strip()).isEqualTo("vigil: config/vigil.json is valid: 1 cluster sandbox (sandbox of 3 brokers);"
                + " web server on http://127.0.0.1:8000");

        Path config = Files.writeString(home.resolve("config/test.json"), """
                {"http.port": 0, "clusters": [{"name": "sb", "sandbox": {"brokers": 1}, "probe.interval.ms": 250}]}""");
        Process vigil = script(home, config.toString());
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> VigilProcesses.readLines(vigil, lines));
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> VigilProcesses.port(lines) > 0);
            HttpClient http = HttpClient.newHttpClient();
            URI ready = URI.create("http://127.0.0.1:" + VigilProcesses.port(lines) + "/ready");
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> http.send(
                    HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + VigilProcesses.port(lines) + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("<title>Vigil</title>");
            assertThat(home.resolve("run/vigil.pid")).isRegularFile();
            // The script execs the JVM: an OutOfMemoryError ends it, whatever VIGIL_JAVA_OPTS says.
            assertThat(vigil.toHandle().info().arguments().orElseThrow())
                    .contains("-XX:+ExitOnOutOfMemoryError", "-Xmx384m");
        } finally {
            vigil.toHandle().destroy(); // SIGTERM to the JVM the script exec'd
        }
        assertThat(vigil.waitFor(10, TimeUnit.SECONDS)).as("stops within 10 s of SIGTERM").isTrue();
        reader.join(5_000);
        assertThat(lines).anyMatch(l -> l.contains("vigil stopped"));
    }

    private static Process script(Path home, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/vigil-start.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().put("VIGIL_JAVA_OPTS", "-Xmx384m");
        builder.environment().put("VIGIL_TMPDIR", home.toString());
        return builder.start();
    }
}
