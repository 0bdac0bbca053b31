package dev.siamese.api.model;

import dev.siamese.api.pairs.PairBatch;

import java.nio.file.Path;
import java.util.Map;

/**
 * A Siamese model being trained: twin branches reading one set of weights. Owns native resources: close it.
 * Not thread-safe; use after {@link #close()} throws {@link dev.siamese.api.ModelException}.
 */
public interface TrainableModel extends Embedder, AutoCloseable {

    ModelSpec spec();

    /** One optimizer step on {@code batch}; returns the batch's mean loss before the update. */
    float step(PairBatch batch);

    /**
     * One optimizer step on {@code batch} at {@code learningRateFactor} times the optimizer's learning rate (a
     * schedule's value for this iteration); returns the batch's mean loss before the update. A factor of exactly 1 is
     * {@link #step(PairBatch)}.
     *
     * @throws UnsupportedOperationException if this model cannot change its rate and the factor is not 1
     */
    default float step(PairBatch batch, double learningRateFactor) {
        if (learningRateFactor != 1.0) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot follow a learning-rate schedule");
        }
        return step(batch);
    }

    /** The batch's mean loss with the current weights, without updating them. */
    float loss(PairBatch batch);

    /**
     * Embeddings of {@code count} pictures stored back to back (HWC) in {@code pixels}; each the mean over the spec's
     * {@link EmbeddingViews} when it has more than the picture alone (never whitened: a whitening is saved with the
     * model, {@link #save(Path, double, EmbeddingWhitening, Map)}).
     */
    @Override
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
     * Writes an inference-only model plus its descriptor to {@code directory}, which must not exist or be empty.
     *
     * @param threshold  the calibrated distance threshold below which two pictures count as similar
     * @param whitening  the whitening the loaded model applies to every embedding (fitted on this model's own
     *                   embeddings of training pictures), or {@code null} for none; {@link #embed} here never whitens
     * @param provenance free-form facts to record (dataset, seed, preprocessing, ...)
     * @throws dev.siamese.api.ModelException if the whitening is of another embedding length or cannot be saved
     */
    ModelDescriptor save(Path directory, double threshold, EmbeddingWhitening whitening, Map<String, String> provenance);

    /** {@link #save(Path, double, EmbeddingWhitening, Map)} without whitening. */
    default ModelDescriptor save(Path directory, double threshold, Map<String, String> provenance) {
        return save(directory, threshold, null, provenance);
    }

    @Override
    void close();
}
