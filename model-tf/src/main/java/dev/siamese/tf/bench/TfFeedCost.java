package dev.siamese.tf.bench;

import dev.siamese.api.pairs.PairBatch;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import java.util.Objects;

/**
 * The Java-side work of one training step before TensorFlow starts: what {@code TfSiameseModel.step} does to turn a
 * {@link PairBatch} into input tensors (copy both halves into one array of 2N pictures, copy the flags, make the two
 * native tensors), repeated here on its own so a benchmark can time it apart from the session call.
 */
public final class TfFeedCost {

    private TfFeedCost() {
    }

    /**
     * Prepares and frees the input tensors of one step on {@code batch}, exactly as a training step does.
     *
     * @return the bytes handed to TensorFlow, so the work cannot be optimised away
     */
    public static long feedOnce(PairBatch batch) {
        Objects.requireNonNull(batch, "batch");
        int n = batch.size();
        int length = batch.shape().length();
        float[] both = new float[Math.multiplyExact(2 * n, length)];
        batch.left().get(both, 0, n * length);
        batch.right().get(both, n * length, n * length);
        float[] flags = new float[n];
        batch.similar().get(flags);
        Shape imageShape = Shape.of(2L * n, batch.shape().height(), batch.shape().width(), batch.shape().channels());
        try (TFloat32 images = TFloat32.tensorOf(imageShape, DataBuffers.of(both, true, false));
             TFloat32 similar = TFloat32.tensorOf(Shape.of(n), DataBuffers.of(flags, true, false))) {
            return images.numBytes() + similar.numBytes();
        }
    }
}
