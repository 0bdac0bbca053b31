package dev.siamese.search.index;

import dev.siamese.api.model.Embeddings;

import java.util.ArrayList;
import java.util.List;

/** Everything an index holds, in one pass and in memory: paths, their embeddings as one matrix, and their hashes. */
public record IndexContents(List<String> paths, Embeddings embeddings, long[] hashes) {

    public IndexContents {
        paths = List.copyOf(paths);
        hashes = hashes.clone();
    }

    /** Reads every entry of {@code index} (for exact search and exact or hash dedup). */
    public static IndexContents of(EmbeddingIndex index, int dimension) {
        List<String> paths = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        List<Long> hashes = new ArrayList<>();
        index.forEach(e -> {
            paths.add(e.path());
            vectors.add(e.embedding());
            hashes.add(e.hash());
        });
        float[] all = new float[paths.size() * dimension];
        for (int i = 0; i < vectors.size(); i++) {
            System.arraycopy(vectors.get(i), 0, all, i * dimension, dimension);
        }
        return new IndexContents(paths, Embeddings.adopt(paths.size(), dimension, all),
                hashes.stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public long[] hashes() {
        return hashes.clone();
    }
}
