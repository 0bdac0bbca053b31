package dev.siamese.data.pictures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.InMemoryDataset;
import dev.siamese.data.pictures.Preprocessing.Normalize;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class PreprocessingTest {
    private static final List<String> TWO = List.of("a", "b");

    @Test
    void otsuThresholdOfTwoSeparateModesLiesBetweenThem() {
        long[] histogram = new long[256];
        histogram[50] = 300;
        histogram[200] = 100;

        int threshold = Preprocessing.otsuThreshold(histogram);

        assertThat(threshold).isBetween(50, 199).isEqualTo(124);
    }

    @Test
    void otsuThresholdOfTwoNoisyModesSeparatesThem() {
        SplittableRandom random = new SplittableRandom(7);
        long[] histogram = new long[256];
        for (int i = 0; i < 5_000; i++) {
            histogram[clamp(40 + (int) Math.round(random.nextGaussian() * 8))]++;
            histogram[clamp(180 + (int) Math.round(random.nextGaussian() * 12))]++;
        }

        assertThat(Preprocessing.otsuThreshold(histogram)).isBetween(90, 130);
    }

    @Test
    void otsuBinarisesEachPictureAtItsOwnThreshold() {
        // picture 0: dark background 0.1 with a 0.5 square; picture 1: 0.5 background with a 0.9 square
        float[] pixels = new float[2 * 16];
        for (int p = 0; p < 16; p++) {
            boolean square = p == 5 || p == 6 || p == 9 || p == 10;
            pixels[p] = square ? 0.5f : 0.1f;
            pixels[16 + p] = square ? 0.9f : 0.5f;
        }
        InMemoryDataset data = new InMemoryDataset("squares", new ImageShape(4, 4, 1), pixels, new int[] {0, 1}, TWO);

        InMemoryDataset binary = new Preprocessing(false, Normalize.NONE, true).apply(data);

        float[] expected = new float[16];
        for (int p : new int[] {5, 6, 9, 10}) {
            expected[p] = 1f;
        }
        float[] first = new float[16];
        float[] second = new float[16];
        binary.copyPixels(0, first, 0);
        binary.copyPixels(1, second, 0);
        assertThat(first).containsExactly(expected);
        assertThat(second).containsExactly(expected);
    }

    @Test
    void otsuOnColourPicturesWorksOnTheirGreyAndGivesOneChannel() {
        InMemoryDataset colour = rgb(0.2f, 0.4f, 0.6f);

        InMemoryDataset binary = new Preprocessing(false, Normalize.NONE, true).apply(colour);

        assertThat(binary.shape()).isEqualTo(new ImageShape(2, 2, 1));
    }

    @Test
    void otsuOnAColourPictureMarksExactlyThePixelsOfTheBrighterColour() {
        // a yellow square (grey 0.886) on blue (grey 0.114), and a red pixel (0.299) that stays below the threshold
        float[] pixels = new float[4 * 4 * 3];
        for (int p = 0; p < 16; p++) {
            boolean square = p == 5 || p == 6 || p == 9 || p == 10;
            pixels[p * 3] = square || p == 0 ? 1f : 0f;
            pixels[p * 3 + 1] = square ? 1f : 0f;
            pixels[p * 3 + 2] = square || p == 0 ? 0f : 1f;
        }
        InMemoryDataset colour = new InMemoryDataset("square", new ImageShape(4, 4, 3), pixels, new int[] {0}, TWO);

        InMemoryDataset binary = new Preprocessing(false, Normalize.NONE, true).apply(colour);

        float[] expected = new float[16];
        for (int p : new int[] {5, 6, 9, 10}) {
            expected[p] = 1f;
        }
        assertThat(binary.shape()).isEqualTo(new ImageShape(4, 4, 1));
        assertThat(binary.image(0).pixels()).containsExactly(expected);
    }

    @Test
    void grayscaleUsesLuminance() {
        InMemoryDataset grey = new Preprocessing(true, Normalize.NONE, false).apply(rgb(1f, 0.5f, 0f));

        assertThat(grey.shape()).isEqualTo(new ImageShape(2, 2, 1));
        assertThat(grey.image(0).get(1, 1, 0)).isCloseTo(0.299f + 0.587f * 0.5f, within(1e-6f));
    }

    @Test
    void grayscaleGivesEachPixelItsOwnLuminance() {
        float[][] colours = {{1f, 0f, 0f}, {0f, 1f, 0f}, {0f, 0f, 1f}, {0.2f, 0.4f, 0.8f}};
        float[] pixels = new float[12];
        for (int p = 0; p < 4; p++) {
            System.arraycopy(colours[p], 0, pixels, p * 3, 3);
        }
        InMemoryDataset colour = new InMemoryDataset("four", new ImageShape(2, 2, 3), pixels, new int[] {0}, TWO);

        float[] grey = new Preprocessing(true, Normalize.NONE, false).apply(colour).image(0).pixels();

        assertThat(grey).hasSize(4);
        assertThat(grey[0]).isCloseTo(0.299f, within(1e-6f));
        assertThat(grey[1]).isCloseTo(0.587f, within(1e-6f));
        assertThat(grey[2]).isCloseTo(0.114f, within(1e-6f));
        assertThat(grey[3]).isCloseTo(0.299f * 0.2f + 0.587f * 0.4f + 0.114f * 0.8f, within(1e-6f));
    }

    @Test
    void minMaxStretchesTheTrainingRangeToTheUnitIntervalAndClampsTest() {
        InMemoryDataset train = grey(0.2f, 0.6f);
        InMemoryDataset test = grey(0.1f, 0.4f);
        DatasetSplits splits = new DatasetSplits("s", train, test);

        DatasetSplits stretched = new Preprocessing(false, Normalize.MIN_MAX, false).apply(splits);

        assertThat(stretched.train().image(0).get(0, 0, 0)).isEqualTo(0f);
        assertThat(stretched.train().image(1).get(0, 0, 0)).isEqualTo(1f);
        assertThat(stretched.test().image(0).get(0, 0, 0)).isEqualTo(0f);
        assertThat(stretched.test().image(1).get(0, 0, 0)).isCloseTo(0.5f, within(1e-6f));
        assertThat(stretched.name()).contains("min-max");
    }

    @Test
    void minMaxLeavesAConstantDataSetAlone() {
        InMemoryDataset constant = grey(0.3f, 0.3f);

        InMemoryDataset result = new Preprocessing(false, Normalize.MIN_MAX, false).apply(constant);

        assertThat(result.image(1)).isEqualTo(constant.image(1));
    }

    @Test
    void noPreprocessingReturnsTheSplitsThemselves() {
        DatasetSplits splits = new DatasetSplits("s", grey(0.2f, 0.6f), grey(0.1f, 0.4f));

        assertThat(Preprocessing.none().apply(splits)).isSameAs(splits);
        assertThat(Preprocessing.none().describe()).isEqualTo("none");
    }

    @Test
    void normalizeNamesAreTheConfigurationValues() {
        assertThat(Normalize.fromConfigName("min-max")).isEqualTo(Normalize.MIN_MAX);
        assertThat(Normalize.NONE.configName()).isEqualTo("none");
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** Two 2x2 grey pictures of constant values. */
    private static InMemoryDataset grey(float first, float second) {
        float[] pixels = {first, first, first, first, second, second, second, second};
        return new InMemoryDataset("grey", new ImageShape(2, 2, 1), pixels, new int[] {0, 1}, TWO);
    }

    /** One 2x2 picture of one colour. */
    private static InMemoryDataset rgb(float r, float g, float b) {
        float[] pixels = new float[12];
        for (int p = 0; p < 4; p++) {
            pixels[p * 3] = r;
            pixels[p * 3 + 1] = g;
            pixels[p * 3 + 2] = b;
        }
        return new InMemoryDataset("rgb", new ImageShape(2, 2, 3), pixels, new int[] {0}, TWO);
    }
}
