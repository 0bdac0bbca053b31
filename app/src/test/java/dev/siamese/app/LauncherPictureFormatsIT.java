package dev.siamese.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged launcher {@code app/siamese}, which puts the application on the module path, finds the TwelveMonkeys
 * ImageIO plugins through ImageIO's service lookup: a folder of WebP, TIFF and JPEG pictures is indexed whole, and a
 * truncated WebP among them is skipped with one line naming it. Runs after {@code package}.
 */
class LauncherPictureFormatsIT {

    /** A 16 x 16 lossy WebP, red left of blue (data/src/test/resources/dev/siamese/data/pictures/internal/formats/lossy.webp). */
    private static final byte[] WEBP = Base64.getDecoder().decode("UklGRkYAAABXRUJQVlA4IDoAAABQAgCdASoQABAAAIAIJaACdLoB"
            + "+AH6gf0AB5AA/v69f//4VY//1y7AHENb/7rP//3WbRBnx/8rgAAA");

    @TempDir
    Path dir;

    @Test
    void webpAndTiffAreReadOnTheModulePathAndABrokenOneIsSkipped() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        Files.write(photos.resolve("a.webp"), WEBP);
        write(Cli.picture(1, 96, 72), "tiff", photos.resolve("b.tif"));
        write(Cli.picture(2, 96, 72), "tiff", photos.resolve("c.TIFF"));
        write(Cli.picture(3, 96, 72), "jpeg", photos.resolve("d.jpg"));
        Files.write(photos.resolve("e.webp"), Arrays.copyOf(WEBP, 40));

        Launched indexed = launch("index", photos.toString(), "-i", dir.resolve("idx").toString());

        assertThat(indexed.code()).as(indexed.out()).isZero();
        assertThat(indexed.out()).contains("5 pictures found, 0 unchanged, 4 embedded, 1 unreadable")
                .contains("e.webp: ").contains("truncated").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(indexed.out().lines().filter(line -> line.contains("e.webp"))).hasSize(1);
    }

    private static void write(BufferedImage image, String format, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            assertThat(ImageIO.write(image, format, out)).as(format + " writer").isTrue();
        }
    }

    private record Launched(int code, String out) {
    }

    private Launched launch(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", System.getProperty("siamese.launcher")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        builder.environment().put("SIAMESE_CACHE_DIR", dir.resolve("cache").toString());
        Process child = builder.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
        return new Launched(child.exitValue(), out);
    }
}
