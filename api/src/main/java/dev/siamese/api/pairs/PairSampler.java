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
}
