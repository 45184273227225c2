package dev.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The image deploy/image/build-image.sh made from target/vigil-VERSION.tar.gz, as an OCI image layout
 * in {@code dir} (and {@code dir.tar}): the one manifest its index names and that manifest's config,
 * each read from a blob whose digest and size were checked.
 */
record OciImage(Path dir, String version, JsonNode manifest, JsonNode config) {

    private static final Path SCRIPT = Path.of("..", "deploy", "image", "build-image.sh");
    private static final Path DIR = Path.of("target", "vigil-image");
    /** Making the base takes minutes and a download: kept across runs until target/ is cleaned. */
    private static final Path BASE_CACHE = Path.of(System.getProperty("vigil.image.base.cache", "target/image-base"));
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Skips the test class unless it runs as root, which debootstrap and the layers' owners need; fails it
     * instead where {@code vigil.require.tools} is true, as for a missing program (see {@link RequiresTools}).
     */
    static void assumeRoot() throws IOException {
        boolean root = Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        if (!root && Boolean.getBoolean(ToolCheck.REQUIRE_PROPERTY)) {
            throw new IllegalStateException("the container image tests need root, and -D" + ToolCheck.REQUIRE_PROPERTY + "=true");
        }
        assumeTrue(root, "the container image tests need root");
    }

    /** Builds the image from the packaged distribution (needs root and debootstrap) and reads it. */
    static OciImage build() throws Exception {
        Path archive;
        try (var files = Files.list(Path.of("target"))) {
            archive = files.filter(f -> f.getFileName().toString().matches("vigil-.+\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/vigil-*.tar.gz; run mvn package"));
        }
        String version = archive.getFileName().toString().replaceAll("^vigil-(.+)\\.tar\\.gz$", "$1");
        long start = System.nanoTime();
        List<String> output = run(Duration.ofMinutes(30), SCRIPT.toString(), archive.toString(), DIR.toString(),
                BASE_CACHE.toString());
        System.out.printf("OciImage: image built in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));

        JsonNode index = JSON.readTree(DIR.resolve("index.json").toFile());
        assertThat(index.path("manifests").size()).isEqualTo(1);
        assertThat(index.at("/manifests/0/annotations/org.opencontainers.image.ref.name").asText()).isEqualTo(version);
        assertThat(output).anyMatch(l -> l.contains("manifest " + index.at("/manifests/0/digest").asText()));
        JsonNode manifest = blobJson(index.at("/manifests/0"));
        return new OciImage(DIR, version, manifest, blobJson(manifest.path("config")));
    }

    /** The file of the blob a descriptor names. */
    Path blob(JsonNode descriptor) {
        return blobPath(descriptor);
    }

    /** The config's {@code config} section: User, Entrypoint, Cmd, Env, WorkingDir, ExposedPorts. */
    JsonNode runConfig() {
        return config.path("config");
    }

    static List<String> strings(JsonNode array) {
        assertThat(array.isArray()).as("%s is an array", array).isTrue();
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    static String sha256(InputStream in) throws Exception {
        try (DigestInputStream digest = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"))) {
            digest.transferTo(OutputStream.nullOutputStream());
            return "sha256:" + java.util.HexFormat.of().formatHex(digest.getMessageDigest().digest());
        }
    }

    /** Runs a program to its end within {@code timeout}, printing its output; fails unless it exits 0. */
    static List<String> run(Duration timeout, String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> VigilProcesses.readLines(process, lines));
        reader.start();
        boolean done = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        reader.join(5_000);
        lines.forEach(l -> System.out.println(Path.of(command[0]).getFileName() + "| " + l));
        assertThat(done).as("%s done within %s", command[0], timeout).isTrue();
        assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), lines).isZero();
        return lines;
    }

    private static Path blobPath(JsonNode descriptor) {
        String digest = descriptor.path("digest").asText();
        assertThat(digest).matches("sha256:[0-9a-f]{64}");
        return DIR.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }

    private static JsonNode blobJson(JsonNode descriptor) throws Exception {
        Path blob = blobPath(descriptor);
        assertThat(sha256(Files.newInputStream(blob))).isEqualTo(descriptor.path("digest").asText());
        assertThat(Files.size(blob)).isEqualTo(descriptor.path("size").asLong());
        return JSON.readTree(blob.toFile());
    }
}
