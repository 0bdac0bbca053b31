package dev.siamese.app;

import dev.siamese.api.model.Models;
import dev.siamese.search.index.EmbeddingIndex;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Indexes that are damaged or busy, through the CLI: {@code index --check} names the damage, searches of a damaged
 * index fail instead of answering, and searches of an index need no lock, write nothing and see its last commit.
 */
class IndexSafetyTest {
    private static final int PICTURES = 60;

    @TempDir
    static Path dir;
    static Path photos;
    /** A healthy index of {@link #PICTURES} pictures, merged into one segment whose files stand alone (.vec, ...). */
    static Path index;

    @BeforeAll
    static void indexPictures() throws IOException {
        System.setProperty(Models.CACHE_PROPERTY, dir.resolve("cache").toString());
        photos = dir.resolve("photos");
        for (int i = 0; i < PICTURES; i++) {
            Cli.write(photos.resolve("p" + i + ".png"), Cli.picture(300 + i, 64, 48));
        }
        index = dir.resolve("index");
        Cli.Result built = Cli.run("index", photos.toString(), "-i", index.toString(), "--commit-every", "20", "-q");
        assertThat(built.code()).as(built.err()).isZero();
        // a larger collection's index has merged segments; small ones are packed into compound files
        try (EmbeddingIndex writer = EmbeddingIndex.open(index, modelOf(index), EmbeddingIndex.Options.defaults())) {
            writer.optimize();
        }
    }

    @AfterAll
    static void restoreCache() {
        System.clearProperty(Models.CACHE_PROPERTY);
    }

    private static String modelOf(Path index) throws IOException {
        Properties metadata = new Properties();
        try (Reader in = Files.newBufferedReader(index.resolve(EmbeddingIndex.METADATA_FILE), StandardCharsets.UTF_8)) {
            metadata.load(in);
        }
        return metadata.getProperty("model");
    }

    private static Path copyOfIndex(String name) throws IOException {
        Path copy = dir.resolve(name);
        try (Stream<Path> files = Files.walk(index)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(index.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().equals("write.lock")) {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    private static Path lucene(Path index, String extension) throws IOException {
        try (Stream<Path> files = Files.list(index.resolve("lucene"))) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith("." + extension)).toList();
            assertThat(found).as("." + extension + " files in " + index).hasSize(1);
            return found.get(0);
        }
    }

    /** Overwrites {@code count} bytes in the middle of {@code file} with {@code value}. */
    private static void overwriteMiddle(Path file, int count, byte value) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            assertThat(channel.size()).isGreaterThan(count + 100L);
            byte[] bytes = new byte[count];
            Arrays.fill(bytes, value);
            channel.write(ByteBuffer.wrap(bytes), channel.size() / 2 - count / 2);
        }
    }

    private static String errorLine(Cli.Result result) {
        List<String> errors = result.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).as(result.err()).hasSize(1);
        assertThat(result.err()).doesNotContain("\tat ").doesNotContain("Exception");
        return errors.get(0);
    }

    @Test
    void aHealthyIndexPassesTheCheckWithOneLine() {
        Cli.Result check = Cli.run("index", "--check", index.toString());
        assertThat(check.code()).as(check.err()).isZero();
        assertThat(check.out().lines().toList()).singleElement().asString()
                .contains("index " + index + " is healthy").contains(PICTURES + " pictures").contains("checksum");
        assertThat(check.err()).isEmpty();
    }

    @Test
    void overwrittenVectorsAreReportedByTheCheckAndNoSearchServesThem() throws IOException {
        Path damaged = copyOfIndex("damaged-vectors");
        overwriteMiddle(lucene(damaged, "vec"), 400, (byte) 0xFF);

        Cli.Result check = Cli.run("index", "--check", damaged.toString());
        assertThat(check.code()).isEqualTo(1);
        assertThat(errorLine(check)).contains("index " + damaged + " is damaged").contains(".vec")
                .contains("delete the folder").contains("siamese index");
        assertThat(check.err()).contains("damaged: segment _").contains("stored embeddings").contains("checksum failed");

        Path query = photos.resolve("p7.png");
        for (String[] search : List.of(
                new String[] {"search", query.toString(), "-i", damaged.toString(), "--exact"},
                new String[] {"search", query.toString(), "-i", damaged.toString(), "-k", "20"},
                new String[] {"dedup", "-i", damaged.toString(), "--exact"},
                new String[] {"dedup", "-i", damaged.toString(), "--hnsw"})) {
            Cli.Result result = Cli.run(search);
            assertThat(result.code()).as(String.join(" ", search) + "\n" + result.err()).isEqualTo(1);
            assertThat(result.out()).as(String.join(" ", search)).doesNotContain(".png");
            assertThat(errorLine(result)).as(String.join(" ", search))
                    .contains("embedding index in " + damaged + " is damaged")
                    .contains("siamese index --check " + damaged);
        }
    }

    @Test
    void damageToAnotherFileIsNamedByTheCheck() throws IOException {
        Path damaged = copyOfIndex("damaged-paths");
        overwriteMiddle(lucene(damaged, "fdt"), 40, (byte) 0x20);
        Cli.Result check = Cli.run("index", "--check", damaged.toString());
        assertThat(check.code()).isEqualTo(1);
        assertThat(errorLine(check)).contains("is damaged").contains(".fdt");
        assertThat(check.err()).contains("stored paths");
        // an exact search reads every stored path and verifies the checksums first
        Cli.Result exact = Cli.run("search", photos.resolve("p1.png").toString(), "-i", damaged.toString(), "--exact");
        assertThat(exact.code()).isEqualTo(1);
        assertThat(errorLine(exact)).contains("is damaged").contains("checksum failed");
    }

    @Test
    void theCheckTakesOnlyAnIndexAndRefusesAFolderWithoutOne() {
        Cli.Result extra = Cli.run("index", photos.toString(), "--check", index.toString());
        assertThat(extra.code()).isEqualTo(1);
        assertThat(errorLine(extra)).contains("--check verifies an index and takes nothing else");
        Cli.Result none = Cli.run("index", "--check", photos.toString());
        assertThat(none.code()).isEqualTo(1);
        assertThat(errorLine(none)).contains("no embedding index in folder " + photos);
        Cli.Result noIndex = Cli.run("index", photos.toString());
        assertThat(noIndex.code()).isEqualTo(1);
        assertThat(errorLine(noIndex)).contains("-i INDEX");
    }

    @Test
    void searchesRunWhileAWriterHoldsTheIndexAndSeeItsLastCommit() throws IOException {
        Path busy = copyOfIndex("busy");
        try (EmbeddingIndex writer = EmbeddingIndex.open(busy, modelOf(busy), EmbeddingIndex.Options.defaults())) {
            // uncommitted: searches do not see it
            writer.put("/not/committed.png", new float[writer.dimension()], 0, 0, 0);
            Cli.Result hnsw = Cli.run("search", photos.resolve("p5.png").toString(), "-i", busy.toString(), "-k", "3");
            assertThat(hnsw.code()).as(hnsw.err()).isZero();
            assertThat(hnsw.out().lines().toList()).hasSize(3).first().asString().contains("p5.png");
            Cli.Result exact = Cli.run("search", photos.resolve("p5.png").toString(), "-i", busy.toString(), "-k",
                    String.valueOf(PICTURES + 1), "--exact");
            assertThat(exact.code()).as(exact.err()).isZero();
            assertThat(exact.out().lines().toList()).hasSize(PICTURES).noneMatch(l -> l.contains("committed.png"));
            Cli.Result dedup = Cli.run("dedup", "-i", busy.toString(), "--exact");
            assertThat(dedup.code()).as(dedup.err()).isZero();
            Cli.Result check = Cli.run("index", "--check", busy.toString());
            assertThat(check.code()).as(check.err()).isZero();
            // the writer is undisturbed, and a second writer is still refused
            writer.commit();
            Cli.Result second = Cli.run("index", photos.toString(), "-i", busy.toString());
            assertThat(second.code()).isEqualTo(1);
        }
    }

    @Test
    void searchingAnIndexWritesNothingToItsFolder() throws IOException {
        Path copy = copyOfIndex("untouched");
        Map<String, String> before = listing(copy);
        Cli.Result search = Cli.run("search", photos.resolve("p9.png").toString(), "-i", copy.toString(), "-k", "2");
        assertThat(search.code()).as(search.err()).isZero();
        Cli.Result exact = Cli.run("search", photos.resolve("p9.png").toString(), "-i", copy.toString(), "--exact");
        assertThat(exact.code()).as(exact.err()).isZero();
        Cli.Result dedup = Cli.run("dedup", "-i", copy.toString());
        assertThat(dedup.code()).as(dedup.err()).isZero();
        assertThat(listing(copy)).isEqualTo(before);
        Cli.Result check = Cli.run("index", "--check", copy.toString());
        assertThat(check.code()).as(check.err()).isZero();
        assertThat(listing(copy)).isEqualTo(before);
        assertThat(copy.resolve("lucene").resolve("write.lock")).doesNotExist();
    }

    /** Every file and folder under {@code root} with its size and modification time. */
    private static Map<String, String> listing(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path file : (Iterable<Path>) all::iterator) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                files.put(root.relativize(file).toString(), attributes.size() + " " + attributes.lastModifiedTime());
            }
        }
        return files;
    }
}
