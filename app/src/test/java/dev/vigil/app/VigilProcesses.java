package dev.vigil.app;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** For the tests that run Vigil as a process: its class path, and what they read from its output. */
final class VigilProcesses {

    private static final Pattern LISTENING = Pattern.compile("dashboard on http://127\\.0\\.0\\.1:(\\d+)/");

    private VigilProcesses() {
    }

    /**
     * The test JVM's class path without test classes: those of the services module (a test dependency)
     * hold a {@code log4j2-test.xml}, which Log4j prefers to Vigil's own {@code log4j2.xml}, and the
     * process would log in the tests' format instead of Vigil's.
     */
    static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("-tests.jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Every line the process writes, into {@code lines}, until it closes its output; run it on a thread of its own. */
    static void readLines(Process process, List<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("read failed: " + e);
        }
    }

    /** The web server's port from its start-up line, -1 before that line. */
    static int port(List<String> lines) {
        for (String line : lines) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return -1;
    }
}
