package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The HTML report in a real browser: Debian's headless Chromium, driven through Selenium by
 * Debian's chromedriver (never Selenium Manager, which would download one). The page loads
 * nothing, its table is visible, every chart renders at a real size with its text laid out, and
 * the bars are painted in the modes' colours.
 *
 * <p>Runs when {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} are installed
 * ({@code apt-get install chromium chromium-driver}; {@code .ci/run} installs them), else is
 * skipped, saying so. {@code -Dsv.chromium=PATH} and {@code -Dsv.chromedriver=PATH} point it
 * elsewhere.
 */
class HtmlReportBrowserTest {
    static final Path CHROMIUM = Path.of(System.getProperty("sv.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("sv.chromedriver", "/usr/bin/chromedriver"));

    /**
     * Selenium's own logger, quietened: it warns that it has no DevTools binding for a Chromium
     * newer than itself, which this test, using WebDriver alone, does not need. Held here so that
     * the setting is not collected with the logger.
     */
    private static final Logger SELENIUM = Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM.setLevel(Level.SEVERE);
    }

    @TempDir
    Path dir;

    @Test
    void theComparisonReportRendersInAHeadlessChromium() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium or chromedriver not installed: apt-get install chromium chromium-driver (looked for "
                        + CHROMIUM + " and " + CHROMEDRIVER + ")");
        Path report = dir.resolve("report.html");
        Path guest = Cli.guest(dir, "hello.s");
        Cli r = Cli.run("compare", "--repeat", "1", "--html", report, guest);
        assertEquals(0, r.status(), r.err());

        // The driver's path given outright: Selenium then never asks Selenium Manager for one.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1000", "--user-data-dir=" + Files.createDirectory(dir.resolve("profile")));
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            driver.get(report.toUri().toString());
            JavascriptExecutor js = driver;
            assertEquals("complete", js.executeScript("return document.readyState"));
            assertTrue(driver.getTitle().endsWith("hello.s"), driver.getTitle());
            // Nothing fetched: the page is the only resource the browser loaded.
            assertEquals(0L, js.executeScript("return performance.getEntriesByType('resource').length"));

            WebElement table = driver.findElement(By.id("modes"));
            assertTrue(table.isDisplayed(), "the table is visible");
            assertTrue(table.getRect().getWidth() > 400 && table.getRect().getHeight() > 100, table.getRect().toString());
            List<WebElement> rows = table.findElements(By.cssSelector("tbody > tr"));
            assertEquals(HtmlReportTest.MODES, rows.stream().map(row -> row.findElement(By.cssSelector("th")).getText()).toList());

            for (List<String> chart : HtmlReportTest.CHARTS) {
                WebElement svg = driver.findElement(By.id(chart.get(0)));
                js.executeScript("arguments[0].scrollIntoView()", svg);
                assertTrue(svg.isDisplayed(), chart.get(0) + " is visible");
                Rectangle rect = svg.getRect();
                assertTrue(rect.getWidth() >= 600 && rect.getHeight() >= 150, chart.get(0) + ": " + rect.getDimension());
                // The drawing has a size of its own, and the title is laid out as text, with a font.
                @SuppressWarnings("unchecked")
                List<Number> box = (List<Number>) js.executeScript(
                        "var b = arguments[0].getBBox(); return [b.width, b.height];", svg);
                assertTrue(box.get(0).doubleValue() > 300 && box.get(1).doubleValue() > 100, chart.get(0) + ": " + box);
                Number titleLength = (Number) js.executeScript("var t = Array.from(arguments[0].querySelectorAll('text'))"
                        + ".find(e => e.textContent === arguments[1]); return t ? t.getComputedTextLength() : -1;",
                        svg, chart.get(1));
                assertTrue(titleLength.doubleValue() > 50, chart.get(0) + ": title " + titleLength);
            }

            // The host-time chart, as the screen shows it: shadow-trace's bar in its green.
            WebElement ratio = driver.findElement(By.id("chart-ratio"));
            js.executeScript("arguments[0].scrollIntoView()", ratio);
            BufferedImage shot = ImageIO.read(new ByteArrayInputStream(ratio.getScreenshotAs(OutputType.BYTES)));
            assertTrue(shot.getWidth() >= 600 && shot.getHeight() >= 150, shot.getWidth() + "x" + shot.getHeight());
            assertTrue(pixels(shot, 0x00, 0x9E, 0x73) > 500, "shadow-trace's bar is painted");
            assertTrue(pixels(shot, 0xD5, 0x5E, 0x00) > 500, "shadow-vtlb's bar is painted");
            // The whole window: not blank.
            js.executeScript("window.scrollTo(0, 0)");
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            Files.write(dir.resolve("screenshot.png"), png);
            BufferedImage page = ImageIO.read(new ByteArrayInputStream(png));
            assertTrue(page.getWidth() >= 1000 && colours(page) > 20, "a screenshot of many colours, not a blank page");
        } finally {
            driver.quit();
            service.stop();
        }
    }

    /** How many pixels of {@code image} have about the colour (r, g, b). */
    private static int pixels(BufferedImage image, int r, int g, int b) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (Math.abs((rgb >> 16 & 0xff) - r) <= 6 && Math.abs((rgb >> 8 & 0xff) - g) <= 6
                        && Math.abs((rgb & 0xff) - b) <= 6) {
                    n++;
                }
            }
        }
        return n;
    }

    /** How many distinct colours {@code image} has, up to 1,000. */
    private static int colours(BufferedImage image) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight() && seen.size() < 1000; y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
