package dev.vigil.app;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A program some tests run, found on the PATH (not at a fixed place: a machine may have it elsewhere),
 * with the Debian package that provides it, so that a skipped test can say what to install.
 */
enum ExternalTool {
    CHROMIUM("chromium", "chromium"),
    CHROMEDRIVER("chromedriver", "chromium-driver"),
    PROMETHEUS("prometheus", "prometheus"),
    PROMTOOL("promtool", "prometheus"),
    DEBOOTSTRAP("debootstrap", "debootstrap"),
    UNSHARE("unshare", "util-linux"),
    CHROOT("chroot", "coreutils"),
    PODMAN("podman", "podman"),
    RUNC("runc", "runc");

    private final String command;
    private final String debianPackage;

    ExternalTool(String command, String debianPackage) {
        this.command = command;
        this.debianPackage = debianPackage;
    }

    String command() {
        return command;
    }

    String debianPackage() {
        return debianPackage;
    }

    /** The first executable {@link #command()} on the PATH. */
    Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@link #find()} for a test that {@link RequiresTools} made sure it is there. */
    Path path() {
        return find().orElseThrow(() -> new IllegalStateException(command + " not on the PATH (Debian package "
                + debianPackage + "); annotate the test class with @RequiresTools"));
    }
}
