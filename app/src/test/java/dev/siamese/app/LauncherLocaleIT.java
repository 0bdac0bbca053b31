package dev.siamese.app;

import dev.siamese.data.pictures.FileNames;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged launcher {@code app/siamese} under the POSIX locale ({@code LANG=C LC_ALL=C}, as cron, systemd units
 * and minimal containers run it): a folder argument and picture names that are not ASCII reach the JVM intact, and
 * the names print as UTF-8 text, escaped where they are not text. Runs after {@code package}.
 */
class LauncherLocaleIT {

    @TempDir
    Path dir;

    @Test
    void nonAsciiArgumentsAndNamesWorkUnderThePosixLocale() throws Exception {
        Path photos = FileNames.path(dir.toAbsolutePath() + "/fotos-été");
        Files.createDirectories(photos);
        write(photos.resolve("plain.png"), 1);
        write(FileNames.path(FileNames.text(photos) + "/café.png"), 2);
        write(photos.resolve("p3.png"), 3);
        Process sh = new ProcessBuilder("sh", "-c", "mv \"$1/p3.png\" \"$1/$(printf 'caf\\351.png')\"", "sh",
                dir.toAbsolutePath() + "/fotos-été").start();
        assertThat(sh.waitFor()).isZero();
        String folder = dir.toAbsolutePath() + "/fotos-été";
        String index = dir.resolve("idx").toString();

        Launched indexed = launch("index", folder, "-i", index);
        Launched searched = launch("search", folder + "/plain.png", "-i", index, "-k", "3");

        assertThat(indexed.code()).as(indexed.out()).isZero();
        assertThat(indexed.out()).contains("3 pictures found, 0 unchanged, 3 embedded, 0 unreadable");
        assertThat(searched.code()).as(searched.out()).isZero();
        assertThat(searched.out()).contains(folder + "/café.png").contains(folder + "/caf\\xe9.png")
                .contains(folder + "/plain.png");
    }

    private static void write(Path file, int seed) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ImageIO.write(Cli.picture(seed, 96, 72), "png", out);
        }
    }

    private record Launched(int code, String out) {
    }

    /** Runs {@code app/siamese ARGS...} under {@code LANG=C LC_ALL=C}; its exit code and output read as UTF-8. */
    private Launched launch(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", System.getProperty("siamese.launcher")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.equals("LANGUAGE"));
        builder.environment().put("LANG", "C");
        builder.environment().put("LC_ALL", "C");
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        builder.environment().put("SIAMESE_CACHE_DIR", dir.resolve("cache").toString());
        Process child = builder.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
        return new Launched(child.exitValue(), out);
    }
}
