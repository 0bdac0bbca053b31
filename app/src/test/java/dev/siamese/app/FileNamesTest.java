package dev.siamese.app;

import dev.siamese.api.model.Models;
import dev.siamese.data.pictures.FileNames;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * File names are bytes: pictures whose names are not UTF-8 ({@code caf\xe9.png} from an old camera card), non-ASCII
 * names, and names holding terminal escape sequences are indexed, searched, grouped, reported and re-indexed by the
 * real commands, under a UTF-8 locale and under the POSIX one, and reach the console escaped.
 */
class FileNamesTest {
    private static final String ESC = "\u001b";

    @TempDir
    Path cache;

    @BeforeEach
    void privateCache() {
        System.setProperty(Models.CACHE_PROPERTY, cache.toString());
    }

    @AfterEach
    void restoreCache() {
        System.clearProperty(Models.CACHE_PROPERTY);
    }

    /** plain.png, café.png, the Latin-1 bytes caf\xe9.png and bad ESC[31m name.png: four different pictures. */
    private static Path hostileFolder(Path dir) throws IOException, InterruptedException {
        Path photos = dir.resolve("photos");
        Files.createDirectories(photos);
        write(photos.resolve("plain.png"), 1);
        write(FileNames.path(photos.toAbsolutePath() + "/café.png"), 2);
        write(photos.resolve("p3.png"), 3);
        Process sh = new ProcessBuilder("sh", "-c", "mv \"$1/p3.png\" \"$1/$(printf 'caf\\351.png')\"", "sh",
                photos.toAbsolutePath().toString()).redirectErrorStream(true).start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor()).as(out).isZero();
        assertThat(latin1(photos)).exists();
        write(photos.resolve("bad" + ESC + "[31mname.png"), 4);
        return photos;
    }

    /** The file whose name is the Latin-1 bytes caf\xe9.png, built from its bytes whatever this JVM's locale. */
    private static Path latin1(Path photos) {
        return Path.of(URI.create("file://" + photos.toAbsolutePath() + "/caf%E9.png"));
    }

    private static void write(Path file, int seed) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ImageIO.write(Cli.picture(seed, 96, 72), "png", out);
        }
    }

    @Test
    void everyCommandIndexesSearchesReportsAndReIndexesNamesThatAreNotText(@TempDir Path dir) throws Exception {
        Path photos = hostileFolder(dir);
        String index = dir.resolve("idx").toString();

        Cli.Result first = Cli.run("index", photos.toString(), "-i", index);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("4 pictures found, 0 unchanged, 4 embedded, 0 unreadable");
        assertThat(first.err()).doesNotContain("skipped");

        Cli.Result again = Cli.run("index", photos.toString(), "-i", index);
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("4 pictures found, 4 unchanged, 0 embedded, 0 unreadable")
                .doesNotContain("removed");

        Cli.Result search = Cli.run("search", photos.resolve("plain.png").toString(), "-i", index, "-k", "4");
        assertThat(search.code()).as(search.err()).isZero();
        assertThat(search.out()).contains(photos + "/caf\\xe9.png").contains(photos + "/café.png")
                .contains(photos + "/bad\\x1b[31mname.png").doesNotContain(ESC);

        Path csv = dir.resolve("groups.csv");
        Path json = dir.resolve("groups.json");
        Path html = dir.resolve("groups.html");
        Cli.Result dedup = Cli.run("dedup", "-i", index, "-t", "1000", "--csv", csv.toString(), "--json", json.toString(),
                "--html", html.toString());
        assertThat(dedup.code()).as(dedup.err()).isZero();
        assertThat(dedup.out()).contains("1 groups of near-duplicates").contains("caf\\xe9.png").doesNotContain(ESC);
        // reports keep the faithful text: the name's bytes in a file: URI, the escape character itself (CSV, JSON)
        assertThat(Files.readString(csv)).contains("file://" + photos + "/caf%E9.png").contains(photos + "/café.png")
                .contains(photos + "/bad" + ESC + "[31mname.png");
        assertThat(Files.readString(json)).contains("file://" + photos + "/caf%E9.png")
                .contains("bad\\u001b[31mname.png");
        assertThat(Files.readString(html)).doesNotContain(ESC).doesNotContain("unreadable").contains("caf\\xe9.png");
        assertThat(Files.readString(html).split("<img ", -1)).hasSize(5);

        Path embeddings = dir.resolve("embeddings.csv");
        Cli.Result embed = Cli.run("embed", photos.toString(), "-o", embeddings.toString());
        assertThat(embed.code()).as(embed.err()).isZero();
        assertThat(embed.out()).contains("4 embedded, 0 unreadable");
        assertThat(Files.readAllLines(embeddings)).hasSize(5).anyMatch(l -> l.startsWith("file://" + photos + "/caf%E9.png,"));

        Files.delete(latin1(photos));
        Cli.Result afterDelete = Cli.run("index", photos.toString(), "-i", index);
        assertThat(afterDelete.code()).as(afterDelete.err()).isZero();
        assertThat(afterDelete.out()).contains("removed 1 picture(s)").contains("holds 3 pictures");
    }

    @Test
    void nearDuplicateSetsAreMadeFromOriginalsWhoseNamesAreNotText(@TempDir Path dir) throws Exception {
        Path photos = hostileFolder(dir);
        Path set = dir.resolve("set");

        Cli.Result made = Cli.run("near-duplicates", "make-set", "--originals", photos.toString(), "-o", set.toString(),
                "--max-side", "64");

        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out()).doesNotContain("skipped").contains("calibration 2 groups");
    }

    @Test
    void underThePosixLocaleAnIndexWrittenUnderUtf8IsReRunAndFreshIndexesStoreTheSameNames(@TempDir Path dir)
            throws Exception {
        Path photos = hostileFolder(dir);
        Path utf8Index = dir.resolve("utf8-idx");
        Path posixIndex = dir.resolve("posix-idx");
        Cli.Result made = Cli.run("index", photos.toString(), "-i", utf8Index.toString());
        assertThat(made.code()).as(made.err()).isZero();

        Child reRun = underPosixLocale(dir, "index", photos.toString(), "-i", utf8Index.toString());
        Child fresh = underPosixLocale(dir, "index", photos.toString(), "-i", posixIndex.toString());

        assertThat(reRun.code()).as(reRun.out()).isZero();
        assertThat(reRun.out()).contains("4 pictures found, 4 unchanged, 0 embedded, 0 unreadable")
                .doesNotContain("removed").doesNotContain("Exception");
        assertThat(fresh.code()).as(fresh.out()).isZero();
        assertThat(fresh.out()).contains("4 pictures found, 0 unchanged, 4 embedded, 0 unreadable");
        assertThat(storedNames(dir, posixIndex)).isEqualTo(storedNames(dir, utf8Index)).hasSize(4)
                .contains("file://" + photos + "/caf%E9.png", photos + "/café.png");
    }

    @Test
    void anErrorNamingAFileWithControlCharactersPrintsThemEscaped(@TempDir Path dir) {
        String hostile = dir.resolve("no" + ESC + "[2Jsuch").toString();

        Cli.Result result = Cli.run("index", hostile, "-i", dir.resolve("idx").toString());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("error: ").contains("no\\x1b[2Jsuch").doesNotContain(ESC);
    }

    /** The paths an index stores, read back through {@code dedup --csv} (every picture in one group). */
    private static Set<String> storedNames(Path dir, Path index) throws IOException {
        Path csv = dir.resolve(index.getFileName() + ".csv");
        Cli.Result dedup = Cli.run("dedup", "-i", index.toString(), "-t", "1000", "--csv", csv.toString());
        assertThat(dedup.code()).as(dedup.err()).isZero();
        return Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",")[2]).collect(Collectors.toSet());
    }

    private record Child(int code, String out) {
    }

    /** Runs {@code siamese ARGS...} in a JVM started under the POSIX locale ({@code LC_ALL=C}), as cron would. */
    private static Child underPosixLocale(Path dir, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> classpath = new ArrayList<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                classpath.add(value);
            }
        }
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-D" + Models.CACHE_PROPERTY + "="
                + dir.resolve("child-cache"), "-cp", String.join(File.pathSeparator, classpath), "dev.siamese.app.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.equals("LANGUAGE"));
        builder.environment().put("LC_ALL", "C");
        builder.environment().put("LANG", "C");
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        Process child = builder.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
        return new Child(child.exitValue(), out);
    }
}
