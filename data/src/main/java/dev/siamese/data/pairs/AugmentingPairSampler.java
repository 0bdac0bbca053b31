package dev.siamese.data.pairs;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.pairs.PairBatch;
import dev.siamese.api.pairs.PairSampler;
import dev.siamese.data.augmentation.TrainingAugmentation;

import java.util.Objects;

/**
 * The batches of another sampler with every picture altered by a {@link TrainingAugmentation}: the left picture of
 * pair {@code i} of batch {@code b} is picture {@code i} of the batch, the right one picture {@code n + i}. The work
 * happens in {@link #next()}, which the trainer calls on its prefetch thread while the previous step runs. Resumable
 * when the wrapped sampler is: the augmentation depends only on the seed and the batch and picture numbers.
 */
public final class AugmentingPairSampler implements PairSampler {

    private final PairSampler pairs;
    private final TrainingAugmentation augmentation;
    private final long seed;
    private long batch;

    public AugmentingPairSampler(PairSampler pairs, TrainingAugmentation augmentation, long seed) {
        this.pairs = Objects.requireNonNull(pairs, "pairs");
        this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
        this.seed = seed;
    }

    @Override
    public ImageShape shape() {
        return pairs.shape();
    }

    @Override
    public int batchSize() {
        return pairs.batchSize();
    }

    @Override
    public PairBatch next() {
        PairBatch drawn = pairs.next();
        int n = drawn.size();
        int length = drawn.shape().length();
        float[] left = new float[n * length];
        float[] right = new float[n * length];
        drawn.left().get(left);
        drawn.right().get(right);
        augmentation.apply(left, 0, n, drawn.shape(), seed, batch, 0);
        augmentation.apply(right, 0, n, drawn.shape(), seed, batch, n);
        batch++;
        return drawn.withPictures(left, right); // keeps the flags, and the labels of a class-balanced batch
    }

    @Override
    public long batchesDrawn() {
        return batch;
    }

    @Override
    public void skip(long batches) {
        pairs.skip(batches);
        batch += batches;
    }

    @Override
    public String toString() {
        return pairs + " augmented (" + augmentation + ")";
    }
}
