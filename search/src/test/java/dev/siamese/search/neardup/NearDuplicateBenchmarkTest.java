package dev.siamese.search.neardup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.siamese.api.DatasetException;
import dev.siamese.search.PerceptualHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import javax.imageio.ImageIO;

class NearDuplicateBenchmarkTest {

    @Test
    void pairScoresCountByHandAndChooseTheBestThreshold() {
        // pictures 0,1,2 are one group, 3 and 4 unrelated; distance = |position difference|
        double[] position = {0, 1, 5, 2, 10};
        int[] groups = {0, 0, 0, -1, -2};
        PairScores scores = new PairScores(groups, (i, j) -> Math.abs(position[i] - position[j]));
        assertThat(scores.size()).isEqualTo(10);
        assertThat(scores.positives()).isEqualTo(3);
        // at 2: pairs (0,1)=1 tp, (0,3)=2 fp, (1,3)=1 fp -> tp 1, fp 2, fn 2
        PairScores.Score at2 = scores.at(2);
        assertThat(at2.truePositives()).isEqualTo(1);
        assertThat(at2.falsePositives()).isEqualTo(2);
        assertThat(at2.falseNegatives()).isEqualTo(2);
        assertThat(at2.f1()).isCloseTo(2 * (1 / 3.0) * (1 / 3.0) / (2 / 3.0), within(1e-12));
        PairScores.Score best = scores.best(false);
        // best F1: predict only (0,1) -> P 1/2 (ties with (1,3) at distance 1), R 1/3 -> F1 0.4; or up to 5 -> ...
        for (double t : new double[] {0.5, 1, 1.5, 2, 3, 4, 5, 6, 8, 9, 10}) {
            assertThat(best.f1()).isGreaterThanOrEqualTo(scores.at(t).f1());
        }
        assertThat(scores.at(best.threshold()).f1()).isEqualTo(best.f1());
        Map<String, Double> byKind = scores.recallByKind(List.of("original", "a", "b", "distractor", "distractor"),
                "original", 1.0);
        assertThat(byKind).containsEntry("a", 1.0).containsEntry("b", 0.0);
    }

    @Test
    void groupedScoresCountThePairsThatShareAGroupUnderEitherGrouping() {
        // two groups of three on a line, a at 0, 0.5, 1 and b at 1.75, 2.25, 2.75 (exact binary fractions); at threshold
        // 1 every pair inside a group is found, and the false pair (a2, b0) at 0.75 chains the groups into one component
        double[] position = {0, 0.5, 1, 1.75, 2.25, 2.75};
        int[] groups = {0, 0, 0, 1, 1, 1};
        PairScores scores = new PairScores(groups, (i, j) -> Math.abs(position[i] - position[j]));
        PairScores.Score pairs = scores.at(1.0);
        assertThat(pairs.truePositives()).isEqualTo(6);
        assertThat(pairs.falsePositives()).isEqualTo(1);
        PairScores.Score connected = scores.groupedAt(1.0, dev.siamese.search.DuplicateGroups.Grouping.CONNECTED);
        // one group of six: its 15 pairs hold the 6 true pairs and 9 false ones
        assertThat(connected.truePositives()).isEqualTo(6);
        assertThat(connected.falsePositives()).isEqualTo(9);
        assertThat(connected.falseNegatives()).isZero();
        PairScores.Score centred = scores.groupedAt(1.0, dev.siamese.search.DuplicateGroups.Grouping.CENTRED);
        // centres a2 (three duplicates, covers a0, a1, b0) and b1; b0 joins b1, its nearer centre (0.5 against 0.75)
        assertThat(centred.truePositives()).isEqualTo(6);
        assertThat(centred.falsePositives()).isZero();
        assertThat(centred.f1()).isEqualTo(1.0);
    }

    @Test
    void theSetHoldsGroupsOfEditedCopiesAndDistractorsAndHashesFindTheEasyEdits(@TempDir Path dir) throws Exception {
        List<Path> originals = new ArrayList<>();
        List<Path> distractors = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            originals.add(write(dir.resolve("in/o" + i + ".png"), picture(i, 160, 120)));
        }
        for (int i = 0; i < 10; i++) {
            distractors.add(write(dir.resolve("in/d" + i + ".png"), picture(100 + i, 48, 40)));
        }
        Files.writeString(dir.resolve("in/broken.png"), "not a picture");
        originals.add(dir.resolve("in/broken.png"));
        Path set = dir.resolve("set");
        NearDuplicateSet.Summary summary = NearDuplicateSet.build(originals, distractors, set, 128, 5, done -> { });
        assertThat(summary.skipped()).singleElement().asString().contains("broken.png");
        assertThat(summary.groups()[0] + summary.groups()[1]).isEqualTo(8);
        assertThat(summary.distractors()).containsExactly(5, 5);
        NearDuplicateSet.Split test = NearDuplicateSet.read(set.resolve("test"));
        assertThat(test.members()).hasSize(test.groups() * 6 + 5);
        Path someGroup = test.members().stream().filter(m -> m.kind().equals("original")).findFirst().orElseThrow()
                .file().getParent();
        BufferedImage original = ImageIO.read(someGroup.resolve("original.jpg").toFile());
        assertThat(Math.max(original.getWidth(), original.getHeight())).isEqualTo(128);
        assertThat(ImageIO.read(someGroup.resolve("resize50.jpg").toFile()).getWidth()).isEqualTo(64);
        assertThat(ImageIO.read(someGroup.resolve("crop85.jpg").toFile()).getWidth()).isEqualTo(109);

        List<NearDuplicateScorer.Result> results = NearDuplicateScorer.score(set, Optional.empty(),
                List.of(PerceptualHash.named("phash")), line -> { });
        NearDuplicateScorer.Result phash = results.get(0);
        assertThat(phash.method()).isEqualTo("phash");
        assertThat(phash.testPositives()).isEqualTo(test.groups() * 15L);
        assertThat(phash.recallByEdit()).containsKeys("resize50", "jpeg25", "crop85", "rotate5", "brightness");
        assertThat(phash.recallByEdit().get("resize50")).isEqualTo(1.0);
        assertThat(phash.test().f1()).isBetween(0.0, 1.0);

        assertThatThrownBy(() -> NearDuplicateSet.build(originals, distractors, set, 128, 5, done -> { }))
                .isInstanceOf(DatasetException.class).hasMessageContaining("not empty");
        assertThatThrownBy(() -> NearDuplicateSet.read(dir.resolve("nothing")))
                .isInstanceOf(DatasetException.class).hasMessageContaining("make-set");
    }

    @Test
    void thePicturesOfTheSetAreDistinctSoTheSamePictureUnderTwoNamesIsKeptOnce(@TempDir Path dir) throws Exception {
        List<Path> originals = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            originals.add(write(dir.resolve("in/o" + i + ".png"), picture(i, 160, 120)));
        }
        // the same picture twice more: a byte copy under another name, and a re-encoded JPEG at half the size
        Files.copy(originals.get(2), dir.resolve("in/copy-of-o2.png"));
        originals.add(dir.resolve("in/copy-of-o2.png"));
        BufferedImage o4 = ImageIO.read(originals.get(4).toFile());
        Path smaller = dir.resolve("in/o4-small.jpg");
        PictureTransforms.writeJpeg(PictureTransforms.scale(o4, 0.5), 80, smaller);
        originals.add(smaller);
        // and a distractor that is one of the originals
        List<Path> distractors = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            distractors.add(write(dir.resolve("in/d" + i + ".png"), picture(100 + i, 48, 40)));
        }
        distractors.add(originals.get(0));

        Path set = dir.resolve("set");
        NearDuplicateSet.Summary summary = NearDuplicateSet.build(originals, distractors, set, 128, 5, done -> { });

        assertThat(summary.skipped()).hasSize(3).allSatisfy(s -> assertThat(s).contains("the same picture as"));
        assertThat(String.join("\n", summary.skipped())).contains("o2.png").contains("o4").contains("o0.png");
        assertThat(summary.groups()[0] + summary.groups()[1]).isEqualTo(6);
        assertThat(summary.distractors()[0] + summary.distractors()[1]).isEqualTo(4);
        // no two groups and no distractor hold the same picture
        List<float[]> thumbnails = new ArrayList<>();
        for (String split : NearDuplicateSet.SPLITS) {
            for (NearDuplicateSet.Member m : NearDuplicateSet.read(set.resolve(split)).members()) {
                if (!m.kind().equals("original") && !m.kind().equals("distractor")) {
                    continue;
                }
                float[] t = SamePictureFilter.thumbnail(ImageIO.read(m.file().toFile()));
                for (float[] other : thumbnails) {
                    assertThat(SamePictureFilter.difference(t, other)).as(m.file().toString())
                            .isGreaterThan(SamePictureFilter.SAME_PICTURE_LEVELS);
                }
                thumbnails.add(t);
            }
        }
        assertThat(thumbnails).hasSize(10);
    }

    private static BufferedImage picture(int seed, int w, int h) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 6; i++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillOval(random.nextInt(w), random.nextInt(h), w / 3 + random.nextInt(w / 2), h / 3 + random.nextInt(h / 2));
        }
        g.dispose();
        return image;
    }

    private static Path write(Path file, BufferedImage image) throws Exception {
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
