package dev.siamese.data.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.InMemoryDataset;
import dev.siamese.api.image.LabeledDataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SyntheticDigitsTest {
    private static final int PIXELS = 28 * 28;

    @Test
    void sameSeedGivesIdenticalPicturesAndLabels() {
        LabeledDataset first = SyntheticDigits.generate(300, 42L, "a");
        LabeledDataset second = SyntheticDigits.generate(300, 42L, "b");

        assertThat(pixels(second)).isEqualTo(pixels(first));
        assertThat(second.labels()).isEqualTo(first.labels());
    }

    @Test
    void differentSeedsGiveDifferentPictures() {
        float[] first = pixels(SyntheticDigits.generate(100, 1L, "a"));
        float[] second = pixels(SyntheticDigits.generate(100, 2L, "b"));

        assertThat(Arrays.equals(first, second)).isFalse();
    }

    @Test
    void picturesAreDigitShapedWithValuesInUnitRange() {
        LabeledDataset digits = SyntheticDigits.generate(500, 7L, "digits");

        assertThat(digits.shape()).isEqualTo(new ImageShape(28, 28, 1));
        assertThat(digits.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        float[] all = pixels(digits);
        for (float v : all) {
            assertThat(v).isBetween(0f, 1f);
        }
        for (int i = 0; i < digits.size(); i++) {
            float[] picture = Arrays.copyOfRange(all, i * PIXELS, (i + 1) * PIXELS);
            int bright = 0;
            for (float v : picture) {
                bright += v > 0.5f ? 1 : 0;
            }
            assertThat(bright).as("bright pixels of picture %d (label %d)", i, digits.label(i))
                    .isBetween(15, PIXELS / 2);
        }
    }

    @Test
    void labelsAreBalanced() {
        int[] counts = new int[10];
        for (int label : SyntheticDigits.generate(1_003, 3L, "digits").labels()) {
            counts[label]++;
        }
        assertThat(counts).containsOnly(100, 101);
        assertThat(Arrays.stream(counts).sum()).isEqualTo(1_003);
    }

    @Test
    void picturesOfTheSameClassDiffer() {
        LabeledDataset digits = SyntheticDigits.generate(200, 5L, "digits");
        int[] labels = digits.labels();
        for (int digit = 0; digit < 10; digit++) {
            int first = -1;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] != digit) {
                    continue;
                }
                if (first < 0) {
                    first = i;
                } else {
                    assertThat(digits.image(i).pixels()).isNotEqualTo(digits.image(first).pixels());
                }
            }
        }
    }

    @Test
    void nearestClassMeanOnRawPixelsBeatsChanceByFar() {
        LabeledDataset train = SyntheticDigits.generate(2_000, 11L, "train");
        LabeledDataset test = SyntheticDigits.generate(1_000, 12L, "test");

        double[][] means = new double[10][PIXELS];
        int[] counts = new int[10];
        float[] picture = new float[PIXELS];
        for (int i = 0; i < train.size(); i++) {
            train.copyPixels(i, picture, 0);
            int label = train.label(i);
            counts[label]++;
            for (int p = 0; p < PIXELS; p++) {
                means[label][p] += picture[p];
            }
        }
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            test.copyPixels(i, picture, 0);
            int best = -1;
            double bestDistance = Double.MAX_VALUE;
            for (int c = 0; c < 10; c++) {
                double distance = 0;
                for (int p = 0; p < PIXELS; p++) {
                    double d = picture[p] - means[c][p] / counts[c];
                    distance += d * d;
                }
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = c;
                }
            }
            correct += best == test.label(i) ? 1 : 0;
        }
        double accuracy = correct / (double) test.size();
        System.out.printf("synthetic digits: nearest-class-mean accuracy %.3f (chance 0.100)%n", accuracy);
        assertThat(accuracy).isGreaterThan(0.5);
    }

    @Test
    void splitsComeFromDifferentStreamsAndHaveTheRequestedSizes() {
        DatasetSplits splits = SyntheticDigits.splits(50, 30, 9L);

        assertThat(splits.train().size()).isEqualTo(50);
        assertThat(splits.test().size()).isEqualTo(30);
        float[] trainHead = Arrays.copyOf(pixels(splits.train()), 30 * PIXELS);
        assertThat(Arrays.equals(trainHead, pixels(splits.test()))).isFalse();
        assertThat(pixels(SyntheticDigits.splits(50, 30, 9L).test())).isEqualTo(pixels(splits.test()));
    }

    @Test
    void defaultSplitsAreFiveThousandEach() {
        DatasetSplits splits = SyntheticDigits.splits(1L);

        assertThat(splits.train().size()).isEqualTo(5_000);
        assertThat(splits.test().size()).isEqualTo(5_000);
        assertThat(splits.shape()).isEqualTo(ImageShape.digits());
    }

    @Test
    void rejectsANonPositiveCount() {
        assertThatThrownBy(() -> SyntheticDigits.generate(0, 1L, "none"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count must be between 1 and");
    }

    @Test
    void writesAContactSheetOfTenPicturesPerDigit() throws IOException {
        LabeledDataset digits = SyntheticDigits.generate(400, 2024L, "contact sheet");
        int zoom = 3;
        int cell = 28 * zoom + 2;
        int side = 10 * cell;
        float[] sheet = new float[side * side];
        Arrays.fill(sheet, 0.35f);
        int[] placed = new int[10];
        float[] picture = new float[PIXELS];
        for (int i = 0; i < digits.size(); i++) {
            int digit = digits.label(i);
            if (placed[digit] == 10) {
                continue;
            }
            digits.copyPixels(i, picture, 0);
            int top = digit * cell + 1;
            int left = placed[digit]++ * cell + 1;
            for (int y = 0; y < 28 * zoom; y++) {
                for (int x = 0; x < 28 * zoom; x++) {
                    sheet[(top + y) * side + left + x] = picture[(y / zoom) * 28 + x / zoom];
                }
            }
        }
        Path file = Path.of("target", "synthetic-digits-contact-sheet.png");
        GreyPng.write(file, sheet, side, side);
        System.out.println("synthetic digits: contact sheet (one row per digit 0-9) at " + file.toAbsolutePath());

        assertThat(placed).containsOnly(10);
        assertThat(file).isNotEmptyFile();
    }

    private static float[] pixels(LabeledDataset dataset) {
        float[] all = new float[dataset.size() * PIXELS];
        for (int i = 0; i < dataset.size(); i++) {
            dataset.copyPixels(i, all, i * PIXELS);
        }
        return all;
    }
}
