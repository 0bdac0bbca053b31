package dev.siamese.search.hashes;

import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.internal.Resampling;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grey planes the perceptual hashes start from ({@link Resampling#greyPlane}, once {@code GreyResampler}) are the same doubles, bit for bit, as
 * before the resampling moved to one home ({@link GreyResamplerReference}): grey and RGB pictures shrunk, enlarged,
 * kept and stretched by whole and non-whole ratios, to the hashes' own sizes and others.
 */
class GreyResamplerSameAsBeforeTest {

    private static final ImageShape[] SHAPES = {new ImageShape(1, 1, 1), new ImageShape(5, 7, 1),
            new ImageShape(8, 8, 1), new ImageShape(28, 28, 1), new ImageShape(32, 32, 3), new ImageShape(13, 50, 3),
            new ImageShape(64, 48, 3), new ImageShape(105, 99, 3)};
    private static final int[][] TARGETS = {{8, 8}, {9, 8}, {32, 32}, {1, 1}, {5, 7}, {50, 13}, {64, 64}};

    @Test
    void greyPlanesAreTheSameDoublesAsBefore() {
        SplittableRandom random = new SplittableRandom(17);
        int compared = 0;
        for (ImageShape shape : SHAPES) {
            float[] pixels = new float[shape.length()];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) random.nextDouble();
            }
            Image picture = new Image(shape, pixels);
            for (int[] target : TARGETS) {
                double[] before = GreyResamplerReference.grey(picture, target[0], target[1]);
                double[] now = Resampling.greyPlane(picture, target[0], target[1]);
                assertThat(bits(now)).as("%s to %dx%d", shape, target[0], target[1]).isEqualTo(bits(before));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(SHAPES.length * TARGETS.length);
    }

    private static long[] bits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }
}
