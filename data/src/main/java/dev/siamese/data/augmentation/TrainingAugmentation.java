package dev.siamese.data.augmentation;

import dev.siamese.api.image.ImageShape;
import dev.siamese.config.Settings;

import java.util.SplittableRandom;

/**
 * On-the-fly augmentation of the training pictures of label-trained twins ({@code siamese.data.training-augmentation}):
 * a random crop of the picture padded with {@code pad} zero pixels on each side (a shift by up to {@code pad} pixels),
 * a horizontal flip, and a small colour jitter, on HWC pictures with values in [0, 1]. Unlike {@link Augmenter}, which
 * makes the altered copies that define near-duplicate pairs, this leaves the labels alone and only varies the
 * pictures a class is learnt from. Deterministic: picture {@code i} of batch {@code b} is altered the same way for a
 * given seed whatever came before, so a resumed run sees the same pictures.
 *
 * @param pad             crop offsets are drawn from {@code [-pad, pad]} on each axis; uncovered pixels are zero
 * @param flipProbability the chance of a left-right mirror image
 * @param brightness      pixels are multiplied by a factor drawn from {@code [1 - brightness, 1 + brightness]}
 * @param contrast        pixels move away from (or toward) the picture's mean grey by a factor in {@code [1 - c, 1 + c]}
 * @param saturation      colours move away from (or toward) each pixel's grey by a factor in {@code [1 - s, 1 + s]}
 *                        (pictures of three channels only)
 */
public record TrainingAugmentation(int pad, double flipProbability, double brightness, double contrast,
                                   double saturation) {

    public TrainingAugmentation {
        if (pad < 0) {
            throw new IllegalArgumentException("augmentation pad must be >= 0 pixels, got " + pad);
        }
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("augmentation flip probability must be in [0, 1], got " + flipProbability);
        }
        requireBound("brightness", brightness);
        requireBound("contrast", contrast);
        requireBound("saturation", saturation);
    }

    private static void requireBound(String name, double bound) {
        if (!(bound >= 0 && bound < 1)) {
            throw new IllegalArgumentException("augmentation " + name + " must be in [0, 1), got " + bound);
        }
    }

    /** No change at all. */
    public static TrainingAugmentation none() {
        return new TrainingAugmentation(0, 0, 0, 0, 0);
    }

    /** Whether any picture can change. */
    public boolean enabled() {
        return pad > 0 || flipProbability > 0 || brightness > 0 || contrast > 0 || saturation > 0;
    }

    /** Alters the {@code count} pictures of batch {@code batch}, stored back to back in {@code pictures}, in place. */
    public void apply(float[] pictures, int count, ImageShape shape, long seed, long batch) {
        apply(pictures, 0, count, shape, seed, batch, 0);
    }

    /**
     * Alters {@code count} pictures stored back to back from {@code offset} in {@code pictures}, in place, as pictures
     * {@code firstIndex, firstIndex + 1, ...} of batch {@code batch} (e.g. the right pictures of {@code n} pairs are
     * pictures {@code n .. 2n - 1}).
     */
    public void apply(float[] pictures, int offset, int count, ImageShape shape, long seed, long batch, int firstIndex) {
        int length = shape.length();
        if (offset < 0 || count < 0 || (long) offset + (long) count * length > pictures.length) {
            throw new IllegalArgumentException(count + " pictures of " + shape + " from " + offset
                    + " do not fit an array of " + pictures.length + " values");
        }
        if (!enabled()) {
            return;
        }
        float[] scratch = new float[length];
        for (int k = 0; k < count; k++) {
            alter(pictures, offset + k * length, shape, random(seed, batch, firstIndex + k), scratch);
        }
    }

    /** The random source of picture {@code index} of batch {@code batch}: depends on nothing else. */
    static SplittableRandom random(long seed, long batch, long index) {
        long h = mix(seed ^ 0x5DEECE66DL);
        h = mix(h + 0x9E3779B97F4A7C15L * (batch + 1));
        h = mix(h + 0xC2B2AE3D27D4EB4FL * (index + 1));
        return new SplittableRandom(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void alter(float[] p, int at, ImageShape shape, SplittableRandom random, float[] scratch) {
        // every draw is made whatever the settings, so that each change depends only on (seed, batch, index)
        int dy = random.nextInt(2 * pad + 1) - pad;
        int dx = random.nextInt(2 * pad + 1) - pad;
        boolean flip = random.nextDouble() < flipProbability;
        float b = (float) (1 + brightness * (2 * random.nextDouble() - 1));
        float c = (float) (1 + contrast * (2 * random.nextDouble() - 1));
        float s = (float) (1 + saturation * (2 * random.nextDouble() - 1));
        int h = shape.height();
        int w = shape.width();
        int ch = shape.channels();
        if (dy != 0 || dx != 0 || flip) {
            for (int y = 0; y < h; y++) {
                int sy = y + dy;
                for (int x = 0; x < w; x++) {
                    int sx = (flip ? w - 1 - x : x) + dx;
                    int to = (y * w + x) * ch;
                    if (sy < 0 || sy >= h || sx < 0 || sx >= w) {
                        java.util.Arrays.fill(scratch, to, to + ch, 0f);
                    } else {
                        System.arraycopy(p, at + (sy * w + sx) * ch, scratch, to, ch);
                    }
                }
            }
            System.arraycopy(scratch, 0, p, at, scratch.length);
        }
        int end = at + shape.length();
        if (brightness > 0) {
            for (int i = at; i < end; i++) {
                p[i] = clamp(p[i] * b);
            }
        }
        if (contrast > 0) {
            double sum = 0;
            for (int i = at; i < end; i += ch) {
                sum += grey(p, i, ch);
            }
            float mean = (float) (sum / (h * w));
            for (int i = at; i < end; i++) {
                p[i] = clamp(mean + (p[i] - mean) * c);
            }
        }
        if (saturation > 0 && ch == 3) {
            for (int i = at; i < end; i += 3) {
                float g = grey(p, i, 3);
                for (int j = i; j < i + 3; j++) {
                    p[j] = clamp(g + (p[j] - g) * s);
                }
            }
        }
    }

    /** ITU-R BT.601 luma of an RGB pixel; the value itself for other channel counts' first channel mean. */
    private static float grey(float[] p, int i, int channels) {
        if (channels == 3) {
            return 0.299f * p[i] + 0.587f * p[i + 1] + 0.114f * p[i + 2];
        }
        float sum = 0;
        for (int j = i; j < i + channels; j++) {
            sum += p[j];
        }
        return sum / channels;
    }

    private static float clamp(float v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }

    /** Reads and validates {@code siamese.data.training-augmentation}; {@link #none()} unless enabled. */
    public static TrainingAugmentation from(Settings s) {
        String p = "siamese.data.training-augmentation.";
        if (!s.getBoolean(p + "enabled")) {
            return none();
        }
        return new TrainingAugmentation(s.getInt(p + "pad", 0, 1024),
                s.getDouble(p + "flip", 0, false, 1),
                s.getDouble(p + "brightness", 0, false, 0.99),
                s.getDouble(p + "contrast", 0, false, 0.99),
                s.getDouble(p + "saturation", 0, false, 0.99));
    }

    @Override
    public String toString() {
        return enabled() ? String.format(java.util.Locale.ROOT,
                "pad %d, flip %s, brightness %s, contrast %s, saturation %s", pad, flipProbability, brightness, contrast,
                saturation) : "none";
    }
}
