package dev.siamese.data;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.LabeledDataset;
import dev.siamese.api.pairs.PairBatch;
import dev.siamese.api.pairs.PairSampler;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Draws pairs from pictures without using their labels, for near-duplicate detectors: a similar pair is two random
 * copies ({@link Augmenter}) of one picture, a dissimilar pair is one random copy each of two different pictures.
 * Both sides are always altered copies, so that "altered or not" tells the network nothing.
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
    private long batchesDrawn;

    /**
     * @param pictures           the pictures, each its own "class"; at least two
     * @param augmenter          makes the altered copies
     * @param batchSize          pairs per batch, positive
     * @param similarProbability chance that a pair is similar, in [0, 1]
     * @param seed               fixes the sequence of batches
     */
    public AugmentedPairSampler(LabeledDataset pictures, Augmenter augmenter, int batchSize, double similarProbability,
                                long seed) {
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
        this.batchSize = batchSize;
        this.similarProbability = similarProbability;
        this.seed = seed;
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
            if (!same) {
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
                + ", seed " + seed + ", " + batchesDrawn + " batches drawn]";
    }
}
