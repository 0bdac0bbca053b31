package dev.siamese.data.pictures.internal;

import dev.siamese.api.image.ImageShape;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PictureDecoder#fit} gives the same bytes, bit for bit, as before the resampling moved to one home
 * ({@link PictureFitReference}): on pictures of every kind the decoder meets (RGB, BGR, ARGB, indexed, 8- and 16-bit
 * grey), shrunk, enlarged, kept and stretched by whole and non-whole ratios, to grey and to RGB.
 */
class PictureFitSameAsBeforeTest {

    private static final int[] TYPES = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_3BYTE_BGR,
            BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_BYTE_INDEXED, BufferedImage.TYPE_BYTE_GRAY,
            BufferedImage.TYPE_USHORT_GRAY};
    private static final int[][] SOURCES = {{1, 1}, {7, 5}, {32, 32}, {64, 48}, {100, 37}, {333, 211}};
    private static final int[][] TARGETS = {{1, 1}, {8, 8}, {28, 28}, {32, 32}, {50, 13}, {64, 64}, {120, 90}};

    @Test
    void fitGivesTheSameBytesAsBeforeOnEveryKindOfPictureAndRatio() {
        SplittableRandom random = new SplittableRandom(17);
        int compared = 0;
        for (int type : TYPES) {
            for (int[] source : SOURCES) {
                BufferedImage picture = picture(type, source[0], source[1], random);
                for (int[] target : TARGETS) {
                    for (int channels : new int[] {1, 3}) {
                        ImageShape shape = new ImageShape(target[1], target[0], channels);
                        byte[] before = new byte[shape.length() + 3];
                        byte[] now = new byte[shape.length() + 3];
                        PictureFitReference.fit(picture, shape, before, 3);
                        PictureDecoder.fit(picture, shape, now, 3);
                        assertThat(now).as("type %d, %dx%d to %s", type, source[0], source[1], shape)
                                .isEqualTo(before);
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(TYPES.length * SOURCES.length * TARGETS.length * 2);
    }

    @Test
    void theLuminanceWeightsAreTheSameAsBefore() {
        assertThat(PictureDecoder.luminance(12.5f, 200f, 3f)).isEqualTo(PictureFitReference.luminance(12.5f, 200f, 3f));
    }

    /** Smooth gradients with noise, so that every weight of the resampling shows in the result. */
    private static BufferedImage picture(int type, int width, int height, SplittableRandom random) {
        BufferedImage image = new BufferedImage(width, height, type);
        if (type == BufferedImage.TYPE_USHORT_GRAY) {
            WritableRaster raster = image.getRaster();
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    raster.setSample(x, y, 0, (x * 997 + y * 131 + random.nextInt(4096)) & 0xffff);
                }
            }
            return image;
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (x * 255 / Math.max(1, width - 1) + random.nextInt(40)) & 0xff;
                int g = (y * 255 / Math.max(1, height - 1) + random.nextInt(40)) & 0xff;
                int b = random.nextInt(256);
                image.setRGB(x, y, 0xff000000 | r << 16 | g << 8 | b);
            }
        }
        return image;
    }
}
