package org.pveaudit.report.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One headless Chromium for a test class: the system's {@code chromium} driven by the system's
 * {@code chromedriver} (Debian packages {@code chromium} and {@code chromium-driver}), never a browser or driver
 * that Selenium Manager would download. Without them the test is skipped, except under CI (the variable
 * {@code CI} set), where it fails: CI must really run it ({@code .ci/run} installs them).
 *
 * <p>Every document gets, before its own scripts run, a recorder of {@code alert}/{@code confirm}/
 * {@code prompt} calls and of Content-Security-Policy violations ({@link #recorded()}).
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));
    static final String PACKAGES = "chromium chromium-driver";

    /** Installed before each document's own scripts: what the page tried to pop up, what its CSP blocked. */
    private static final String RECORDER = """
            window.__recorded = {dialogs: [], csp: []};
            ['alert', 'confirm', 'prompt'].forEach(function (name) {
              window[name] = function (m) { window.__recorded.dialogs.push(name + ': ' + m); };
            });
            document.addEventListener('securitypolicyviolation', function (e) {
              window.__recorded.csp.push(e.violatedDirective + ' blocked ' + e.blockedURI);
            });
            """;

    /**
     * Selenium has no DevTools classes for Chromium 150 and says so; the test uses chromedriver's own CDP
     * endpoint ({@code executeCdpCommand}), which needs none. Held here so the level sticks.
     */
    private static final Logger DEVTOOLS = Logger.getLogger("org.openqa.selenium.devtools");

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Why the browser cannot run here: null when chromium and chromedriver are installed, else a message naming
     * the packages. Under CI (the variable {@code CI} set) it fails instead: CI must really run the browser test.
     */
    static String unavailable() {
        List<String> missing = new ArrayList<>();
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                missing.add(p.toString());
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        String why = "the browser test needs " + String.join(" and ", missing) + " (apt-get install " + PACKAGES + ")";
        if (System.getenv("CI") != null) {
            fail(why + "; CI is set, so it must run");
        }
        return why;
    }

    /** Starts the browser at 1280 × 900, or skips (fails under CI) when chromium or chromedriver is missing. */
    static HeadlessChromium start() throws IOException {
        String why = unavailable();
        if (why != null) {
            Assumptions.abort(why);
        }
        // driver and browser are given, so Selenium Manager is never asked for either (it would download them);
        // should it run anyway, SE_OFFLINE=true in its environment (pom.xml, failsafe) keeps it offline
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile = Files.createTempDirectory("pve-audit-chromium");
        DEVTOOLS.setLevel(Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // running as root needs --no-sandbox; the background-networking flags keep it from calling out (the
        // closed network here refuses and logs those connections)
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--disable-extensions", "--disable-default-apps", "--hide-scrollbars",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20)).scriptTimeout(Duration.ofSeconds(10));
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORDER));
        return new HeadlessChromium(driver, profile);
    }

    ChromeDriver driver() {
        return driver;
    }

    /**
     * Opens {@code file} as a {@code file://} URL, with {@code fragment} (without '#') when not null; what the
     * console held from earlier pages is dropped, so {@link #consoleErrors()} tells of this page only.
     */
    void open(Path file, String fragment) {
        driver.manage().logs().get(LogType.BROWSER);
        // a new document every time: a URL that differs only in its fragment would not load the page again
        driver.get("about:blank");
        String url = file.toAbsolutePath().toUri().toString();
        driver.get(fragment == null ? url : url + "#" + fragment);
    }

    /** The layout viewport set to {@code width} × {@code height} CSS pixels (a desktop page, scale 1). */
    void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** What the page's recorder caught: {@code dialogs} and {@code csp}, each a list of strings. */
    @SuppressWarnings("unchecked")
    Map<String, List<String>> recorded() {
        return (Map<String, List<String>>) js("return window.__recorded;");
    }

    /** The console lines at level SEVERE (errors, failed loads, CSP violations) since the last call. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(HeadlessChromium::line).toList();
    }

    private static String line(LogEntry e) {
        return e.getLevel() + " " + e.getMessage();
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            org.springframework.util.FileSystemUtils.deleteRecursively(profile);
        }
    }
}
