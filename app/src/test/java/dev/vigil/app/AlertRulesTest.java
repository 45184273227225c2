package dev.vigil.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped alert rules, checked and evaluated by Prometheus' own promtool: config/prometheus/alerts_test.yml
 * feeds each alert series at, just past and just below its threshold and says when it must fire and when not.
 * (That the rules name only metrics Vigil exports is {@link MetricsEndToEndTest}'s part.)
 */
@RequiresTools(ExternalTool.PROMTOOL)
class AlertRulesTest {

    private static final Path RULES_DIR = Path.of("..", "config", "prometheus");

    @Test
    void alertRulesAreValid() throws Exception {
        int rules = matches(Pattern.compile("(?m)^ *- (?:alert|record): (\\S+)$"), "alerts.yml").size();
        assertThat(rules).isEqualTo(28);
        assertThat(promtool("check", "rules", "alerts.yml")).contains("SUCCESS: " + rules + " rules found");
    }

    @Test
    void everyAlertHasUnitTests() throws Exception {
        Set<String> alerts = matches(Pattern.compile("(?m)^ *- alert: (\\S+)$"), "alerts.yml");
        assertThat(alerts).hasSize(20);
        assertThat(matches(Pattern.compile("alertname: (\\w+)"), "alerts_test.yml")).isEqualTo(alerts);
    }

    @Test
    void everyAlertFiresAtItsThresholdAfterItsForDurationAndNotBelow() throws Exception {
        assertThat(promtool("test", "rules", "alerts_test.yml")).contains("SUCCESS");
    }

    private static Set<String> matches(Pattern pattern, String file) throws IOException {
        Set<String> found = new TreeSet<>();
        pattern.matcher(Files.readString(RULES_DIR.resolve(file))).results().forEach(m -> found.add(m.group(1)));
        return found;
    }

    /** promtool's output; fails the test with it if promtool exits non-zero. */
    private static String promtool(String... arguments) throws IOException, InterruptedException {
        String[] command = new String[arguments.length + 1];
        command[0] = ExternalTool.PROMTOOL.path().toString();
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        Process process = new ProcessBuilder(command).directory(RULES_DIR.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }
}
