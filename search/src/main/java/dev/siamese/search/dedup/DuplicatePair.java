package dev.siamese.search.dedup;

import java.util.Objects;

/** Two pictures closer than a duplicate threshold, and their distance (Euclidean for embeddings, Hamming bits for hashes). */
public record DuplicatePair(String first, String second, double distance) {

    public DuplicatePair {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        if (!(distance >= 0)) {
            throw new IllegalArgumentException("a pair distance must be a non-negative number, got " + distance);
        }
    }
}
