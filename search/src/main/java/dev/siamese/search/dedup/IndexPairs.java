package dev.siamese.search.dedup;

import java.util.Objects;

/**
 * Pairs of rows closer than a threshold, as three parallel arrays (row {@code first[i]} and row {@code second[i]},
 * {@code first[i] < second[i]}, at {@code distances[i]}): compact enough for millions of pairs.
 */
public record IndexPairs(int[] first, int[] second, double[] distances) {

    public IndexPairs {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        Objects.requireNonNull(distances, "distances");
        if (first.length != second.length || first.length != distances.length) {
            throw new IllegalArgumentException("pair arrays differ in length: " + first.length + ", " + second.length
                    + ", " + distances.length);
        }
    }

    /** How many pairs. */
    public int size() {
        return first.length;
    }
}
