package dev.siamese.search.index;

import java.util.Objects;

/**
 * One picture as an {@link EmbeddingIndex} stores it: its path, embedding, 64-bit perceptual hash, and the file's
 * size and modification time (milliseconds since the epoch) when it was indexed, which tell whether it changed since.
 */
public record IndexEntry(String path, float[] embedding, long hash, long size, long modified) {

    public IndexEntry {
        Objects.requireNonNull(path, "path");
        embedding = embedding.clone();
    }

    /** A copy of the embedding. */
    @Override
    public float[] embedding() {
        return embedding.clone();
    }
}
