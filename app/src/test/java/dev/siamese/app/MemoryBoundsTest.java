package dev.siamese.app;

import dev.siamese.api.model.Models;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
