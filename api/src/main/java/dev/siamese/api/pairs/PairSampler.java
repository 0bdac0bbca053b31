package dev.siamese.api.pairs;

import dev.siamese.api.image.ImageShape;

/**
 * Draws a new batch of picture pairs on each call, from one split only, deterministically for a given seed.
 * Not thread-safe: one sampler feeds one training loop.
 */
public interface PairSampler {

    ImageShape shape();

    /** Pairs per batch. */
    int batchSize();

    /** The next batch. */
    PairBatch next();

    /** Batches drawn so far; with {@link #skip(long)} this lets a resumed run draw exactly the batches it would have. */
    default long batchesDrawn() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be checkpointed");
    }

    /** Advances as if {@code batches} more batches had been drawn, without building them. */
    default void skip(long batches) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be resumed");
    }
}
