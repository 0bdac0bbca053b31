package dev.siamese.evaluation;

import dev.siamese.api.image.LabeledDataset;
import dev.siamese.api.model.Embedder;
import dev.siamese.api.model.Embeddings;

import java.util.function.IntUnaryOperator;

/** Embeds a whole dataset in chunks through any {@link Embedder} (a model being trained or a loaded one). */
public final class DatasetEmbedder {

    /** Hears how many of the pictures to embed are done; embedding runs for minutes on large datasets. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);

        /** Tells nothing. */
        Progress NONE = (done, total) -> { };

        /** {@code embedder}, telling this progress of every picture it embeds, out of {@code total} pictures in all. */
        default Embedder counting(Embedder embedder, long total) {
            long[] done = {0};
            return (pixels, count) -> {
                Embeddings e = embedder.embed(pixels, count);
                done[0] += count;
                update(done[0], total);
                return e;
            };
        }
    }

    private static final int CHUNK = 2048;

    private DatasetEmbedder() {
    }

    /**
     * The embeddings of at most {@code max} pictures of {@code dataset}, evenly spread over it (all of them if it holds
     * no more), in dataset order.
     */
    public static Embeddings embedSample(LabeledDataset dataset, Embedder function, int max) {
        int n = dataset.size();
        int count = Math.min(n, max);
        return embed(dataset, function, count, i -> (int) ((long) i * n / count));
    }

    public static Embeddings embed(LabeledDataset dataset, Embedder function) {
        return embed(dataset, function, dataset.size(), i -> i);
    }

    /** The embeddings of pictures {@code index(0) .. index(n - 1)} of {@code dataset}, in chunks. */
    private static Embeddings embed(LabeledDataset dataset, Embedder function, int n, IntUnaryOperator index) {
        int length = dataset.shape().length();
        float[] out = null;
        int dim = 0;
        float[] chunk = new float[Math.min(CHUNK, Math.max(n, 1)) * length];
        for (int start = 0; start < n; start += CHUNK) {
            int count = Math.min(CHUNK, n - start);
            for (int i = 0; i < count; i++) {
                dataset.copyPixels(index.applyAsInt(start + i), chunk, i * length);
            }
            float[] pixels = count * length == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, count * length);
            Embeddings e = function.embed(pixels, count);
            if (out == null) {
                dim = e.dimension();
                out = new float[n * dim];
            }
            System.arraycopy(e.toArray(), 0, out, start * dim, count * dim);
        }
        return out == null ? Embeddings.adopt(0, 1, new float[0]) : Embeddings.adopt(n, dim, out);
    }
}
