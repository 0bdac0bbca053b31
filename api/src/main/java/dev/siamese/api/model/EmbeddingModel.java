package dev.siamese.api.model;

import dev.siamese.api.ModelException;
import dev.siamese.api.image.Image;
import dev.siamese.api.image.ImageShape;

import java.util.List;

/**
 * A trained model loaded for use: maps pictures to embeddings and compares them at its calibrated threshold.
 * Thread-safe: many threads may share one instance. Owns native resources: close it.
 */
public interface EmbeddingModel extends Embedder, AutoCloseable {

    ModelDescriptor descriptor();

    /** The picture shape the model takes; other shapes are refused. */
    default ImageShape inputShape() {
        return descriptor().spec().input();
    }

    default int embeddingDimension() {
        return descriptor().spec().architecture().embeddingDimension();
    }

    /** The calibrated distance threshold of {@link #compare}. */
    default double threshold() {
        return descriptor().threshold();
    }

    /**
     * Embeddings of {@code count} pictures stored back to back (HWC) in {@code pixels}; each the mean over the spec's
     * {@link EmbeddingViews} when it has more than the picture alone, then whitened when the model carries an
     * {@link EmbeddingWhitening}.
     */
    @Override
    Embeddings embed(float[] pixels, int count);

    /** The embedding of one picture. */
    default float[] embed(Image image) {
        requireShape(image);
        return embed(image.pixels(), 1).row(0);
    }

    /** Embeddings of several pictures, in order. */
    default Embeddings embed(List<Image> images) {
        int length = inputShape().length();
        float[] pixels = new float[images.size() * length];
        for (int i = 0; i < images.size(); i++) {
            requireShape(images.get(i));
            images.get(i).copyTo(pixels, i * length);
        }
        return embed(pixels, images.size());
    }

    /** Euclidean distance between the embeddings of two pictures. */
    default double distance(Image a, Image b) {
        Embeddings e = embed(List.of(a, b));
        return e.distance(0, e, 1);
    }

    /** Distance and same/different decision at the model's threshold. */
    default Verdict compare(Image a, Image b) {
        return Verdict.of(distance(a, b), threshold());
    }

    private void requireShape(Image image) {
        if (!image.shape().equals(inputShape())) {
            throw new ModelException("this model takes " + inputShape() + " pictures, got " + image.shape()
                    + "; resize or convert the picture first");
        }
    }

    @Override
    void close();
}
