package dev.siamese.api.internal;

import dev.siamese.api.image.ImageShape;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The augmentation's turned crop window ({@link Resampling#warp}) gives the same floats, bit for bit, as
 * {@code Augmenter.warp} did before it moved here ({@link WarpReference}): grey and RGB, windows smaller and larger
 * than the picture, off-centre, turned both ways and not at all, reaching past the edges.
 */
class ResamplingSameAsBeforeTest {

    private static final ImageShape[] SHAPES = {new ImageShape(1, 1, 1), new ImageShape(9, 6, 1),
            new ImageShape(28, 28, 1), new ImageShape(32, 32, 3), new ImageShape(13, 50, 3)};

    @Test
    void warpGivesTheSameFloatsAsBefore() {
        SplittableRandom random = new SplittableRandom(17);
        int compared = 0;
        for (ImageShape shape : SHAPES) {
            float[] source = new float[shape.length()];
            for (int i = 0; i < source.length; i++) {
                source[i] = (float) random.nextDouble();
            }
            for (int trial = 0; trial < 40; trial++) {
                double w = shape.width();
                double h = shape.height();
                double cx = w * random.nextDouble(-0.2, 1.2);
                double cy = h * random.nextDouble(-0.2, 1.2);
                double windowW = w * random.nextDouble(0.2, 1.7);
                double windowH = h * random.nextDouble(0.2, 1.7);
                double angle = trial % 4 == 0 ? 0 : Math.toRadians(random.nextDouble(-30, 30));
                float[] before = WarpReference.warp(source, shape, cx, cy, windowW, windowH, angle);
                float[] now = Resampling.warp(source, shape, cx, cy, windowW, windowH, angle);
                assertThat(now).as("%s trial %d", shape, trial).isEqualTo(before);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(SHAPES.length * 40);
    }
}
