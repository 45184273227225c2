package dev.vigil.app;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Debian's chromium driven through chromium-driver (both installed by .ci/run): headless, its own profile. */
final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /** The options every browser test starts from, plus {@code extraArguments}; fails if either package is missing. */
    static ChromeOptions options(Path profile, String... extraArguments) {
        assertThat(CHROMIUM).as("Debian package chromium (.ci/run installs it)").isExecutable();
        assertThat(CHROMEDRIVER).as("Debian package chromium-driver (.ci/run installs it)").isExecutable();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,800");
        options.addArguments(extraArguments);
        return options;
    }

    static ChromeDriver start(ChromeOptions options) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
