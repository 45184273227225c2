package dev.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.testing.SelfSignedKeystore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static dev.vigil.app.OciImage.sha256;
import static dev.vigil.app.OciImage.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The container image deploy/image/build-image.sh makes from the packaged distribution, without a
 * container daemon: its OCI config names a non-root user, the entrypoint, the port and the environment,
 * and its blobs are what their digests say. Then the image is run without the host: its layers are
 * unpacked into a directory, which becomes the read-only root (in a mount and PID namespace of its own,
 * with /proc, the usual devices, tmpfs on /tmp and on the pid file's directory, and the config mounted
 * read-only on /etc/vigil, as a container runtime and deploy/kubernetes/vigil.yaml set it up), and the
 * config's entrypoint runs there as the config's user with the config's environment: it checks a config,
 * then serves /health over HTTPS with basic authentication on every interface from its own sandbox, and
 * stops within 10 s of SIGTERM.
 *
 * <p>The run shares the host's network namespace: this machine may send traffic only to its own loopback
 * range, so a veth into a namespace of its own would be the only other way, and the question is whether
 * Vigil listens beyond 127.0.0.1, which 127.0.0.2 answers (a socket bound to 127.0.0.1 refuses it).
 */
@RequiresTools({ExternalTool.DEBOOTSTRAP, ExternalTool.UNSHARE, ExternalTool.CHROOT})
class ContainerImageIT {

    private static final Pattern LISTENING = Pattern.compile("dashboard on https://0\\.0\\.0\\.0:(\\d+)/");

    private static OciImage image;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildImage() throws Exception {
        OciImage.assumeRoot(); // the run mounts and chroots, too
        image = OciImage.build();
    }

    /** The unpacked root holds absolute symbolic links, which JUnit's clean-up warns about one by one. */
    @AfterEach
    void removeRoot() throws Exception {
        OciImage.run(Duration.ofMinutes(1), "rm", "-rf", dir.resolve("rootfs").toString());
    }

    @Test
    void configRunsTheDistributionAsANonRootUserOnPort8000() throws Exception {
        JsonNode manifest = image.manifest();
        JsonNode config = image.config();
        assertThat(Files.readString(image.dir().resolve("oci-layout"))).contains("\"imageLayoutVersion\":\"1.0.0\"");
        assertThat(Path.of(image.dir() + ".tar")).isRegularFile();
        assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(config.path("os").asText()).isEqualTo("linux");

        JsonNode c = image.runConfig();
        assertThat(c.path("User").asText()).isEqualTo(KubernetesExampleTest.IMAGE_UID + ":" + KubernetesExampleTest.IMAGE_UID);
        assertThat(strings(c.path("Entrypoint"))).containsExactly("/opt/vigil/bin/vigil-start.sh");
        assertThat(strings(c.path("Cmd"))).containsExactly("/etc/vigil/vigil.json");
        assertThat(c.path("WorkingDir").asText()).isEqualTo("/opt/vigil");
        assertThat(c.path("StopSignal").asText()).isEqualTo("SIGTERM");
        assertThat(fieldNames(c.path("ExposedPorts"))).containsExactly("8000/tcp");
        assertThat(strings(c.path("Env"))).containsExactlyInAnyOrder(
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-" + config.path("architecture").asText(),
                "VIGIL_JAVA_OPTS=-Xmx512m");
        assertThat(c.at("/Labels/org.opencontainers.image.version").asText()).isEqualTo(image.version());

        // two layers, base then Vigil, each blob named by its digest and each diff_id that of its tar
        JsonNode layers = manifest.path("layers");
        JsonNode diffIds = config.at("/rootfs/diff_ids");
        assertThat(layers.size()).isEqualTo(2);
        assertThat(diffIds.size()).isEqualTo(2);
        for (int i = 0; i < layers.size(); i++) {
            JsonNode layer = layers.get(i);
            assertThat(layer.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
            Path blob = image.blob(layer);
            assertThat(sha256(Files.newInputStream(blob))).isEqualTo(layer.path("digest").asText());
            assertThat(Files.size(blob)).isEqualTo(layer.path("size").asLong());
            assertThat(sha256(new GZIPInputStream(Files.newInputStream(blob), 1 << 16))).isEqualTo(diffIds.get(i).asText());
            System.out.printf("ContainerImageIT: layer %d %s: %.1f MiB%n", i + 1, layer.path("digest").asText(),
                    Files.size(blob) / 1048576.0);
        }
    }

    @Test
    void unpackedImageChecksAConfigServesHealthToOtherAddressesAndStopsOnSigterm() throws Exception {
        Path root = Files.createDirectory(dir.resolve("rootfs"));
        for (JsonNode layer : image.manifest().path("layers")) {
            // as root, tar keeps the layer's owners and modes, as a container runtime does
            OciImage.run(Duration.ofMinutes(5), "tar", "-xzf", image.blob(layer).toAbsolutePath().toString(), "-C", root.toString());
        }
        int uid = KubernetesExampleTest.IMAGE_UID;
        assertThat(Files.readAllLines(root.resolve("etc/passwd")))
                .contains("root:x:0:0:root:/root:/bin/bash", "vigil:x:" + uid + ":" + uid + ":Vigil:/opt/vigil:/usr/sbin/nologin");
        assertThat(Files.getAttribute(root.resolve("opt/vigil/lib"), "unix:uid")).as("Vigil cannot change its code").isEqualTo(0);
        assertThat(Files.getAttribute(root.resolve("opt/vigil/run"), "unix:uid")).isEqualTo(uid);
        assertThat(root.resolve("usr/lib/jvm/java-17-openjdk-" + image.config().path("architecture").asText() + "/bin/java")).isExecutable();

        Path etc = Files.createDirectory(dir.resolve("etc-vigil"));
        Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwxr-xr-x"));
        String password = "keystore-" + Long.toHexString(System.nanoTime());
        Files.writeString(etc.resolve("keystore.password"), password + "\n");
        OciImage.run(Duration.ofMinutes(1), Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "vigil", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=vigil",
                "-ext", "SAN=ip:127.0.0.2,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", etc.resolve("vigil.p12").toString(), "-storepass", password);
        Files.writeString(etc.resolve("users.properties"), "prometheus: scrape-secret\n");
        Files.writeString(etc.resolve("vigil.json"), """
                {"http.host": "0.0.0.0", "http.port": 0,
                 "http.auth.users.file": "/etc/vigil/users.properties",
                 "http.tls.keystore.file": "/etc/vigil/vigil.p12",
                 "http.tls.keystore.password.file": "/etc/vigil/keystore.password",
                 "clusters": [{"name": "sb", "sandbox": {"brokers": 1}, "probe.interval.ms": 250}]}""");
        try (var files = Files.list(etc)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }

        Process check = inImage(root, etc, List.of("--check-config", "/etc/vigil/vigil.json"));
        String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        System.out.print("ContainerImageIT: --check-config: " + checked);
        assertThat(check.exitValue()).as(checked).isZero();
        assertThat(checked.strip()).isEqualTo("vigil: /etc/vigil/vigil.json is valid: 1 cluster sb (sandbox of 1 brokers);"
                + " web server on https://0.0.0.0:0");

        Process vigil = inImage(root, etc, strings(image.runConfig().path("Cmd")));
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> VigilProcesses.readLines(vigil, lines));
        reader.start();
        ProcessHandle jvm;
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> port(lines) > 0);
            jvm = vigil.toHandle().descendants().filter(p -> p.info().command().orElse("").endsWith("/bin/java"))
                    .findFirst().orElseThrow();
            // the image's JVM, chrooted, as the image's user
            assertThat(jvm.info().command().orElseThrow()).startsWith(root.toRealPath().toString() + "/usr/lib/jvm/");
            assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(jvm.pid()), "root"))).isEqualTo(root.toRealPath());
            assertThat(Files.getAttribute(Path.of("/proc", Long.toString(jvm.pid())), "unix:uid")).isEqualTo(uid);

            SelfSignedKeystore vigils = new SelfSignedKeystore(etc.resolve("vigil.p12"), "vigil", password);
            HttpClient http = HttpClient.newBuilder().sslContext(vigils.trustingContext())
                    .connectTimeout(Duration.ofSeconds(5)).build();
            String base = "https://127.0.0.2:" + port(lines);
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                    .until(() -> get(http, base + "/ready", null).statusCode() == 200);
            HttpResponse<String> health = get(http, base + "/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            System.out.println("ContainerImageIT: GET " + base + "/health: " + health.statusCode() + " " + health.body());
            assertThat(get(http, base + "/metrics", null).statusCode()).as("basic authentication").isEqualTo(401);
            HttpResponse<String> metrics = get(http, base + "/metrics", "prometheus:scrape-secret");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("vigil_produce_availability_ratio{cluster=\"sb\"}");
        } catch (Throwable e) {
            lines.forEach(l -> System.out.println("image| " + l));
            vigil.destroyForcibly(); // unshare --kill-child takes the namespace's processes with it
            throw e;
        }
        long stopping = System.nanoTime();
        jvm.destroy(); // SIGTERM, as the runtime sends the entrypoint's process
        boolean stopped = vigil.waitFor(10, TimeUnit.SECONDS);
        if (!stopped) {
            vigil.destroyForcibly();
        }
        assertThat(stopped).as("stops within 10 s of SIGTERM").isTrue();
        System.out.printf("ContainerImageIT: stopped %d ms after SIGTERM%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping));
        reader.join(5_000);
        lines.forEach(l -> System.out.println("image| " + l));
        assertThat(lines).anyMatch(l -> l.contains("vigil stopped"));
    }

    /**
     * Runs the image's entrypoint with {@code args} as a container runtime would: {@code root} read-only,
     * its own /proc, devices, /tmp and pid-file directory, {@code etc} on /etc/vigil read-only, the
     * config's user, environment and working directory.
     */
    private static Process inImage(Path root, Path etc, List<String> args) throws IOException {
        JsonNode c = image.runConfig();
        String user = c.path("User").asText();
        String r = root.toString();
        String setup = String.join("\n",
                "set -e",
                "mount --bind '" + r + "' '" + r + "'",
                "mount -o remount,bind,ro '" + r + "'",
                "mount -t proc proc '" + r + "/proc'",
                "mount -t tmpfs -o mode=755,size=1m tmpfs '" + r + "/dev'",
                "for d in null zero full random urandom tty; do touch '" + r + "'/dev/$d; mount --bind /dev/$d '" + r + "'/dev/$d; done",
                "mount -t tmpfs -o mode=1777,size=512m tmpfs '" + r + "/tmp'",
                "mount -t tmpfs -o uid=" + user.replace(":", ",gid=") + ",mode=755,size=1m tmpfs '" + r + "/opt/vigil/run'",
                "mount --bind '" + etc + "' '" + r + "/etc/vigil'",
                "mount -o remount,bind,ro '" + r + "/etc/vigil'",
                "exec chroot --userspec=" + user + " \"$@\"");
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork", "--kill-child",
                "/bin/sh", "-c", setup, "sh", r, "/usr/bin/env", "-i"));
        command.addAll(strings(c.path("Env")));
        // env cannot change directory: a shell in the image does, then execs the entrypoint
        command.addAll(List.of("/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", c.path("WorkingDir").asText()));
        command.addAll(strings(c.path("Entrypoint")));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static int port(List<String> lines) {
        for (String line : lines) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return -1;
    }

    private static HttpResponse<String> get(HttpClient http, String uri, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10));
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
