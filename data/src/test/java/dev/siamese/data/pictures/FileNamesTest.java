package dev.siamese.data.pictures;

import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * File names are bytes: a name that is not UTF-8 (Latin-1 {@code caf\xe9.png}) and a non-ASCII name under the POSIX
 * locale are opened, stored as text and found again from that text, and every name prints safely.
 */
class FileNamesTest {
    private static final ImageShape SHAPE = new ImageShape(8, 8, 3);

    @TempDir
    Path dir;

    /**
     * Renames {@code file} to the Latin-1 bytes {@code caf\xe9.png} (not UTF-8) with sh, and returns it as the JDK
     * builds a path from raw bytes (its file: URI with a percent escape), whatever this JVM's locale.
     */
    static Path renameToLatin1(Path file) throws IOException, InterruptedException {
        Process sh = new ProcessBuilder("sh", "-c", "cd \"$1\" && mv \"$2\" \"$(printf 'caf\\351.png')\"", "sh",
                file.getParent().toString(), file.getFileName().toString()).redirectErrorStream(true).start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor()).as(out).isZero();
        Path latin1 = Path.of(URI.create("file://" + file.getParent().toAbsolutePath() + "/caf%E9.png"));
        assertThat(latin1).exists();
        return latin1;
    }

    /** {@code folder/name}, built with the name's UTF-8 bytes under any locale. */
    static Path utf8(Path folder, String name) {
        return FileNames.path(folder.toAbsolutePath() + "/" + name);
    }

    @Test
    void aNameThatIsNotUtf8IsStoredAsAFileUriThatNamesTheSameFile() throws Exception {
        Path latin1 = renameToLatin1(TestPictures.rgb(dir.resolve("p.png"), 8, 8, 200, 10, 10));

        String text = FileNames.text(latin1);

        assertThat(text).startsWith("file:///").endsWith("/caf%E9.png").doesNotContain("\uFFFD");
        assertThat(FileNames.isEncoded(text)).isTrue();
        assertThat(FileNames.path(text)).isEqualTo(latin1);
        assertThat(Files.exists(FileNames.path(text))).isTrue();
        assertThat(FileNames.display(text)).isEqualTo(dir.toAbsolutePath() + "/caf\\xe9.png");
    }

    @Test
    void aUtf8NameIsStoredAsItselfAndAPlainNameIsUntouched() {
        Path cafe = utf8(dir, "café.png");
        Path plain = dir.resolve("a%20b #1.png");

        assertThat(FileNames.text(cafe)).isEqualTo(dir.toAbsolutePath() + "/café.png");
        assertThat(FileNames.path(FileNames.text(cafe))).isEqualTo(cafe);
        assertThat(FileNames.text(plain)).isEqualTo(plain.toString());
        assertThat(FileNames.path(FileNames.text(plain))).isEqualTo(plain);
        assertThat(FileNames.path("relative/café.png")).isEqualTo(Path.of("relative").resolve(cafe.getFileName()));
        assertThat(FileNames.text(Path.of("relative").resolve(cafe.getFileName()))).isEqualTo("relative/café.png");
    }

    @Test
    void picturesWhoseNamesAreNotUtf8AreDecoded() throws Exception {
        Path latin1 = renameToLatin1(TestPictures.rgb(dir.resolve("p.png"), 8, 8, 200, 10, 10));

        Image picture = Pictures.read(latin1, SHAPE);

        assertThat(picture.shape()).isEqualTo(SHAPE);
        assertThat(Pictures.dimensions(latin1)).hasValueSatisfying(d -> assertThat(d).containsExactly(8, 8));
    }

    @Test
    void controlCharactersAndInvisibleFormattingPrintEscaped() {
        assertThat(FileNames.display("/p/bad\u001b[31mname.png")).isEqualTo("/p/bad\\x1b[31mname.png");
        assertThat(FileNames.display("a\nb\tc\u007fd\u009be")).isEqualTo("a\\x0ab\\x09c\\x7fd\\u009be");
        assertThat(FileNames.display("evil\u202egnp.exe")).isEqualTo("evil\\u202egnp.exe");
        assertThat(FileNames.display("café 猫 😀.png")).isEqualTo("café 猫 😀.png");
        assertThat(FileNames.display("file:///p/%1B%5B2Jx%E9%C3%A9.png")).isEqualTo("/p/\\x1b[2Jx\\xe9é.png");
        assertThat(new SkippedFile(Path.of("/p/bad\u001b[31m.png"), "cannot\u001b]0;x\u0007 be read").toString())
                .isEqualTo("/p/bad\\x1b[31m.png: cannot\\x1b]0;x\\x07 be read");
    }

    @Test
    void underThePosixLocaleEveryNameIsListedStoredFoundAgainAndDecoded() throws Exception {
        TestPictures.rgb(utf8(dir, "café.png"), 8, 8, 10, 200, 10);
        TestPictures.rgb(dir.resolve("plain.png"), 8, 8, 10, 10, 200);
        renameToLatin1(TestPictures.rgb(dir.resolve("p.png"), 8, 8, 200, 10, 10));

        List<String> lines = probeUnderPosixLocale(dir);

        assertThat(lines).first().isEqualTo("jnu ANSI_X3.4-1968");
        // text as a UTF-8 locale writes it, found again from that text, and decoded
        assertThat(lines).contains(
                "caf??.png " + dir.toAbsolutePath() + "/caf\\u00e9.png same decoded",
                "caf?.png file://" + dir.toAbsolutePath() + "/caf%E9.png same decoded",
                "plain.png " + dir.toAbsolutePath() + "/plain.png same decoded");
        // a name stored under a UTF-8 locale maps to the file under the POSIX locale too
        assertThat(lines).contains("stored " + dir.toAbsolutePath() + "/caf\\u00e9.png exists");
    }

    /** Runs {@link FileNamesProbe} on {@code folder} in a JVM started under {@code LC_ALL=C}; its output lines. */
    private static List<String> probeUnderPosixLocale(Path folder) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> classpath = new ArrayList<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                classpath.add(value);
            }
        }
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, classpath),
                FileNamesProbe.class.getName(), folder.toAbsolutePath().toString()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.equals("LANGUAGE"));
        builder.environment().put("LC_ALL", "C");
        builder.environment().put("LANG", "C");
        Process child = builder.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
