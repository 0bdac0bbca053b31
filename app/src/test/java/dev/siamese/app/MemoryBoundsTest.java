package dev.siamese.app;

import dev.siamese.api.model.Models;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile-input cases about memory: a run that would need more memory than it may use stops with one {@code error:}
 * line that says why and what to do, exit code 1, and writes nothing half-done.
 */
class MemoryBoundsTest {

    private static final int PICTURES = 12;

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

    /** Twelve different pictures: 66 pairs, every one of them under a threshold of 64 bits or distance 1000. */
    private static Path pictures(Path dir) throws IOException {
        Path photos = dir.resolve("photos");
        for (int i = 0; i < PICTURES; i++) {
            Cli.write(photos.resolve("p" + i + ".png"), Cli.picture(300 + i, 64, 48));
        }
        return photos;
    }

    private static void assertOneErrorLine(Cli.Result result) {
        assertThat(result.code()).as(result.out() + result.err()).isEqualTo(1);
        assertThat(result.err().strip()).startsWith("error: ").doesNotContain("\n").doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void hashDedupWhereEveryPairMatchesStopsAtTheCapAndWritesNoReport(@TempDir Path dir) throws IOException {
        Path photos = pictures(dir);
        Path csv = dir.resolve("groups.csv");
        Cli.Result result = Cli.run("dedup", photos.toString(), "--hash-bits", "64", "--max-pairs", "50",
                "--csv", csv.toString(), "-q");
        assertOneErrorLine(result);
        assertThat(result.err()).contains("more than 50 pairs").contains("threshold (64 bits)")
                .containsPattern("(5[1-9]|6[0-6]) found so far").contains("--max-pairs").contains("Lower the threshold");
        assertThat(csv).doesNotExist();
    }

    @Test
    void underTheCapHashDedupIsUnchanged(@TempDir Path dir) throws IOException {
        Path photos = pictures(dir);
        Path capped = dir.resolve("capped.csv");
        Path free = dir.resolve("free.csv");
        Cli.Result atCap = Cli.run("dedup", photos.toString(), "--hash-bits", "64", "--max-pairs", "66",
                "--grouping", "connected", "--csv", capped.toString(), "-q");
        assertThat(atCap.code()).as(atCap.err()).isZero();
        Cli.Result byDefault = Cli.run("dedup", photos.toString(), "--hash-bits", "64", "--grouping", "connected",
                "--csv", free.toString(), "-q");
        assertThat(byDefault.code()).as(byDefault.err()).isZero();
        assertThat(Files.readAllLines(capped)).hasSize(PICTURES + 1).isEqualTo(Files.readAllLines(free));
    }

    @Test
    void theCapIsASettingToo(@TempDir Path dir) throws IOException {
        Path photos = pictures(dir);
        Cli.Result result = Cli.run("dedup", photos.toString(), "--hash-bits", "64", "--set", "search.dedup.max-pairs=50");
        assertOneErrorLine(result);
        assertThat(result.err()).contains("more than 50 pairs");
        Cli.Result zero = Cli.run("dedup", photos.toString(), "--hash-bits", "64", "--max-pairs", "0");
        assertOneErrorLine(zero);
        assertThat(zero.err()).contains("--max-pairs must be at least 1");
        Cli.Result badSetting = Cli.run("dedup", photos.toString(), "--hash-bits", "64", "--set", "search.dedup.max-pairs=0");
        assertOneErrorLine(badSetting);
        assertThat(badSetting.err()).contains("siamese.search.dedup.max-pairs");
    }

    @Test
    void embeddingDedupWithALooseThresholdStopsAtTheCapAndWritesNoReport(@TempDir Path dir) throws IOException {
        Path photos = pictures(dir);
        Path json = dir.resolve("groups.json");
        Cli.Result result = Cli.run("dedup", photos.toString(), "-t", "1000", "--max-pairs", "50",
                "--json", json.toString(), "-q");
        assertOneErrorLine(result);
        assertThat(result.err()).contains("more than 50 pairs").contains("threshold (distance 1000.0000)")
                .contains("found so far");
        assertThat(json).doesNotExist();
    }

    @Test
    void aSmallGzipIdxFileThatInflatesBeyondTheHeapIsOneErrorLineNamingIt(@TempDir Path dir) throws IOException {
        Path mnist = Files.createDirectories(dir.resolve("mnist"));
        // 4096 x 4096 pictures, enough that their bytes and floats need more than the whole heap
        int count = (int) (Runtime.getRuntime().maxMemory() / 5 / (4096L * 4096) + 2);
        Path images = mnist.resolve("train-images-idx3-ubyte");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(images), 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            out.write(ByteBuffer.allocate(16).putInt(0x803).putInt(count).putInt(4096).putInt(4096).array());
            byte[] zeros = new byte[4096 * 4096];
            for (int i = 0; i < count; i++) {
                out.write(zeros);
            }
        }
        ByteBuffer labels = ByteBuffer.allocate(8 + count).putInt(0x801).putInt(count);
        Files.write(mnist.resolve("train-labels-idx1-ubyte"), labels.array());
        Files.copy(images, mnist.resolve("t10k-images-idx3-ubyte"));
        Files.copy(mnist.resolve("train-labels-idx1-ubyte"), mnist.resolve("t10k-labels-idx1-ubyte"));
        Cli.Result result = Cli.run("train", "--set", "data.source=mnist", "--set", "data.mnist.dir=" + mnist,
                "--set", "training.iterations=1");
        assertOneErrorLine(result);
        assertThat(result.err()).contains(images.toString()).contains("this Java may use at most").contains("-Xmx");
    }

    @Test
    void aCapBeyondTheHeapIsHeldToWhatTheHeapHoldsAndSmallRunsAreUnaffected(@TempDir Path dir) throws IOException {
        Path photos = pictures(dir);
        Cli.Result huge = Cli.run("dedup", photos.toString(), "--hash-bits", "64", "--max-pairs", String.valueOf(1L << 40),
                "-q");
        assertThat(huge.code()).as(huge.err()).isZero();
        assertThat(huge.out()).contains("1 groups of near-duplicates");
    }

    @Test
    void anMlpTooWideToExistIsRefusedBeforeAnyGraphIsBuilt(@TempDir Path dir) {
        Cli.Result result = Cli.run("train", "--set", "model.architecture=mlp", "--set", "model.mlp.hidden=[1048576,1048576]",
                "--set", "training.iterations=1", "-o", dir.toString());
        assertOneErrorLine(result);
        assertThat(result.err()).contains("model.mlp.hidden = [1048576, 1048576]").contains("use narrower layers");
    }
}
