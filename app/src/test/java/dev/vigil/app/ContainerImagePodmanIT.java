package dev.vigil.app;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image's OCI archive (target/vigil-image.tar) loaded into Debian's podman and run by a real container
 * runtime, as the README tells operators to: read-only, as the image's user, its entrypoint checking the
 * distribution's default config. ContainerImageIT runs Vigil itself in the unpacked image; this checks that
 * a runtime accepts the archive and reads its config the same way.
 *
 * <p>Podman's defaults do not run on every machine: crun refuses a host whose cgroup v2 hierarchy still has
 * a controller while v1 holds the others ("cgroups in hybrid mode not supported"), where runc with the
 * cgroupfs manager works; and a root without CAP_SYS_RESOURCE cannot raise the open-file and process
 * limits podman sets by default, so the run asks for limits no higher than its own.
 *
 * <p>Podman keeps its images and containers in a storage of this run's own under target/, not the machine's:
 * the image's name is the same in every build, so in the shared storage one suite's load and forced removal of
 * {@code localhost/vigil:VERSION} broke another's on the same machine.
 */
@RequiresTools({ExternalTool.DEBOOTSTRAP, ExternalTool.PODMAN, ExternalTool.RUNC})
class ContainerImagePodmanIT {

    private static OciImage image;
    private static String name;
    private static Path storage;

    @BeforeAll
    static void buildAndLoad() throws Exception {
        OciImage.assumeRoot(); // podman's overlay storage, too
        image = OciImage.build();
        storage = Files.createTempDirectory("podman-storage");
        name = "localhost/vigil:" + image.version();
        List<String> loaded = OciImage.run(Duration.ofMinutes(5), podman("load", "-i", image.dir() + ".tar"));
        assertThat(loaded).contains("Loaded image: " + name);
    }

    @AfterAll
    static void remove() throws Exception {
        if (name != null) {
            OciImage.run(Duration.ofMinutes(1), podman("rmi", "--force", name));
        }
        if (storage != null) {
            OciImage.run(Duration.ofMinutes(1), "rm", "-rf", storage.toString());
        }
    }

    /** A podman command on this run's own storage. */
    private static String[] podman(String... command) {
        List<String> out = new ArrayList<>(List.of("podman", "--root", storage.resolve("root").toString(),
                "--runroot", storage.resolve("run").toString()));
        out.addAll(List.of(command));
        return out.toArray(String[]::new);
    }

    @Test
    void runsItsEntrypointReadOnlyAsTheImagesUser() throws Exception {
        List<String> checked = podmanRun(List.of(), List.of("--check-config", "/opt/vigil/config/vigil.json"));
        assertThat(checked).containsExactly("vigil: /opt/vigil/config/vigil.json is valid: 1 cluster sandbox"
                + " (sandbox of 3 brokers); web server on http://127.0.0.1:8000");

        int uid = KubernetesExampleTest.IMAGE_UID;
        assertThat(podmanRun(List.of("--entrypoint", "/usr/bin/id"), List.of()))
                .containsExactly("uid=" + uid + "(vigil) gid=" + uid + "(vigil) groups=" + uid + "(vigil)");
        // the working directory and environment come from the image's config
        assertThat(podmanRun(List.of("--entrypoint", "/bin/sh"), List.of("-c", "pwd; echo $VIGIL_JAVA_OPTS; java -version 2>&1 | head -1")))
                .hasSize(3).startsWith("/opt/vigil", "-Xmx512m").last().asString().startsWith("openjdk version \"17.");
    }

    /** {@code podman run} of the image with no network, a read-only root and tmpfs where Vigil writes. */
    private static List<String> podmanRun(List<String> options, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("--runtime", "runc", "--cgroup-manager", "cgroupfs",
                "run", "--rm", "--network", "none", "--read-only", "--tmpfs", "/tmp", "--tmpfs", "/opt/vigil/run:U",
                "--ulimit", "nofile=" + hardLimit("Max open files") + ":" + hardLimit("Max open files"),
                // the host's own hard process limit is refused here (EPERM) where lower ones pass; Vigil with a
                // sandbox runs a few hundred threads
                "--ulimit", "nproc=4096:4096"));
        command.addAll(options);
        command.add(name);
        command.addAll(args);
        return OciImage.run(Duration.ofMinutes(2), podman(command.toArray(String[]::new)));
    }

    /** This process's hard limit from /proc/self/limits, at most 65536 (podman's own default). */
    private static long hardLimit(String limit) throws Exception {
        String line = Files.readAllLines(Path.of("/proc/self/limits")).stream().filter(l -> l.startsWith(limit))
                .findFirst().orElseThrow();
        String hard = line.substring(limit.length()).trim().split("\\s+")[1];
        return hard.equals("unlimited") ? 65536 : Math.min(65536, Long.parseLong(hard));
    }
}
