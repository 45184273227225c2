package dev.vigil.app;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Debian's chromium driven through chromium-driver (both installed by .ci/run), found on the PATH: headless,
 * its own profile. A test class using it is annotated {@code @RequiresTools({CHROMIUM, CHROMEDRIVER})}.
 */
final class HeadlessChromium {

    private HeadlessChromium() {
    }

    /** The options every browser test starts from, plus {@code extraArguments}. */
    static ChromeOptions options(Path profile, String... extraArguments) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(ExternalTool.CHROMIUM.path().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,800");
        options.addArguments(extraArguments);
        return options;
    }

    static ChromeDriver start(ChromeOptions options) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(ExternalTool.CHROMEDRIVER.path().toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** A headless browser and the profile directory it owns: closing quits the one and deletes the other. */
    record Session(ChromeDriver browser, Path profile) implements AutoCloseable {

        static Session open(String... extraArguments) throws IOException {
            return open(options -> options.addArguments(extraArguments));
        }

        /** A browser on a new profile with the options every test starts from, as {@code customize} changes them. */
        static Session open(Consumer<ChromeOptions> customize) throws IOException {
            Path profile = Files.createTempDirectory("vigil-chromium-");
            try {
                ChromeOptions options = options(profile);
                customize.accept(options);
                return new Session(start(options), profile);
            } catch (RuntimeException e) {
                org.apache.kafka.common.utils.Utils.delete(profile.toFile());
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                browser.quit();
            } finally {
                org.apache.kafka.common.utils.Utils.delete(profile.toFile());
            }
        }
    }
}
