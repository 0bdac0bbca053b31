package dev.siamese.api.model;

import dev.siamese.api.pairs.PairBatch;

import java.nio.file.Path;
import java.util.Map;

/**
 * A Siamese model being trained: twin branches reading one set of weights. Owns native resources: close it.
 * Not thread-safe; use after {@link #close()} throws {@link dev.siamese.api.ModelException}.
 */
public interface TrainableModel extends AutoCloseable {

    ModelSpec spec();

    /** One optimizer step on {@code batch}; returns the batch's mean loss before the update. */
    float step(PairBatch batch);

    /** The batch's mean loss with the current weights, without updating them. */
    float loss(PairBatch batch);

    /**
     * Embeddings of {@code count} pictures stored back to back (HWC) in {@code pixels}; each the mean over the spec's
     * {@link EmbeddingViews} when it has more than the picture alone, then whitened once {@link #whiten} was called.
     */
    Embeddings embed(float[] pixels, int count);

    /** A snapshot of every weight and optimizer slot, by variable name, for checks and checkpoints. */
    Map<String, float[]> weights();

    /**
     * Sets every weight and optimizer slot from a snapshot taken with {@link #weights()} (same names and sizes), so that
     * training continues exactly where the snapshot was taken, e.g. when resuming from a checkpoint.
     *
     * @throws dev.siamese.api.ModelException if a name is missing or unknown, or a size differs
     */
    void restore(Map<String, float[]> snapshot);

    /**
     * From now on, whitens every embedding with {@code whitening} (fitted on this model's own embeddings of training
     * pictures) and saves it with the model; {@code null} stops whitening.
     *
     * @throws dev.siamese.api.ModelException if the whitening is of another embedding length, or the backend cannot whiten
     */
    default void whiten(EmbeddingWhitening whitening) {
        throw new dev.siamese.api.ModelException("this backend cannot whiten embeddings");
    }

    /**
     * Writes an inference-only model plus its descriptor to {@code directory}, which must not exist or be empty.
     *
     * @param threshold  the calibrated distance threshold below which two pictures count as similar
     * @param provenance free-form facts to record (dataset, seed, preprocessing, ...)
     */
    ModelDescriptor save(Path directory, double threshold, Map<String, String> provenance);

    @Override
    void close();
}
