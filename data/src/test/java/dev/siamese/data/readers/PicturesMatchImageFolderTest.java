package dev.siamese.data.readers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.LabeledDataset;
import dev.siamese.data.pictures.Pictures;
import dev.siamese.data.pictures.TestPictures;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Pictures#read(Path, ImageShape)} converts a file pixel for pixel as {@link ImageFolderReader} converts the
 * same file in a training folder: PNG and JPEG, grey and RGB files, read as grey and as RGB, shrunk and grown (and a
 * JPEG large enough for the 1/8-scale decoder). Also checks known pixel values against the documented conversion.
 */
class PicturesMatchImageFolderTest {

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        int[][] sizes = {{40, 30}, {5, 3}, {400, 300}, {16, 12}}; // shrink, grow, shrink a large JPEG, same size
        for (String format : List.of("png", "jpg")) {
            for (boolean greyFile : new boolean[] {true, false}) {
                for (int[] size : sizes) {
                    for (int channels : new int[] {1, 3}) {
                        cases.add(Arguments.of(format, greyFile, size[0], size[1], channels));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, grey file {1}, {2}x{3} to 16x12x{4}")
    @MethodSource("cases")
    void picturesReadEqualsTheImageFolderReaderPixelForPixel(String format, boolean greyFile, int width, int height,
                                                            int channels) throws Exception {
        ImageShape shape = new ImageShape(12, 16, channels);
        Path root = dir.resolve("folder");
        Path file = TestPictures.write(noisyPicture(width, height, greyFile, width * 31L + height),
                root.resolve("train/a/picture." + format));
        TestPictures.grey(root.resolve("train/b/other.png"), 4, 4, 9);
        TestPictures.grey(root.resolve("test/a/other.png"), 4, 4, 10);
        TestPictures.grey(root.resolve("test/b/other.png"), 4, 4, 11);

        LabeledDataset train = ImageFolderReader.read(root, ImageFolderReader.Options.of(shape)
                .withFailOnUnreadable(true)).splits().train();
        float[] fromFolder = new float[shape.length()];
        assertThat(train.label(0)).isZero();
        train.copyPixels(0, fromFolder, 0);

        Image read = Pictures.read(file, shape);
        assertThat(read.shape()).isEqualTo(shape);
        assertThat(read.pixels()).containsExactly(fromFolder);
        assertThat(Pictures.read(Files.readAllBytes(file), "picture", shape).pixels()).containsExactly(fromFolder);
        // not a trivial picture: many distinct 8-bit values survive the conversion
        assertThat(distinct(fromFolder)).isGreaterThan(20);
    }

    @Test
    void aGreyPngAtItsOwnSizeComesBackAsItsEightBitValuesOver255() {
        int[] values = new int[4 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 23; // 0 .. 253
        }
        Path file = TestPictures.grey(dir.resolve("grey.png"), 4, 3, values);

        float[] grey = Pictures.read(file, new ImageShape(3, 4, 1)).pixels();
        float[] rgb = Pictures.read(file, new ImageShape(3, 4, 3)).pixels();

        for (int i = 0; i < values.length; i++) {
            assertThat(grey[i]).as("grey pixel %d", i).isEqualTo(values[i] / 255f);
            for (int c = 0; c < 3; c++) {
                assertThat(rgb[i * 3 + c]).as("pixel %d replicated to channel %d", i, c).isEqualTo(values[i] / 255f);
            }
        }
    }

    @Test
    void anRgbPngAtItsOwnSizeComesBackAsItsValuesAndAsRoundedLuminance() {
        int[][] colours = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {10, 200, 77}, {255, 255, 255}, {0, 0, 0}};
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < colours.length; i++) {
            int[] c = colours[i];
            image.setRGB(i % 3, i / 3, (c[0] << 16) | (c[1] << 8) | c[2]);
        }
        Path file = TestPictures.write(image, dir.resolve("rgb.png"));

        float[] rgb = Pictures.read(file, new ImageShape(2, 3, 3)).pixels();
        float[] grey = Pictures.read(file, new ImageShape(2, 3, 1)).pixels();

        for (int i = 0; i < colours.length; i++) {
            int[] c = colours[i];
            for (int ch = 0; ch < 3; ch++) {
                assertThat(rgb[i * 3 + ch]).as("pixel %d channel %d", i, ch).isEqualTo(c[ch] / 255f);
            }
            int luminance = Math.round(0.299f * c[0] + 0.587f * c[1] + 0.114f * c[2]);
            assertThat(grey[i]).as("grey of pixel %d", i).isEqualTo(luminance / 255f);
        }
        assertThat(grey[0]).isEqualTo(76 / 255f); // 0.299 * 255 = 76.2
        assertThat(grey[1]).isEqualTo(150 / 255f); // 0.587 * 255 = 149.7
    }

    @Test
    void halvingAveragesEachTwoByTwoBlockAndDoublingInterpolatesBilinearly() {
        // 4x2 grey: blocks [0 40; 80 120] and [200 210; 220 250] average to 60 and 220
        Path file = TestPictures.grey(dir.resolve("blocks.png"), 4, 2, new int[] {0, 40, 200, 210, 80, 120, 220, 250});
        assertThat(Pictures.read(file, new ImageShape(1, 2, 1)).pixels()).containsExactly(60 / 255f, 220 / 255f);

        // 2x1 grey 0, 100 grown to 4x1: samples at x = -0.25, 0.25, 0.75, 1.25 clamp and interpolate to 0, 25, 75, 100
        Path line = TestPictures.grey(dir.resolve("line.png"), 2, 1, new int[] {0, 100});
        assertThat(Pictures.read(line, new ImageShape(1, 4, 1)).pixels())
                .containsExactly(0f, 25 / 255f, 75 / 255f, 100 / 255f);
    }

    /** A smooth gradient with noise, so resampling and rounding both matter. */
    private static BufferedImage noisyPicture(int width, int height, boolean grey, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(width, height, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int base = 255 * (x + y) / (width + height);
                if (grey) {
                    image.getRaster().setSample(x, y, 0, clamp(base + random.nextInt(-40, 41)));
                } else {
                    int r = clamp(base + random.nextInt(-40, 41));
                    int g = clamp(255 - base + random.nextInt(-40, 41));
                    int b = clamp(random.nextInt(256));
                    image.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
        }
        return image;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static long distinct(float[] values) {
        return java.util.stream.IntStream.range(0, values.length).mapToDouble(i -> values[i]).distinct().count();
    }
}
