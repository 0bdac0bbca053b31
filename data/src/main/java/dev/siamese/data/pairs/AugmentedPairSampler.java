package dev.siamese.data.pairs;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.LabeledDataset;
import dev.siamese.api.pairs.PairBatch;
import dev.siamese.api.pairs.PairSampler;
import dev.siamese.data.augmentation.Augmenter;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Draws pairs from pictures without using their labels, for near-duplicate detectors: a similar pair is two random
 * copies ({@link Augmenter}) of one picture, a dissimilar pair is one random copy each of two different pictures.
 * Both sides are always altered copies, so that "altered or not" tells the network nothing.
 *
 * <p>With {@code hardNegativeCandidates = k > 1}, the second picture of a dissimilar pair is the one, among {@code k}
 * drawn at random, whose 4x4 colour thumbnail is closest to the first picture's: a "hard negative" that looks alike
 * at a glance (two skies, two plain backgrounds), which teaches the network to tell such pictures apart.
 *
 * <p>Pair {@code i} of batch {@code b} depends only on the seed, {@code b} and {@code i}: the pairs of a batch are made
 * on several threads, and {@link #skip(long)} resumes exactly without making the skipped pairs. Not thread-safe: one
 * sampler feeds one training loop.
 */
public final class AugmentedPairSampler implements PairSampler {
    private final LabeledDataset pictures;
    private final Augmenter augmenter;
    private final int batchSize;
    private final double similarProbability;
    private final long seed;
    private final int hardNegativeCandidates;
    private final float[] thumbnails;
    private long batchesDrawn;

    /** Thumbnail side for choosing hard negatives. */
    private static final int THUMB = 4;

    /**
     * @param pictures           the pictures, each its own "class"; at least two
     * @param augmenter          makes the altered copies
     * @param batchSize          pairs per batch, positive
     * @param similarProbability chance that a pair is similar, in [0, 1]
     * @param seed               fixes the sequence of batches
     */
    public AugmentedPairSampler(LabeledDataset pictures, Augmenter augmenter, int batchSize, double similarProbability,
                                long seed) {
        this(pictures, augmenter, batchSize, similarProbability, seed, 1);
    }

    /**
     * As above, choosing the second picture of each dissimilar pair as the most alike of {@code hardNegativeCandidates}
     * random ones (1: uniformly at random).
     */
    public AugmentedPairSampler(LabeledDataset pictures, Augmenter augmenter, int batchSize, double similarProbability,
                                long seed, int hardNegativeCandidates) {
        this.pictures = Objects.requireNonNull(pictures, "pictures");
        this.augmenter = Objects.requireNonNull(augmenter, "augmenter");
        if (pictures.size() < 2) {
            throw new IllegalArgumentException("data set '" + pictures.name() + "' has " + pictures.size()
                    + " picture(s); pairs of augmented copies need at least 2 pictures");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("pair batch size must be positive, got " + batchSize);
        }
        if (!(similarProbability >= 0 && similarProbability <= 1)) {
            throw new IllegalArgumentException("probability of a similar pair must be in [0, 1], got " + similarProbability);
        }
        if ((long) batchSize * pictures.shape().length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a batch of " + batchSize + " pairs of " + pictures.shape()
                    + " pictures does not fit one Java array; use a smaller batch size");
        }
        if (hardNegativeCandidates < 1) {
            throw new IllegalArgumentException("hard negative candidates must be at least 1, got " + hardNegativeCandidates);
        }
        this.batchSize = batchSize;
        this.similarProbability = similarProbability;
        this.seed = seed;
        this.hardNegativeCandidates = hardNegativeCandidates;
        this.thumbnails = hardNegativeCandidates > 1 ? thumbnails(pictures) : null;
    }

    /** 4x4 cell means of every picture, channel by channel. */
    private static float[] thumbnails(LabeledDataset pictures) {
        var shape = pictures.shape();
        int c = shape.channels();
        int cells = THUMB * THUMB * c;
        float[] out = new float[pictures.size() * cells];
        IntStream.range(0, pictures.size()).parallel().forEach(p -> {
            float[] pixels = new float[shape.length()];
            pictures.copyPixels(p, pixels, 0);
            int[] counts = new int[THUMB * THUMB];
            for (int y = 0; y < shape.height(); y++) {
                int cy = y * THUMB / shape.height();
                for (int x = 0; x < shape.width(); x++) {
                    int cell = cy * THUMB + x * THUMB / shape.width();
                    counts[cell]++;
                    for (int ch = 0; ch < c; ch++) {
                        out[p * cells + cell * c + ch] += pixels[(y * shape.width() + x) * c + ch];
                    }
                }
            }
            for (int cell = 0; cell < THUMB * THUMB; cell++) {
                for (int ch = 0; ch < c; ch++) {
                    out[p * cells + cell * c + ch] /= Math.max(1, counts[cell]);
                }
            }
        });
        return out;
    }

    private int hardNegative(int a, SplittableRandom random) {
        int n = pictures.size();
        int cells = thumbnails.length / n;
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int k = 0; k < hardNegativeCandidates; k++) {
            int b = random.nextInt(n - 1);
            if (b >= a) {
                b++;
            }
            double d = 0;
            for (int i = 0; i < cells; i++) {
                double diff = thumbnails[a * cells + i] - thumbnails[b * cells + i];
                d += diff * diff;
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = b;
            }
        }
        return best;
    }

    @Override
    public ImageShape shape() {
        return pictures.shape();
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public long batchesDrawn() {
        return batchesDrawn;
    }

    @Override
    public void skip(long batches) {
        if (batches < 0) {
            throw new IllegalArgumentException("cannot skip a negative number of batches: " + batches);
        }
        batchesDrawn += batches;
    }

    @Override
    public PairBatch next() {
        long batch = batchesDrawn++;
        ImageShape shape = pictures.shape();
        int length = shape.length();
        float[] left = new float[batchSize * length];
        float[] right = new float[batchSize * length];
        float[] similar = new float[batchSize];
        int n = pictures.size();
        IntStream.range(0, batchSize).parallel().forEach(i -> {
            SplittableRandom random = new SplittableRandom(pairSeed(seed, batch, i));
            boolean same = random.nextDouble() < similarProbability;
            int a = random.nextInt(n);
            int b = a;
            if (!same && thumbnails != null) {
                b = hardNegative(a, random);
            } else if (!same) {
                b = random.nextInt(n - 1);
                if (b >= a) {
                    b++;
                }
            }
            float[] source = new float[length];
            pictures.copyPixels(a, source, 0);
            augmenter.copyInto(source, shape, random, left, i * length);
            if (b != a) {
                pictures.copyPixels(b, source, 0);
            }
            augmenter.copyInto(source, shape, random, right, i * length);
            similar[i] = same ? 1f : 0f;
        });
        return PairBatch.adopt(shape, left, right, similar);
    }

    static long pairSeed(long seed, long batch, int pair) {
        long z = seed + 0x9E3779B97F4A7C15L * (batch + 1) + 0xC2B2AE3D27D4EB4FL * (pair + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "AugmentedPairSampler[" + pictures.name() + ", " + batchSize + " pairs, P(similar) = " + similarProbability
                + ", seed " + seed + ", hard negatives of " + hardNegativeCandidates + ", " + batchesDrawn + " batches drawn]";
    }
}
