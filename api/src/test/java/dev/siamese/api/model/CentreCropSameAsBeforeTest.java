package dev.siamese.api.model;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.internal.Resampling;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The views of test-time augmentation ({@link Resampling#centreCrop}) are the same floats, bit for bit, as before
 * the resampling moved to one home ({@link CentreCropReference}): grey and RGB pictures of several sizes, square and
 * not, every crop fraction from a quarter to the whole, on values that include negatives and signed zeros.
 */
class CentreCropSameAsBeforeTest {

    private static final ImageShape[] SHAPES = {new ImageShape(1, 1, 1), new ImageShape(5, 7, 1),
            new ImageShape(28, 28, 1), new ImageShape(32, 32, 3), new ImageShape(13, 50, 3), new ImageShape(64, 48, 3),
            new ImageShape(105, 105, 1)};
    private static final double[] CROPS = {0.25, 0.3, 1.0 / 3, 0.5, 0.6, 0.75, 0.8, 0.85, 0.9, 0.99, 1.0};

    @Test
    void centreCropsGiveTheSameFloatsAsBefore() {
        SplittableRandom random = new SplittableRandom(17);
        int compared = 0;
        for (ImageShape shape : SHAPES) {
            float[] pixels = values(2 * shape.length(), random);
            for (double crop : CROPS) {
                for (int picture = 0; picture < 2; picture++) {
                    float[] before = new float[shape.length() + 5];
                    float[] now = new float[shape.length() + 5];
                    CentreCropReference.centreCrop(pixels, picture * shape.length(), shape, crop, before, 5);
                    Resampling.centreCrop(pixels, picture * shape.length(), shape, crop, now, 5);
                    assertThat(bits(now)).as("%s crop %s", shape, crop).isEqualTo(bits(before));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(SHAPES.length * CROPS.length * 2);
    }

    /** Mostly [0, 1], with some negatives, large values and signed zeros (normalised inputs have them). */
    static float[] values(int count, SplittableRandom random) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(20);
            values[i] = switch (kind) {
                case 0 -> -0.0f;
                case 1 -> 0.0f;
                case 2 -> (float) (random.nextDouble() * -3);
                case 3 -> (float) (random.nextDouble() * 1000);
                default -> (float) random.nextDouble();
            };
        }
        return values;
    }

    static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
