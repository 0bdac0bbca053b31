package dev.siamese.data.pairs;

import dev.siamese.api.image.ImageShape;
import dev.siamese.api.image.LabeledDataset;
import dev.siamese.api.pairs.PairBatch;
import dev.siamese.api.pairs.PairSampler;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A sampler that draws each batch as picture indices of one split from a seeded random stream, then copies the
 * pictures: skipping draws the indices alone, so a resumed run continues the sequence exactly without copying pictures.
 */
abstract sealed class SeededSampler implements PairSampler permits BalancedPairSampler, ClassBalancedSampler {
    final LabeledDataset dataset;
    final long seed;
    /** The one random stream every draw takes from, in order. */
    final SplittableRandom random;
    private long batchesDrawn;

    SeededSampler(LabeledDataset dataset, long seed) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** Draws the next batch's picture indices from {@link #random}. */
    abstract void drawIndices();

    /** The batch of the indices drawn last. */
    abstract PairBatch copyPictures();

    @Override
    public ImageShape shape() {
        return dataset.shape();
    }

    public long seed() {
        return seed;
    }

    /**
     * How many batches this sampler has drawn (or skipped). A new sampler with the same data set, settings and
     * seed continues exactly where this one is after {@code skip(batchesDrawn())}.
     */
    @Override
    public long batchesDrawn() {
        return batchesDrawn;
    }

    @Override
    public PairBatch next() {
        draw();
        return copyPictures();
    }

    /** Advances past {@code batches} batches without copying any pictures, to resume a checkpointed run. */
    @Override
    public void skip(long batches) {
        if (batches < 0) {
            throw new IllegalArgumentException("cannot skip a negative number of batches: " + batches);
        }
        for (long b = 0; b < batches; b++) {
            draw();
        }
    }

    private void draw() {
        drawIndices();
        batchesDrawn++;
    }
}
