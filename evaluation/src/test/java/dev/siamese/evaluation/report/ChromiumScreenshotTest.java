package dev.siamese.evaluation.report;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders the run and sweep reports in a real headless browser, when {@code /usr/bin/chromium} exists, and checks that
 * the screenshot is not blank. The reports and screenshots stay under {@code target/report-check/} for a human to
 * look at. Skipped (visibly) without Chromium.
 */
class ChromiumScreenshotTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void runReportRendersInHeadlessChromium() throws Exception {
        Path dir = checkDirectory().resolve("run");
        Path html = new ReportWriter().writeRun(ReportFixtures.run(ReportFixtures.evaluation()), dir).html();
        assertNotBlank(screenshot(html, checkDirectory().resolve("run-screenshot.png"), 3000));
    }

    @Test
    void sweepReportRendersInHeadlessChromium() throws Exception {
        Path dir = checkDirectory().resolve("sweep");
        Path html = new ReportWriter().writeSweep(ReportFixtures.sweep(ReportFixtures.evaluation()), dir).html();
        assertNotBlank(screenshot(html, checkDirectory().resolve("sweep-screenshot.png"), 2000));
    }

    private static Path checkDirectory() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "SKIPPED: /usr/bin/chromium is absent, so the HTML report is not checked in a browser (apt-get install chromium)");
        return Path.of(System.getProperty("basedir", "."), "target", "report-check");
    }

    private static Path screenshot(Path html, Path png, int height) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        // profile and log beside the screenshot, under target/, so that nothing is left in the system's temp folder
        Path profile = png.resolveSibling(png.getFileName() + ".chromium-profile");
        Path log = png.resolveSibling(png.getFileName() + ".chromium.log");
        List<String> command = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--screenshot=" + png.toAbsolutePath(),
                "--window-size=1200," + height, html.toAbsolutePath().toUri().toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("chromium did not finish within 90 s: " + command + "; its output: " + log);
            }
        } finally {
            deleteRecursively(profile);
        }
        assertThat(png).as("screenshot written by " + command).exists();
        return png;
    }

    /** Best effort: a chromium helper process may still write into the profile; it is under target/ anyway. */
    private static void deleteRecursively(Path root) {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // left for mvn clean
        }
    }

    private static void assertNotBlank(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1200);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(50);
    }
}
