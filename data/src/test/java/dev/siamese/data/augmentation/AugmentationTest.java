package dev.siamese.data.augmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.InMemoryDataset;
import dev.siamese.api.pairs.PairBatch;
import dev.siamese.config.SettingsException;
import dev.siamese.config.SettingsLoader;
import dev.siamese.data.DataSettings;
import dev.siamese.data.pairs.AugmentedPairSampler;
import dev.siamese.data.pairs.TrainingPairs;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

class AugmentationTest {
    private static final ImageShape RGB = new ImageShape(24, 20, 3);

    @Test
    void noAugmentationReturnsThePictureUnchanged() {
        Image picture = noise(RGB, 1);
        Image copy = new Augmenter(Augmentation.none()).copy(picture, new SplittableRandom(3));
        assertThat(copy.pixels()).containsExactly(picture.pixels());
    }

    @Test
    void copiesStayInRangeDifferFromThePictureAndRepeatForTheSameGenerator() {
        Image picture = noise(RGB, 2);
        Augmenter augmenter = new Augmenter(Augmentation.defaults());
        for (int seed = 0; seed < 20; seed++) {
            Image copy = augmenter.copy(picture, new SplittableRandom(seed));
            assertThat(copy.shape()).isEqualTo(RGB);
            for (float v : copy.pixels()) {
                assertThat(v).isBetween(0f, 1f);
            }
            assertThat(copy.pixels()).isNotEqualTo(picture.pixels());
            assertThat(augmenter.copy(picture, new SplittableRandom(seed)).pixels()).containsExactly(copy.pixels());
        }
    }

    @Test
    void aCopyResemblesItsPictureMoreThanAnotherPicture() {
        // smooth pictures (as photographs are), so a crop or turn keeps most of the content
        Image a = smooth(RGB, 5);
        Image b = smooth(RGB, 6);
        Augmenter augmenter = new Augmenter(Augmentation.defaults());
        int closer = 0;
        for (int seed = 0; seed < 40; seed++) {
            float[] copy = augmenter.copy(a, new SplittableRandom(seed)).pixels();
            if (distance(copy, a.pixels()) < distance(copy, b.pixels())) {
                closer++;
            }
        }
        assertThat(closer).isGreaterThanOrEqualTo(36);
    }

    @Test
    void rotationOnlyTurnsAroundTheCentreWithBlackCorners() {
        ImageShape grey = new ImageShape(33, 33, 1);
        float[] white = new float[grey.length()];
        Arrays.fill(white, 1f);
        Augmentation turnOnly = new Augmentation(1, 30, 1, 1, 0, 0, 0, 0, 0, 100, 100);
        Image turned = new Augmenter(turnOnly).copy(new Image(grey, white), new SplittableRandom(11));
        assertThat(turned.get(16, 16, 0)).isEqualTo(1f);
        float corners = turned.get(0, 0, 0) + turned.get(0, 32, 0) + turned.get(32, 0, 0) + turned.get(32, 32, 0);
        assertThat(corners).isLessThan(4f);
    }

    @Test
    void samplerPairsCopiesOfOnePictureOrOfTwoAndIsReproducible() {
        InMemoryDataset pictures = dataset(12, new ImageShape(8, 8, 1));
        AugmentedPairSampler plain = new AugmentedPairSampler(pictures, new Augmenter(Augmentation.none()), 64, 0.5, 9);
        PairBatch batch = plain.next();
        int similar = 0;
        int length = pictures.shape().length();
        for (int i = 0; i < batch.size(); i++) {
            float[] left = Arrays.copyOfRange(array(batch.left()), i * length, (i + 1) * length);
            float[] right = Arrays.copyOfRange(array(batch.right()), i * length, (i + 1) * length);
            boolean same = batch.isSimilar(i);
            assertThat(Arrays.equals(left, right)).as("pair %d", i).isEqualTo(same);
            similar += same ? 1 : 0;
        }
        assertThat(similar).isBetween(16, 48);

        Augmenter augmenter = new Augmenter(Augmentation.defaults());
        AugmentedPairSampler first = new AugmentedPairSampler(pictures, augmenter, 16, 0.5, 4);
        first.next();
        PairBatch second = first.next();
        AugmentedPairSampler resumed = new AugmentedPairSampler(pictures, augmenter, 16, 0.5, 4);
        resumed.skip(1);
        PairBatch again = resumed.next();
        assertThat(array(again.left())).containsExactly(array(second.left()));
        assertThat(array(again.right())).containsExactly(array(second.right()));
        assertThat(array(again.similar())).containsExactly(array(second.similar()));
        assertThat(resumed.batchesDrawn()).isEqualTo(2);
    }

    @Test
    void hardNegativesPairEachPictureWithTheMostAlikeOfTheCandidates() {
        ImageShape shape = new ImageShape(8, 8, 3);
        int n = 6;
        float[] pixels = new float[n * shape.length()];
        // pictures 0 and 1 are two shades of one colour, the others far apart
        float[][] colours = {{0.5f, 0.5f, 0.9f}, {0.52f, 0.5f, 0.88f}, {1, 0, 0}, {0, 1, 0}, {0, 0, 0}, {1, 1, 1}};
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < 64; i++) {
                System.arraycopy(colours[p], 0, pixels, p * shape.length() + i * 3, 3);
            }
        }
        InMemoryDataset pictures = new InMemoryDataset("colours", shape, pixels, new int[n], List.of("all"));
        AugmentedPairSampler hard = new AugmentedPairSampler(pictures, new Augmenter(Augmentation.none()), 200, 0, 3, 40);
        PairBatch batch = hard.next();
        float[] left = array(batch.left());
        float[] right = array(batch.right());
        int checked = 0;
        for (int i = 0; i < batch.size(); i++) {
            float l = left[i * shape.length() + 2];
            float r = right[i * shape.length() + 2];
            if (l == 0.9f) {
                assertThat(r).as("partner of picture 0").isEqualTo(0.88f);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void samplerNeedsTwoPictures() {
        assertThatThrownBy(() -> new AugmentedPairSampler(dataset(1, RGB), new Augmenter(Augmentation.none()), 4, 0.5, 1))
                .hasMessageContaining("at least 2 pictures");
    }

    @Test
    void evaluationSplitsAreClassesOfCopiesWithDisjointLabels() {
        InMemoryDataset train = dataset(30, new ImageShape(8, 8, 1));
        InMemoryDataset test = dataset(7, new ImageShape(8, 8, 1));
        TrainingPairs pairs = TrainingPairs.augmented(Augmentation.defaults(), 10, 3);
        DatasetSplits scored = pairs.forEvaluation(new DatasetSplits("d", train, test), 5);
        assertThat(scored.train().size()).isEqualTo(30);
        assertThat(scored.test().size()).isEqualTo(21);
        assertThat(scored.train().labels()).containsOnly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(Arrays.stream(scored.test().labels()).distinct().sorted().toArray())
                .containsExactly(10, 11, 12, 13, 14, 15, 16);
        // the first picture of each class is the unaltered picture
        float[] first = new float[64];
        scored.test().copyPixels(3, first, 0);
        float[] source = new float[64];
        test.copyPixels(1, source, 0);
        assertThat(first).containsExactly(source);
        assertThat(TrainingPairs.labels().forEvaluation(new DatasetSplits("d", train, test), 5).train()).isSameAs(train);
    }

    @Test
    void settingsChooseAugmentedPairsAndNameABadBound() {
        DataSettings settings = DataSettings.from(SettingsLoader.load(null,
                List.of("data.pairs = augmented", "data.augmentation.crop-min = 0.8", "data.augmented-evaluation.copies = 5")));
        assertThat(settings.pairs().augmented()).isTrue();
        assertThat(settings.pairs().augmenter().augmentation().cropMin()).isEqualTo(0.8);
        assertThat(settings.pairs().evaluationCopies()).isEqualTo(5);
        assertThat(DataSettings.from(SettingsLoader.load(null, List.of())).pairs().augmented()).isFalse();
        assertThatThrownBy(() -> DataSettings.from(SettingsLoader.load(null, List.of("data.augmentation.crop-min = 0"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.data.augmentation.crop-min");
        assertThatThrownBy(() -> DataSettings.from(SettingsLoader.load(null,
                List.of("data.augmentation.jpeg-quality-min = 50", "data.augmentation.jpeg-quality-max = 40"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.data.augmentation.jpeg-quality-max");
        assertThatThrownBy(() -> DataSettings.from(SettingsLoader.load(null, List.of("data.pairs = copies"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.data.pairs");
    }

    private static float[] array(java.nio.FloatBuffer buffer) {
        float[] values = new float[buffer.remaining()];
        buffer.duplicate().get(values);
        return values;
    }

    private static InMemoryDataset dataset(int count, ImageShape shape) {
        Random random = new Random(count);
        float[] pixels = new float[count * shape.length()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        return new InMemoryDataset("noise", shape, pixels, new int[count], List.of("all"));
    }

    private static Image noise(ImageShape shape, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[shape.length()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        return new Image(shape, pixels);
    }

    private static Image smooth(ImageShape shape, long seed) {
        Random random = new Random(seed);
        double fx = 0.1 + random.nextDouble() * 0.3;
        double fy = 0.1 + random.nextDouble() * 0.3;
        double phase = random.nextDouble() * 6;
        float[] pixels = new float[shape.length()];
        for (int y = 0; y < shape.height(); y++) {
            for (int x = 0; x < shape.width(); x++) {
                for (int c = 0; c < shape.channels(); c++) {
                    pixels[(y * shape.width() + x) * shape.channels() + c] =
                            (float) (0.5 + 0.4 * Math.sin(fx * x + fy * y + phase + c));
                }
            }
        }
        return new Image(shape, pixels);
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return sum;
    }
}
