package dev.siamese.data.augmentation;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.InMemoryDataset;
import dev.siamese.api.pairs.PairBatch;
import dev.siamese.api.pairs.PairSampler;
import dev.siamese.config.SettingsException;
import dev.siamese.config.SettingsLoader;
import dev.siamese.data.DataSettings;
import dev.siamese.data.pairs.AugmentingPairSampler;
import dev.siamese.data.pairs.BalancedPairSampler;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingAugmentationTest {

    private static final ImageShape RGB = new ImageShape(6, 5, 3);

    private static float[] pictures(ImageShape shape, int count, long seed) {
        float[] p = new float[count * shape.length()];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) random.nextDouble(0.05, 0.95);
        }
        return p;
    }

    private static float[] picture(float[] pictures, int index, ImageShape shape) {
        return Arrays.copyOfRange(pictures, index * shape.length(), (index + 1) * shape.length());
    }

    @Test
    void theChangeOfAPictureDependsOnlyOnTheSeedTheBatchAndItsIndex() {
        TrainingAugmentation a = new TrainingAugmentation(2, 0.5, 0.2, 0.2, 0.2);
        float[] batch = pictures(RGB, 8, 1);
        float[] whole = batch.clone();
        a.apply(whole, 8, RGB, 42, 7);

        // picture 5 alone, as index 5 of batch 7: the same result, whatever the other pictures are
        float[] alone = picture(batch, 5, RGB);
        a.apply(alone, 0, 1, RGB, 42, 7, 5);
        assertThat(alone).containsExactly(picture(whole, 5, RGB));

        float[] again = batch.clone();
        a.apply(again, 8, RGB, 42, 7);
        assertThat(again).containsExactly(whole);

        float[] otherBatch = batch.clone();
        a.apply(otherBatch, 8, RGB, 42, 8);
        float[] otherSeed = batch.clone();
        a.apply(otherSeed, 8, RGB, 43, 7);
        assertThat(otherBatch).isNotEqualTo(whole);
        assertThat(otherSeed).isNotEqualTo(whole);
        assertThat(picture(whole, 0, RGB)).isNotEqualTo(picture(whole, 1, RGB));
    }

    @Test
    void aCertainFlipIsAnExactMirrorImage() {
        float[] p = pictures(RGB, 3, 2);
        float[] flipped = p.clone();
        new TrainingAugmentation(0, 1, 0, 0, 0).apply(flipped, 3, RGB, 1, 0);
        int w = RGB.width();
        int c = RGB.channels();
        for (int k = 0; k < 3; k++) {
            for (int y = 0; y < RGB.height(); y++) {
                for (int x = 0; x < w; x++) {
                    for (int ch = 0; ch < c; ch++) {
                        int base = k * RGB.length();
                        assertThat(flipped[base + (y * w + x) * c + ch]).isEqualTo(p[base + (y * w + (w - 1 - x)) * c + ch]);
                    }
                }
            }
        }
    }

    @Test
    void aPaddedCropShiftsThePictureAndFillsWithZeros() {
        ImageShape grey = new ImageShape(8, 8, 1);
        int count = 200;
        float[] ones = new float[count * grey.length()];
        Arrays.fill(ones, 1f);
        new TrainingAugmentation(2, 0, 0, 0, 0).apply(ones, count, grey, 3, 0);
        assertThat(ones).hasSize(count * grey.length());
        boolean anyShifted = false;
        for (int k = 0; k < count; k++) {
            float[] p = picture(ones, k, grey);
            int rows = 0;
            int cols = 0;
            for (int y = 0; y < 8; y++) {
                rows += p[y * 8 + 3] == 1f ? 1 : 0;
            }
            for (int x = 0; x < 8; x++) {
                cols += p[3 * 8 + x] == 1f ? 1 : 0;
            }
            // a shift by dy, dx of at most 2 keeps an (8 - |dy|) x (8 - |dx|) block of ones, the rest zero
            assertThat(rows).isBetween(6, 8);
            assertThat(cols).isBetween(6, 8);
            float sum = 0;
            for (float v : p) {
                assertThat(v).isIn(0f, 1f);
                sum += v;
            }
            assertThat(sum).isEqualTo(rows * cols);
            anyShifted |= rows < 8 || cols < 8;
        }
        assertThat(anyShifted).isTrue();
    }

    @Test
    void jitterStaysWithinItsBoundsAndTheUnitRange() {
        float[] p = pictures(RGB, 50, 4);
        float[] bright = p.clone();
        new TrainingAugmentation(0, 0, 0.2, 0, 0).apply(bright, 50, RGB, 5, 1);
        for (int k = 0; k < 50; k++) {
            float[] before = picture(p, k, RGB);
            float[] after = picture(bright, k, RGB);
            // one factor per picture, within [0.8, 1.2]; read where no clamping to 1 can have happened
            int darkest = 0;
            for (int i = 1; i < before.length; i++) {
                darkest = before[i] < before[darkest] ? i : darkest;
            }
            double factor = after[darkest] / before[darkest];
            assertThat(factor).isBetween(0.8 - 1e-6, 1.2 + 1e-6);
            for (int i = 0; i < before.length; i++) {
                assertThat((double) after[i]).isCloseTo(Math.min(1, before[i] * factor), org.assertj.core.api.Assertions.within(1e-5));
            }
        }
        float[] all = p.clone();
        new TrainingAugmentation(0, 0, 0.9, 0.9, 0.9).apply(all, 50, RGB, 5, 1);
        for (float v : all) {
            assertThat(v).isBetween(0f, 1f);
        }
        float[] grey = pictures(RGB, 1, 9);
        for (int i = 0; i < grey.length; i += 3) {
            grey[i + 1] = grey[i];
            grey[i + 2] = grey[i];
        }
        float[] saturated = grey.clone();
        new TrainingAugmentation(0, 0, 0, 0, 0.5).apply(saturated, 1, RGB, 5, 1);
        // a grey picture has no colour to saturate (up to the rounding of its luma)
        for (int i = 0; i < grey.length; i++) {
            assertThat(saturated[i]).isCloseTo(grey[i], org.assertj.core.api.Assertions.within(1e-6f));
        }
    }

    @Test
    void noneLeavesPicturesAlone() {
        float[] p = pictures(RGB, 4, 6);
        float[] copy = p.clone();
        TrainingAugmentation.none().apply(copy, 4, RGB, 1, 1);
        assertThat(copy).containsExactly(p);
        assertThat(TrainingAugmentation.none().enabled()).isFalse();
    }

    @Test
    void anAugmentingSamplerKeepsThePairsAndLabelsAndResumesWithTheSamePictures() {
        ImageShape shape = new ImageShape(4, 4, 3);
        int n = 40;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
        }
        InMemoryDataset data = new InMemoryDataset("d", shape, pictures(shape, n, 8), labels, List.of("a", "b", "c", "d"));
        TrainingAugmentation augmentation = new TrainingAugmentation(1, 0.5, 0.1, 0.1, 0.1);
        PairSampler plain = new BalancedPairSampler(data, 6, 0.5, 11);
        PairSampler straight = new AugmentingPairSampler(new BalancedPairSampler(data, 6, 0.5, 11), augmentation, 5);
        PairBatch[] batches = new PairBatch[4];
        for (int b = 0; b < 4; b++) {
            PairBatch p = plain.next();
            batches[b] = straight.next();
            assertThat(batches[b].similar()).isEqualTo(p.similar());
            assertThat(batches[b].left()).isNotEqualTo(p.left());
        }
        assertThat(straight.batchesDrawn()).isEqualTo(4);

        PairSampler resumed = new AugmentingPairSampler(new BalancedPairSampler(data, 6, 0.5, 11), augmentation, 5);
        resumed.skip(2);
        for (int b = 2; b < 4; b++) {
            PairBatch again = resumed.next();
            assertThat(again.left()).isEqualTo(batches[b].left());
            assertThat(again.right()).isEqualTo(batches[b].right());
        }
    }

    @Test
    void settingsAreOffByDefaultAndABadValueNamesItsKey() {
        assertThat(DataSettings.from(SettingsLoader.load(null, List.of())).pairs().trainingAugmentation().enabled()).isFalse();
        DataSettings on = DataSettings.from(SettingsLoader.load(null, List.of("data.training-augmentation.enabled=true",
                "data.training-augmentation.flip=0.25")));
        assertThat(on.pairs().trainingAugmentation()).isEqualTo(new TrainingAugmentation(4, 0.25, 0.2, 0.2, 0.2));
        assertThatThrownBy(() -> DataSettings.from(SettingsLoader.load(null, List.of(
                "data.training-augmentation.enabled=true", "data.training-augmentation.flip=2"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.data.training-augmentation.flip");
        assertThatThrownBy(() -> DataSettings.from(SettingsLoader.load(null, List.of(
                "data.training-augmentation.enabled=true", "data.pairs=augmented"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("siamese.data.training-augmentation.enabled");
    }
}
