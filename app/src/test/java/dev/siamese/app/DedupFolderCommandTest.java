package dev.siamese.app;

import dev.siamese.api.model.Models;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One command, no model, no index: {@code dedup FOLDER} and {@code search PICTURE FOLDER} with the shipped
 * near-duplicate twin, an index kept in the cache and updated incrementally, a keep list, and the hash alone.
 */
class DedupFolderCommandTest {

    private static final int PAIRS = 6;
    private static final int SINGLES = 4;

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


    /** Six pictures each with a copy at twice the size (the larger one is the one to keep), and four loners. */
    private static Path plantedFolder(Path dir) throws IOException {
        Path photos = dir.resolve("photos");
        for (int i = 0; i < PAIRS; i++) {
            BufferedImage original = Cli.picture(100 + i, 120, 90);
            Cli.write(photos.resolve("p" + i + ".png"), original);
            Cli.write(photos.resolve("copies/p" + i + "-large.png"), scaled(original, 240, 180));
        }
        for (int i = 0; i < SINGLES; i++) {
            Cli.write(photos.resolve("single" + i + ".png"), Cli.picture(700 + i, 120, 90));
        }
        return photos;
    }

    @Test
    void dedupOfAFolderFindsThePlantedCopiesWithTheShippedTwinAndReRunsIncrementally(@TempDir Path dir) throws IOException {
        Path photos = plantedFolder(dir);
        Path keep = dir.resolve("keep.csv");
        Path csv = dir.resolve("groups.csv");
        Cli.Result first = Cli.run("dedup", photos.toString(), "--keep-list", keep.toString(), "--csv", csv.toString());
        assertThat(first.code()).as(first.err()).isZero();
        // grouped by the shipped decision: embedding distance plus the hash term, centred groups
        assertThat(first.out()).contains((PAIRS * 2 + SINGLES) + " embedded")
                .contains(PAIRS + " groups of near-duplicates (euclidean+hash").contains("centred");
        // every planted pair is one group, and nothing else is grouped
        Map<String, List<String>> groups = new HashMap<>();
        for (String row : Files.readAllLines(csv).subList(1, PAIRS * 2 + 1)) {
            String[] f = row.split(",");
            groups.computeIfAbsent(f[0], g -> new ArrayList<>()).add(Path.of(f[2]).getFileName().toString());
        }
        assertThat(Files.readAllLines(csv)).hasSize(PAIRS * 2 + 1);
        for (List<String> members : groups.values()) {
            assertThat(members).hasSize(2);
            String base = members.get(0).replace("-large", "").replace(".png", "");
            assertThat(members).containsExactlyInAnyOrder(base + ".png", base + "-large.png");
        }
        // the keep list keeps the larger copy of each pair and lists the other for removal
        List<String> decisions = Files.readAllLines(keep);
        assertThat(decisions.get(0)).startsWith("# keep policy: largest");
        assertThat(decisions.get(1)).isEqualTo("group,action,path,pixels,bytes,modified");
        assertThat(decisions.subList(2, decisions.size())).hasSize(PAIRS * 2).allSatisfy(row -> {
            boolean large = row.contains("-large.png");
            assertThat(row.split(",")[1]).as(row).isEqualTo(large ? "keep" : "remove");
            assertThat(row.split(",")[3]).as(row).isEqualTo(large ? "43200" : "10800");
        });
        // the index is in the cache: a re-run embeds nothing, a new picture alone is embedded
        try (var indexes = Files.list(cache.resolve("indexes"))) {
            assertThat(indexes.count()).isEqualTo(1);
        }
        Cli.Result again = Cli.run("dedup", photos.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains((PAIRS * 2 + SINGLES) + " unchanged, 0 embedded").contains(PAIRS + " groups");
        Cli.write(photos.resolve("late.png"), Cli.picture(999, 120, 90));
        Cli.Result added = Cli.run("dedup", photos.toString(), "--keep", "oldest", "--keep-list", keep.toString());
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(added.out()).contains("1 embedded");
        assertThat(Files.readAllLines(keep).get(0)).startsWith("# keep policy: oldest");

        // search PICTURE FOLDER: the picture itself, then its copy, marked as a near-duplicate
        Cli.Result search = Cli.run("search", photos.resolve("p2.png").toString(), photos.toString(), "-k", "3", "--exact");
        assertThat(search.code()).as(search.err()).isZero();
        List<String> hits = search.out().lines().toList();
        assertThat(hits).hasSize(3);
        assertThat(hits.get(0)).contains("p2.png").contains("(near-duplicate)");
        assertThat(hits.get(1)).contains("p2-large.png").contains("(near-duplicate)");
        assertThat(hits.get(2)).doesNotContain("(near-duplicate)");

        // compare without -m: the shipped decision, hash term included
        Cli.Result same = Cli.run("compare", photos.resolve("p1.png").toString(), photos.resolve("copies/p1-large.png").toString());
        assertThat(same.code()).as(same.err()).isZero();
        assertThat(same.out()).containsPattern("hash bits = [0-9.]+, threshold [0-9.]+: similar");
        Cli.Result other = Cli.run("compare", photos.resolve("p1.png").toString(), photos.resolve("single0.png").toString());
        assertThat(other.code()).as("the exit code of 'not similar': " + other.err()).isEqualTo(3);
        assertThat(other.out()).contains("not similar");
    }

    @Test
    void theHashAloneNeedsNoModelAndBadRequestsSayWhatIsWrong(@TempDir Path dir) throws IOException {
        Path photos = plantedFolder(dir);
        Cli.Result hashes = Cli.run("dedup", photos.toString(), "--hash-bits", "2", "-q");
        assertThat(hashes.code()).as(hashes.err()).isZero();
        assertThat(hashes.out()).contains(PAIRS + " groups of near-duplicates (hamming, threshold 2 bits");
        Cli.Result loud = Cli.run("dedup", photos.toString(), "--hash-bits", "2");
        assertThat(loud.out()).contains((PAIRS * 2 + SINGLES) + " pictures found, " + (PAIRS * 2 + SINGLES) + " hashed, 0 unreadable");
        assertThat(cache.resolve("models")).doesNotExist(); // no model was unpacked, nothing cached

        Cli.Result nothing = Cli.run("dedup");
        assertThat(nothing.code()).isEqualTo(1);
        assertThat(nothing.err()).contains("give a FOLDER of pictures to de-duplicate");
        Cli.Result absent = Cli.run("dedup", dir.resolve("absent").toString());
        assertThat(absent.code()).isEqualTo(1);
        assertThat(absent.err()).contains("absent does not exist or is not a folder");
        Cli.Result policy = Cli.run("dedup", photos.toString(), "--keep", "biggest", "--keep-list", dir.resolve("k.csv").toString());
        assertThat(policy.code()).isEqualTo(1);
        assertThat(policy.err()).contains("--keep: unknown keep policy 'biggest'; use largest, oldest or newest");
        assertThat(dir.resolve("k.csv")).doesNotExist();
    }


    private static BufferedImage scaled(BufferedImage image, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

}
