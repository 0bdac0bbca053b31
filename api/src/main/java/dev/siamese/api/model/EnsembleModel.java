package dev.siamese.api.model;

import dev.siamese.api.ModelException;
import dev.siamese.api.image.ImageShape;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Several trained models of one input shape used as one: a picture's embedding is its members' embeddings side by
 * side, so the distance of two pictures is the norm of the members' distances, {@code sqrt(d1^2 + d2^2 + ...)}.
 * Twins trained alike make different mistakes, and the combined distance cancels part of them
 * (docs/results/near-duplicates.md). The threshold is the same norm of the members' thresholds.
 *
 * <p>An ensemble is not saved as a model of its own: its members are. {@link #descriptor()} is the first member's;
 * {@link #members()} lists all. Closing the ensemble closes its members.
 */
public final class EnsembleModel implements EmbeddingModel {
    private final List<EmbeddingModel> members;
    private final int dimension;
    private final double threshold;

    private EnsembleModel(List<EmbeddingModel> members) {
        this.members = members;
        int sum = 0;
        double squares = 0;
        for (EmbeddingModel m : members) {
            sum = Math.addExact(sum, m.embeddingDimension());
            squares += m.threshold() * m.threshold();
        }
        this.dimension = sum;
        this.threshold = Math.sqrt(squares);
    }

    /**
     * The ensemble of {@code members} (at least one, all of one input shape), in that order; it owns them from now on.
     *
     * @throws ModelException if the list is empty or the members take pictures of different shapes
     */
    public static EnsembleModel of(List<? extends EmbeddingModel> members) {
        Objects.requireNonNull(members, "members");
        if (members.isEmpty()) {
            throw new ModelException("an ensemble needs at least one model");
        }
        List<EmbeddingModel> copy = List.copyOf(members);
        ImageShape shape = copy.get(0).inputShape();
        for (int i = 1; i < copy.size(); i++) {
            if (!copy.get(i).inputShape().equals(shape)) {
                throw new ModelException("the models of an ensemble must take pictures of one shape: model 1 takes "
                        + shape + ", model " + (i + 1) + " takes " + copy.get(i).inputShape());
            }
        }
        return new EnsembleModel(copy);
    }

    /** The members, in the order their embeddings are laid side by side. */
    public List<EmbeddingModel> members() {
        return members;
    }

    /** The first member's descriptor (the ensemble's shape, dimension and threshold are this class's methods). */
    @Override
    public ModelDescriptor descriptor() {
        return members.get(0).descriptor();
    }

    @Override
    public ImageShape inputShape() {
        return members.get(0).inputShape();
    }

    /** The sum of the members' embedding dimensions. */
    @Override
    public int embeddingDimension() {
        return dimension;
    }

    /** The norm of the members' thresholds: the distance at which every member sits at its own threshold. */
    @Override
    public double threshold() {
        return threshold;
    }

    @Override
    public Embeddings embed(float[] pixels, int count) {
        List<Embeddings> parts = new ArrayList<>(members.size());
        for (EmbeddingModel m : members) {
            Embeddings e = m.embed(pixels, count);
            if (e.count() != count || e.dimension() != m.embeddingDimension()) {
                throw new ModelException("a member of the ensemble returned " + e.count() + " embeddings of "
                        + e.dimension() + " values for " + count + " pictures; expected " + m.embeddingDimension());
            }
            parts.add(e);
        }
        float[] values = new float[Math.multiplyExact(count, dimension)];
        int offset = 0;
        for (Embeddings e : parts) {
            float[] part = e.toArray();
            int d = e.dimension();
            for (int row = 0; row < count; row++) {
                System.arraycopy(part, row * d, values, row * dimension + offset, d);
            }
            offset += d;
        }
        return Embeddings.adopt(count, dimension, values);
    }

    /** Closes every member, even if one fails; the first failure is thrown with the others suppressed. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (EmbeddingModel m : members) {
            try {
                m.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "EnsembleModel[" + members.size() + " models, " + dimension + "-D on " + inputShape() + "]";
    }
}
