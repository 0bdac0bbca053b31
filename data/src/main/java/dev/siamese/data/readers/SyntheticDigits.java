package dev.siamese.data.readers;

import dev.siamese.api.image.DatasetSplits;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.InMemoryDataset;
import dev.siamese.data.readers.StrokePath.Glyph;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The embedded default data set: handwritten-style digits 0-9, 28x28x1, white strokes on black, drawn by code
 * and therefore available without any download, like MATLAB's {@code digitTrain4DArrayData} that the paper uses.
 *
 * <p>Each picture is one of two or three pen-stroke models of its digit, written with a random rotation
 * (±15°), scale (0.75-1.15), aspect, shear, shift (±3 px), stroke width (1.4-3.2 px), a smooth random warp
 * and small per-stroke displacements, rendered anti-aliased, with a little Gaussian noise, clamped to [0, 1].
 * The same seed always gives the same pictures, bit for bit. Generating 10,000 pictures takes a fraction of
 * a second on one core.
 */
public final class SyntheticDigits {
    /** The classes, "0" to "9"; label {@code d} is digit {@code d}. */
    public static final List<String> CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    /** Training pictures in the default splits, as many as MATLAB's digit training set. */
    public static final int DEFAULT_TRAIN_SIZE = 5_000;
    /** Test pictures in the default splits, as many as MATLAB's digit test set. */
    public static final int DEFAULT_TEST_SIZE = 5_000;

    private static final ImageShape SHAPE = ImageShape.digits();
    private static final int SIZE = 28;
    /** Size in pixels of the unit box at scale 1; MNIST digits fit a 20x20 box. */
    private static final float GLYPH_HEIGHT = 19f;
    private static final float GLYPH_WIDTH = 15f;
    private static final double MAX_ROTATION_DEGREES = 15;
    private static final double MIN_SCALE = 0.75;
    private static final double MAX_SCALE = 1.15;
    private static final double MAX_ASPECT_CHANGE = 0.12;
    private static final double MAX_SHEAR = 0.22;
    private static final double MAX_SHIFT_PIXELS = 3;
    private static final double MIN_STROKE_WIDTH = 1.4;
    private static final double MAX_STROKE_WIDTH = 3.2;
    /** Amplitude, in unit-box lengths, of the smooth random warp that makes strokes wobble like a hand. */
    private static final double MAX_WARP = 0.035;
    /** Standard deviation, in unit-box lengths, of the displacement of each whole stroke. */
    private static final double STROKE_JITTER = 0.015;
    private static final double NOISE_SIGMA = 0.03;
    private static final int MAX_POINTS = DigitGlyphs.VARIANTS.stream()
            .flatMap(List::stream).mapToInt(Glyph::pointCount).max().orElseThrow();

    private SyntheticDigits() {
    }

    /** The picture shape, 28x28x1. */
    public static ImageShape shape() {
        return SHAPE;
    }

    /**
     * {@code count} pictures with balanced labels (each digit {@code count / 10} or one more times, in random
     * order), the same for the same seed.
     *
     * @param name how the data set calls itself in provenance, for example {@code "synthetic-digits train"}
     */
    public static InMemoryDataset generate(int count, long seed, String name) {
        Objects.requireNonNull(name, "name");
        if (count <= 0 || count > Integer.MAX_VALUE / SHAPE.length()) {
            throw new IllegalArgumentException("synthetic digits: count must be between 1 and "
                    + (Integer.MAX_VALUE / SHAPE.length()) + ", got " + count);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] labels = balancedLabels(count, random);
        float[] pixels = new float[count * SHAPE.length()];
        float[] points = new float[2 * MAX_POINTS];
        for (int i = 0; i < count; i++) {
            draw(labels[i], random, pixels, i * SHAPE.length(), points);
        }
        return InMemoryDataset.adopt(name, SHAPE, pixels, labels, CLASS_NAMES);
    }

    /**
     * A training and a test split drawn from two independent random streams derived from {@code seed}, so no
     * test picture repeats a training picture's random choices.
     */
    public static DatasetSplits splits(int trainSize, int testSize, long seed) {
        SplittableRandom streams = new SplittableRandom(seed);
        long trainSeed = streams.nextLong();
        long testSeed = streams.nextLong();
        String name = "synthetic-digits (seed " + seed + ")";
        return new DatasetSplits(name,
                generate(trainSize, trainSeed, name + " train"),
                generate(testSize, testSeed, name + " test"));
    }

    /** The default splits: 5,000 training and 5,000 test pictures. */
    public static DatasetSplits splits(long seed) {
        return splits(DEFAULT_TRAIN_SIZE, DEFAULT_TEST_SIZE, seed);
    }

    private static int[] balancedLabels(int count, SplittableRandom random) {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % CLASS_NAMES.size();
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = labels[i];
            labels[i] = labels[j];
            labels[j] = swap;
        }
        return labels;
    }

    /** Writes one picture of {@code digit} into {@code pixels[offset ..]}; {@code points} is scratch space. */
    private static void draw(int digit, SplittableRandom random, float[] pixels, int offset, float[] points) {
        List<Glyph> variants = DigitGlyphs.VARIANTS.get(digit);
        Glyph glyph = variants.get(random.nextInt(variants.size()));

        double angle = Math.toRadians(random.nextDouble(-MAX_ROTATION_DEGREES, MAX_ROTATION_DEGREES));
        double scale = random.nextDouble(MIN_SCALE, MAX_SCALE);
        double aspect = 1 + random.nextDouble(-MAX_ASPECT_CHANGE, MAX_ASPECT_CHANGE);
        double shear = random.nextDouble(-MAX_SHEAR, MAX_SHEAR);
        double centreX = SIZE / 2.0 + random.nextDouble(-MAX_SHIFT_PIXELS, MAX_SHIFT_PIXELS);
        double centreY = SIZE / 2.0 + random.nextDouble(-MAX_SHIFT_PIXELS, MAX_SHIFT_PIXELS);
        float halfWidth = (float) (random.nextDouble(MIN_STROKE_WIDTH, MAX_STROKE_WIDTH) / 2);
        double warpX = random.nextDouble(-MAX_WARP, MAX_WARP);
        double warpY = random.nextDouble(-MAX_WARP, MAX_WARP);
        double warpFrequencyX = random.nextDouble(0.5, 1.3) * 2 * Math.PI;
        double warpFrequencyY = random.nextDouble(0.5, 1.3) * 2 * Math.PI;
        double warpPhaseX = random.nextDouble(2 * Math.PI);
        double warpPhaseY = random.nextDouble(2 * Math.PI);

        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double width = GLYPH_WIDTH * scale * aspect;
        double height = GLYPH_HEIGHT * scale;
        for (float[] stroke : glyph.strokes()) {
            double jitterX = random.nextGaussian() * STROKE_JITTER;
            double jitterY = random.nextGaussian() * STROKE_JITTER;
            int pointCount = stroke.length / 2;
            for (int p = 0; p < pointCount; p++) {
                double x = stroke[2 * p];
                double y = stroke[2 * p + 1];
                double wx = x + jitterX + warpX * Math.sin(warpFrequencyX * y + warpPhaseX);
                double wy = y + jitterY + warpY * Math.sin(warpFrequencyY * x + warpPhaseY);
                double v = (wy - 0.5) * height;
                double u = (wx - 0.5) * width - shear * v;
                points[2 * p] = (float) (centreX + u * cos - v * sin);
                points[2 * p + 1] = (float) (centreY + u * sin + v * cos);
            }
            StrokeRenderer.polyline(points, 0, pointCount, halfWidth, pixels, offset, SIZE);
        }
        addNoise(random, pixels, offset);
    }

    private static void addNoise(SplittableRandom random, float[] pixels, int offset) {
        for (int i = offset, end = offset + SHAPE.length(); i < end; i++) {
            float value = pixels[i] + (float) (random.nextGaussian() * NOISE_SIGMA);
            pixels[i] = value < 0f ? 0f : (value > 1f ? 1f : value);
        }
    }
}
