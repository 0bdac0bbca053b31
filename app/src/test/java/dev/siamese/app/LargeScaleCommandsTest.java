package dev.siamese.app;

import com.google.inject.AbstractModule;
import com.typesafe.config.ConfigFactory;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.image.Image;
import dev.siamese.data.readers.SyntheticDigits;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** index, search and dedup through the CLI on a folder of pictures, with a model trained here. */
class LargeScaleCommandsTest {

    @TempDir
    static Path dir;
    static Path model;
    static Path otherModel;
    static Path pictures;

    @BeforeAll
    static void trainAndWritePictures() throws IOException {
        DatasetSplits digits = SyntheticDigits.splits(1000, 200, 5);
        RunOutcome run = Experiments.run(ConfigFactory.parseString("""
                siamese.experiment.output-dir = "%s"
                siamese.model.mlp.hidden = [64]
                siamese.training.iterations = 50
                siamese.evaluation { calibration-pairs = 200, test-pairs = 200 }
                """.formatted(dir.resolve("runs").toString())), new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(DatasetSplits.class).toInstance(digits);
                    }
                });
        model = run.runDirectory();
        otherModel = Experiments.run(ConfigFactory.parseString("""
                siamese.experiment.output-dir = "%s"
                siamese.experiment.seed = 7
                siamese.model.mlp.hidden = [64]
                siamese.training.iterations = 10
                siamese.training.validation.every = 0
                siamese.evaluation { calibration-pairs = 200, test-pairs = 200 }
                """.formatted(dir.resolve("other-runs").toString())), new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(DatasetSplits.class).toInstance(digits);
                    }
                }).runDirectory();
        pictures = Files.createDirectories(dir.resolve("pictures").resolve("nested"));
        for (int i = 0; i < 12; i++) {
            ImageIO.write(png(digits.test().image(i)), "png", pictures.resolve("digit-" + i + ".png").toFile());
        }
        Files.copy(pictures.resolve("digit-3.png"), pictures.resolve("copy-of-3.png"));
        Files.write(pictures.resolve("broken.png"), new byte[] {1, 2, 3});
    }

    @Test
    void indexesSearchesAndFindsTheDuplicate() throws IOException {
        Path index = dir.resolve("index");
        Cli.Result first = Cli.run("index", dir.resolve("pictures").toString(), "--model", model.toString(), "--index", index.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("holds 13 pictures");
        assertThat(first.err()).contains("warning: skipped 1 unreadable picture(s)").contains("broken.png");
        Cli.Result quiet = Cli.run("index", dir.resolve("pictures").toString(), "--model", model.toString(), "--index",
                dir.resolve("index-quiet").toString(), "-q");
        assertThat(quiet.out()).isEmpty();
        assertThat(quiet.err()).contains("broken.png");

        Cli.Result again = Cli.run("index", dir.resolve("pictures").toString(), "--model", model.toString(), "--index", index.toString());
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("holds 13 pictures");

        Cli.Result search = Cli.run("search", pictures.resolve("digit-3.png").toString(), "--model", model.toString(), "--index",
                index.toString(), "-k", "2", "--exact");
        assertThat(search.code()).as(search.err()).isZero();
        List<String> lines = search.out().lines().toList();
        assertThat(lines).hasSize(2);
        // batch size changes the last bits of an embedding, so "identical" is within 1e-3 here
        assertThat(lines).allMatch(l -> Double.parseDouble(l.substring(0, l.indexOf(' '))) < 1e-3
                && (l.contains("digit-3.png") || l.contains("copy-of-3.png")));

        Cli.Result approximate = Cli.run("search", pictures.resolve("digit-3.png").toString(), "--model", model.toString(), "--index",
                index.toString(), "-k", "3");
        assertThat(approximate.code()).isZero();
        assertThat(approximate.out().lines().limit(2).toList()).allMatch(l -> l.contains("3.png"));

        Path csv = dir.resolve("dupes.csv");
        Cli.Result dedup = Cli.run("dedup", "--model", model.toString(), "--index", index.toString(), "--exact", "--threshold", "0.001",
                "--csv", csv.toString(), "--json", dir.resolve("dupes.json").toString());
        assertThat(dedup.code()).as(dedup.err()).isZero();
        assertThat(dedup.out()).contains("1 groups").contains("copy-of-3.png").contains("digit-3.png");
        assertThat(Files.readString(csv)).contains("copy-of-3.png");

        // without --exact: pairing inside k-means cells (the index is one cell here: exact), or the HNSW neighbours
        Cli.Result inCells = Cli.run("dedup", "--model", model.toString(), "--index", index.toString(), "--threshold", "0.001");
        assertThat(inCells.code()).as(inCells.err()).isZero();
        assertThat(inCells.out()).contains("1 groups").contains("exact").contains("copy-of-3.png").contains("digit-3.png");
        Cli.Result neighbours = Cli.run("dedup", "--model", model.toString(), "--index", index.toString(), "--hnsw",
                "--threshold", "0.001");
        assertThat(neighbours.code()).as(neighbours.err()).isZero();
        assertThat(neighbours.out()).contains("1 groups").contains("approximate").contains("copy-of-3.png");

        Cli.Result hashes = Cli.run("dedup", "--model", model.toString(), "--index", index.toString(), "--hash-bits", "0");
        assertThat(hashes.code()).isZero();
        assertThat(hashes.out()).contains("copy-of-3.png");

        Path json = dir.resolve("centred.json");
        Cli.Result centred = Cli.run("dedup", "--model", model.toString(), "--index", index.toString(), "--exact", "--threshold",
                "0.001", "--grouping", "centred", "--json", json.toString());
        assertThat(centred.code()).as(centred.err()).isZero();
        assertThat(centred.out()).contains("1 groups").contains("exact, centred").contains("copy-of-3.png");
        assertThat(Files.readString(json)).contains("\"grouping\": \"centred\"");
        Cli.Result modelKey = Cli.run("dedup", "--model", model.toString(), "--index", index.toString(),
                "--set", "model.view-crops=[1.0, 0.8]");
        assertThat(modelKey.code()).isEqualTo(1);
        assertThat(modelKey.err()).contains("model.view-crops").contains("only siamese.search.* settings apply");
        Cli.Result sideways = Cli.run("dedup", "--model", model.toString(), "--index", index.toString(), "--grouping", "sideways");
        assertThat(sideways.code()).isEqualTo(1);
        assertThat(sideways.err()).contains("--grouping").contains("sideways").contains("connected or centred");
    }

    @Test
    void severalModelsWorkAsOneEnsembleWhoseDistanceIsTheNormOfTheirs() {
        String a = pictures.resolve("digit-3.png").toString();
        String b = pictures.resolve("digit-5.png").toString();
        double one = compareDistance(Cli.run("compare", a, b, "-m", model.toString()));
        double other = compareDistance(Cli.run("compare", a, b, "-m", otherModel.toString()));
        double both = compareDistance(Cli.run("compare", a, b, "-m", model.toString(), "-m", otherModel.toString()));
        assertThat(one).isPositive();
        assertThat(other).isPositive();
        assertThat(both).isCloseTo(Math.hypot(one, other), org.assertj.core.data.Offset.offset(2e-5));

        Path index = dir.resolve("ensemble-index");
        Cli.Result built = Cli.run("index", dir.resolve("pictures").toString(), "-m", model.toString(), "-m", otherModel.toString(),
                "--index", index.toString());
        assertThat(built.code()).as(built.err()).isZero();
        assertThat(built.out()).contains("holds 13 pictures");
        Cli.Result search = Cli.run("search", a, "-m", model.toString(), "-m", otherModel.toString(), "--index", index.toString(),
                "-k", "3");
        assertThat(search.code()).as(search.err()).isZero();
        assertThat(search.out().lines().limit(2).toList()).allMatch(l -> l.contains("3.png")
                && Double.parseDouble(l.substring(0, l.indexOf(' '))) < 1e-3);
        Cli.Result dedup = Cli.run("dedup", "-m", model.toString(), "-m", otherModel.toString(), "--index", index.toString(),
                "--threshold", "0.001");
        assertThat(dedup.code()).as(dedup.err()).isZero();
        assertThat(dedup.out()).contains("1 groups").contains("copy-of-3.png");

        // the index belongs to the ensemble, in that order: one of its models, or the two swapped, are refused
        Cli.Result alone = Cli.run("search", a, "-m", model.toString(), "--index", index.toString());
        assertThat(alone.code()).isNotZero();
        assertThat(alone.err()).contains("was built by model");
        Cli.Result swapped = Cli.run("search", a, "-m", otherModel.toString(), "-m", model.toString(), "--index", index.toString());
        assertThat(swapped.code()).isNotZero();
        assertThat(swapped.err()).contains("was built by model");
    }

    private static double compareDistance(Cli.Result compare) {
        assertThat(compare.code()).as("0 similar, 3 different: " + compare.err()).isIn(0, 3);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("distance ([0-9.]+)").matcher(compare.out());
        assertThat(m.find()).as(compare.out()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aReRunRemovesTheEntriesOfDeletedPicturesUnderItsFolderOnly() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("prune/mine"));
        Path other = Files.createDirectories(dir.resolve("prune/other"));
        for (int i = 0; i < 4; i++) {
            Files.copy(pictures.resolve("digit-" + i + ".png"), mine.resolve("p" + i + ".png"));
        }
        Files.copy(pictures.resolve("digit-5.png"), other.resolve("o.png"));
        Path index = dir.resolve("prune-index");
        assertThat(Cli.run("index", other.toString(), "--model", model.toString(), "--index", index.toString(), "-q").code()).isZero();
        assertThat(Cli.run("index", mine.toString(), "--model", model.toString(), "--index", index.toString()).out())
                .contains("holds 5 pictures");

        Files.delete(mine.resolve("p1.png"));
        Files.delete(other.resolve("o.png"));
        Cli.Result kept = Cli.run("index", mine.toString(), "--model", model.toString(), "--index", index.toString(), "--keep-missing");
        assertThat(kept.code()).as(kept.err()).isZero();
        assertThat(kept.out()).contains("holds 5 pictures").doesNotContain("removed");

        Cli.Result pruned = Cli.run("index", mine.toString(), "--model", model.toString(), "--index", index.toString());
        assertThat(pruned.code()).as(pruned.err()).isZero();
        // p1 is gone; o.png is gone too, but it belongs to another folder, which this run did not scan
        assertThat(pruned.out()).contains("removed 1 picture(s) whose files are gone").contains("holds 4 pictures");
        Cli.Result search = Cli.run("search", mine.resolve("p0.png").toString(), "--model", model.toString(), "--index",
                index.toString(), "-k", "10", "--exact");
        assertThat(search.out()).doesNotContain("p1.png").contains("p0.png").contains("o.png");

        // --threshold decides which hits are marked: the query itself (distance ~0) only, with a tiny threshold
        Cli.Result strict = Cli.run("search", mine.resolve("p0.png").toString(), "--model", model.toString(), "--index",
                index.toString(), "-k", "4", "--threshold", "1e-3");
        assertThat(strict.code()).as(strict.err()).isZero();
        assertThat(strict.out().lines().filter(l -> l.endsWith("(similar)")).toList()).singleElement().asString()
                .contains("p0.png");
        assertThat(strict.out()).doesNotContain("(same kind)");
        Cli.Result bad = Cli.run("search", mine.resolve("p0.png").toString(), "--model", model.toString(), "--index",
                index.toString(), "--threshold", "-1");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("--threshold must be a positive distance");
    }

    @Test
    void aQuantizedIndexIsBuiltSearchedAndDeduplicatedAndKeepsItsQuantization() throws IOException {
        Path index = dir.resolve("index-int7");
        String int7 = "siamese.search.index.quantization=int7";
        Cli.Result built = Cli.run("index", pictures.toString(), "--model", model.toString(), "--index", index.toString(),
                "--set", int7);
        assertThat(built.code()).as(built.err()).isZero();
        assertThat(built.out()).contains("holds 13 pictures");
        assertThat(Files.readString(index.resolve("siamese-index.properties"))).contains("quantization=int7");

        // approximate search: the twins first, at their exact (float) distance, not a quantized one
        Cli.Result search = Cli.run("search", pictures.resolve("digit-3.png").toString(), "--model", model.toString(),
                "--index", index.toString(), "-k", "3");
        assertThat(search.code()).as(search.err()).isZero();
        List<String> lines = search.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.subList(0, 2)).allMatch(l -> l.contains("3.png")
                && Double.parseDouble(l.substring(0, l.indexOf(' '))) < 1e-3);
        Cli.Result dedup = Cli.run("dedup", "--model", model.toString(), "--index", index.toString(), "--hnsw",
                "--threshold", "0.001");
        assertThat(dedup.code()).as(dedup.err()).isZero();
        assertThat(dedup.out()).contains("1 groups").contains("copy-of-3.png");

        // updating it takes the same setting; another one stops with one error line naming both
        Cli.Result again = Cli.run("index", pictures.toString(), "--model", model.toString(), "--index", index.toString(),
                "--set", int7, "-q");
        assertThat(again.code()).as(again.err()).isZero();
        Cli.Result other = Cli.run("index", pictures.toString(), "--model", model.toString(), "--index", index.toString());
        assertThat(other.code()).isEqualTo(1);
        assertThat(other.err()).contains("error: ").contains("siamese.search.index.quantization = int7, not none")
                .doesNotContain("\tat ");
    }

    @Test
    void missingIndexAndForeignModelFailClearly() {
        Cli.Result missing = Cli.run("search", pictures.resolve("digit-1.png").toString(), "--model", model.toString(), "--index",
                dir.resolve("no-index").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no-index");

        Cli.Result notAModel = Cli.run("index", pictures.toString(), "--model", dir.toString(), "--index", dir.resolve("i2").toString());
        assertThat(notAModel.code()).isEqualTo(1);
        assertThat(notAModel.err()).contains("not a saved Siamese model");
    }

    @Test
    void emptyFoldersForeignIndexesBadQueriesAndUnknownKeysFailClearly() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty/nested"));
        Files.writeString(empty.resolve("notes.txt"), "no pictures here");
        Cli.Result nothing = Cli.run("index", dir.resolve("empty").toString(), "--model", model.toString(), "--index",
                dir.resolve("i-empty").toString());
        assertThat(nothing.code()).isEqualTo(1);
        assertThat(nothing.err()).contains("error: no picture files").contains("empty");

        Path index = dir.resolve("i-foreign");
        assertThat(Cli.run("index", pictures.toString(), "--model", model.toString(), "--index", index.toString(), "-q").code())
                .isZero();
        Cli.Result foreign = Cli.run("search", pictures.resolve("digit-1.png").toString(), "--model", otherModel.toString(),
                "--index", index.toString());
        assertThat(foreign.code()).isEqualTo(1);
        assertThat(foreign.err()).contains("error:").contains("was built by model").contains(index.toString());
        Cli.Result foreignDedup = Cli.run("dedup", "--model", otherModel.toString(), "--index", index.toString());
        assertThat(foreignDedup.code()).isEqualTo(1);
        assertThat(foreignDedup.err()).contains("was built by model");

        Path emptyIndex = dir.resolve("i-empty-index");
        assertThat(Cli.run("index", dir.resolve("empty").toString(), "--model", model.toString(), "--index",
                emptyIndex.toString()).code()).isEqualTo(1);
        Cli.Result searchEmpty = Cli.run("search", pictures.resolve("digit-1.png").toString(), "--model", model.toString(),
                "--index", emptyIndex.toString(), "--exact");
        assertThat(searchEmpty.code()).isEqualTo(1);
        assertThat(searchEmpty.err()).contains("holds no pictures");
        Cli.Result bits = Cli.run("dedup", "--model", model.toString(), "--index", index.toString(), "--hash-bits", "65");
        assertThat(bits.code()).isEqualTo(1);
        assertThat(bits.err()).contains("--hash-bits must be 0 to 64");

        Cli.Result notAPicture = Cli.run("search", pictures.resolve("broken.png").toString(), "--model", model.toString(),
                "--index", index.toString());
        assertThat(notAPicture.code()).isEqualTo(1);
        assertThat(notAPicture.err()).contains("error:").contains("broken.png");

        Cli.Result unknownKey = Cli.run("dedup", "--model", model.toString(), "--index", index.toString(),
                "--set", "search.dedup.neighbors=5");
        assertThat(unknownKey.code()).isEqualTo(1);
        assertThat(unknownKey.err()).contains("siamese.search.dedup.neighbors").contains("siamese.search.dedup.neighbours");
        Cli.Result badValue = Cli.run("search", pictures.resolve("digit-1.png").toString(), "--model", model.toString(),
                "--index", index.toString(), "--set", "search.index.candidates=0");
        assertThat(badValue.code()).isEqualTo(1);
        assertThat(badValue.err()).contains("siamese.search.index.candidates");
    }

    private static BufferedImage png(Image image) {
        BufferedImage png = new BufferedImage(image.shape().width(), image.shape().height(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < image.shape().height(); y++) {
            for (int x = 0; x < image.shape().width(); x++) {
                png.getRaster().setSample(x, y, 0, Math.round(image.get(y, x, 0) * 255));
            }
        }
        return png;
    }
}
