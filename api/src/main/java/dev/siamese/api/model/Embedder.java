package dev.siamese.api.model;

/**
 * Anything that maps pictures to embeddings: a loaded {@link EmbeddingModel}, a {@link TrainableModel} being trained,
 * one view of a picture, or a test's stand-in.
 */
@FunctionalInterface
public interface Embedder {

    /** Embeddings of {@code count} pictures stored back to back (HWC) in {@code pixels}. */
    Embeddings embed(float[] pixels, int count);
}
