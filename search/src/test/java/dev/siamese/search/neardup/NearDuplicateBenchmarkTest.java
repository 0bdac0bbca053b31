package dev.siamese.search.neardup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.siamese.api.DatasetException;
import dev.siamese.search.hashes.PerceptualHash;

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
        PairScores.Score connected = scores.groupedAt(1.0, dev.siamese.search.dedup.DuplicateGroups.Grouping.CONNECTED);
        // one group of six: its 15 pairs hold the 6 true pairs and 9 false ones
        assertThat(connected.truePositives()).isEqualTo(6);
        assertThat(connected.falsePositives()).isEqualTo(9);
        assertThat(connected.falseNegatives()).isZero();
        PairScores.Score centred = scores.groupedAt(1.0, dev.siamese.search.dedup.DuplicateGroups.Grouping.CENTRED);
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
        // a model blind to the picture puts every pair at distance 0 and can only predict all pairs: its F1 is that of
        // the all-pairs guess, 2P / (P + pairs), worked out from the counts; the hash and a thumbnail model, which
        // see the picture, must beat it clearly
        List<NearDuplicateScorer.Result> blind = NearDuplicateScorer.score(set, Optional.of(new ConstantModel()),
                List.of(), line -> { });
        long pairs = (long) test.members().size() * (test.members().size() - 1) / 2;
        double allPairs = 2.0 * phash.testPositives() / (phash.testPositives() + pairs);
        assertThat(blind.get(0).test().f1()).isCloseTo(allPairs, within(1e-12));
        java.util.Map<String, java.util.List<Long>> decoding = new java.util.concurrent.ConcurrentHashMap<>();
        double thumbnailF1 = NearDuplicateScorer.score(set, List.of(new ThumbnailModel()), List.of(), line -> { },
                (step, done, total) -> decoding.computeIfAbsent(step + " of " + total,
                        k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(done)).get(0).test().f1();
        // one step per split, each told every picture once, ending at its total
        assertThat(decoding).hasSize(2).allSatisfy((step, counts) -> {
            long total = Long.parseLong(step.substring(step.lastIndexOf(' ') + 1));
            assertThat(step).startsWith("decoding ");
            assertThat(counts).hasSize((int) total).contains(total).allMatch(c -> c >= 1 && c <= total);
        });
        assertThat(decoding.keySet()).anyMatch(k -> k.startsWith("decoding test at "))
                .anyMatch(k -> k.startsWith("decoding calibration at "));
        // (measured on this set: phash 0.976, thumbnail 1.0, blind 0.258; a margin of 0.5 leaves room for edits the
        // methods miss but not for a method that guesses)
        assertThat(phash.test().f1()).isGreaterThan(allPairs + 0.5);
        assertThat(thumbnailF1).isGreaterThan(allPairs + 0.5);

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

    /**
     * A set made only of exact copies (each group holds byte copies of one picture) and clearly different distractors:
     * every true pair is at distance exactly 0 for any method that reads the picture, and the calibrated threshold is
     * at least 0, so recall is 1; a false pair is predicted only if two different pictures meet at a distance below
     * the threshold, which for the hash is 0 (Hamming thresholds are whole numbers) and for the thumbnail model half
     * the smallest false distance of the calibration half. So both must reach F1 = 1 exactly; the blind model only
     * the all-pairs F1.
     */
    @Test
    void exactCopiesAreAllFoundAndNothingElseWhileABlindModelScoresOnlyTheAllPairsGuess(@TempDir Path dir) throws Exception {
        Path set = dir.resolve("set");
        int seed = 0;
        for (String split : NearDuplicateSet.SPLITS) {
            for (int g = 0; g < 3; g++) {
                Path first = write(set.resolve(split + "/g" + g + "/a.png"), picture(seed++, 96, 72));
                for (String copy : new String[] {"b.png", "c.png", "d.png"}) {
                    Files.copy(first, first.resolveSibling(copy));
                }
            }
            for (int i = 0; i < 4; i++) {
                write(set.resolve(split + "/" + NearDuplicateSet.DISTRACTORS + "/x" + i + ".png"), picture(seed++, 96, 72));
            }
        }
        // per half: 3 groups of 4 copies (3 x 6 = 18 true pairs) and 4 distractors, 16 pictures, 120 pairs
        List<NearDuplicateScorer.Result> results = NearDuplicateScorer.score(set, Optional.of(new ThumbnailModel()),
                List.of(PerceptualHash.named("phash"), PerceptualHash.named("dhash")), line -> { });
        // the twin, phash, the twin with phash, dhash
        assertThat(results).hasSize(4);
        for (NearDuplicateScorer.Result r : results) {
            assertThat(r.testPositives()).as(r.method()).isEqualTo(18);
            assertThat(r.test().truePositives()).as(r.method()).isEqualTo(18);
            assertThat(r.test().falsePositives()).as(r.method()).isZero();
            assertThat(r.test().f1()).as(r.method()).isEqualTo(1.0);
            assertThat(r.groupedCentred().f1()).as(r.method()).isEqualTo(1.0);
        }
        NearDuplicateScorer.Result blind = NearDuplicateScorer.score(set, Optional.of(new ConstantModel()), List.of(),
                line -> { }).get(0);
        assertThat(blind.test().f1()).isCloseTo(2.0 * 18 / (18 + 120), within(1e-12));
    }

    /** A model that reads the picture: its embedding is the picture itself at 8 x 8 pixels. */
    private static final class ThumbnailModel implements dev.siamese.api.model.EmbeddingModel {
        private static final dev.siamese.api.image.ImageShape SHAPE = new dev.siamese.api.image.ImageShape(8, 8, 3);

        @Override
        public dev.siamese.api.model.ModelDescriptor descriptor() {
            return new dev.siamese.api.model.ModelDescriptor(dev.siamese.api.model.ModelDescriptor.FORMAT_VERSION, "test",
                    "0", dev.siamese.api.model.ModelSpec.paperMlp(1).withInput(SHAPE), 1.0, Map.of());
        }

        @Override
        public dev.siamese.api.image.ImageShape inputShape() {
            return SHAPE;
        }

        @Override
        public int embeddingDimension() {
            return SHAPE.length();
        }

        @Override
        public dev.siamese.api.model.Embeddings embed(float[] pixels, int count) {
            return new dev.siamese.api.model.Embeddings(count, SHAPE.length(), pixels.clone());
        }

        @Override
        public void close() {
        }
    }

    /** A broken model whose embedding ignores the picture. */
    private static final class ConstantModel implements dev.siamese.api.model.EmbeddingModel {
        private final ThumbnailModel shape = new ThumbnailModel();

        @Override
        public dev.siamese.api.model.ModelDescriptor descriptor() {
            return shape.descriptor();
        }

        @Override
        public dev.siamese.api.image.ImageShape inputShape() {
            return shape.inputShape();
        }

        @Override
        public int embeddingDimension() {
            return 4;
        }

        @Override
        public dev.siamese.api.model.Embeddings embed(float[] pixels, int count) {
            return new dev.siamese.api.model.Embeddings(count, 4, new float[count * 4]);
        }

        @Override
        public void close() {
        }
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
