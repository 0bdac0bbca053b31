package dev.siamese.tf.internal;

import dev.siamese.api.ModelException;
import dev.siamese.api.image.ImageShape;
import dev.siamese.api.model.Embeddings;
import dev.siamese.tf.TfOptions;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

import java.util.function.Function;

/** Small helpers shared by the TensorFlow-backed models: tensors from and to Java arrays, sessions, chunked embedding. */
final class TfTensors {

    /** Pictures per session run when embedding; bounds the size of one input tensor. */
    static final int EMBED_CHUNK = 1024;

    private TfTensors() {
    }

    static TFloat32 floats(Shape shape, float[] values) {
        return TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
    }

    static float[] toArray(Tensor tensor) {
        TFloat32 floats = (TFloat32) tensor;
        float[] values = new float[Math.toIntExact(floats.size())];
        floats.copyTo(DataBuffers.of(values, false, false));
        return values;
    }

    /** A TensorFlow session config with the thread settings of {@code options}, or null for TensorFlow's defaults. */
    static ConfigProto config(TfOptions options) {
        if (options.intraOpThreads() == 0 && options.interOpThreads() == 0) {
            return null;
        }
        return ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(options.intraOpThreads())
                .setInterOpParallelismThreads(options.interOpThreads())
                .build();
    }

    static Session session(Graph graph, TfOptions options) {
        ConfigProto config = config(options);
        return config == null ? new Session(graph) : new Session(graph, config);
    }

    /**
     * Embeds {@code count} pictures in chunks of {@link #EMBED_CHUNK}; {@code run} maps one input tensor
     * {@code [n, H, W, C]} to its embeddings {@code [n, dimension]} as a Java array.
     */
    static Embeddings embedInChunks(ImageShape shape, int dimension, float[] pixels, int count,
                                    Function<TFloat32, float[]> run) {
        if (pixels == null) {
            throw new ModelException("pixels must not be null");
        }
        if (count < 0 || (long) count * shape.length() != pixels.length) {
            throw new ModelException(count + " pictures of " + shape + " need " + ((long) count * shape.length())
                    + " pixel values, got " + pixels.length);
        }
        int length = shape.length();
        float[] out = new float[Math.multiplyExact(count, dimension)];
        for (int start = 0; start < count; start += EMBED_CHUNK) {
            int n = Math.min(EMBED_CHUNK, count - start);
            float[] chunk = new float[n * length];
            System.arraycopy(pixels, start * length, chunk, 0, n * length);
            float[] rows;
            try (TFloat32 images = floats(Shape.of(n, shape.height(), shape.width(), shape.channels()), chunk)) {
                rows = run.apply(images);
            }
            if (rows.length != n * dimension) {
                throw new ModelException("the model returned " + rows.length + " values for " + n + " pictures; expected "
                        + n * dimension + " (embedding dimension " + dimension + ")");
            }
            System.arraycopy(rows, 0, out, start * dimension, rows.length);
        }
        return Embeddings.adopt(count, dimension, out);
    }
}
