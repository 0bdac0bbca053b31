package dev.siamese.search.knn;

import java.util.Arrays;

/**
 * The k nearest neighbours of each query row, as {@link ExactKnn} returns them: for row {@code r}, ranks
 * {@code 0 .. k-1} in order of increasing Euclidean distance, ties broken by the smaller gallery index. Immutable.
 */
public final class Neighbours {
    private final int count;
    private final int k;
    private final int[] indices;
    private final float[] distances;

    Neighbours(int count, int k, int[] indices, float[] distances) {
        if ((long) count * k != indices.length || indices.length != distances.length) {
            throw new IllegalArgumentException(count + " rows of " + k + " neighbours need " + (long) count * k
                    + " entries, got " + indices.length + " and " + distances.length);
        }
        this.count = count;
        this.k = k;
        this.indices = indices;
        this.distances = distances;
    }

    /** Number of query rows. */
    public int count() {
        return count;
    }

    /** Neighbours per row. */
    public int k() {
        return k;
    }

    /** The gallery index of the {@code rank}-th nearest neighbour of query {@code row}. */
    public int index(int row, int rank) {
        check(row, rank);
        return indices[row * k + rank];
    }

    /** The Euclidean distance to the {@code rank}-th nearest neighbour of query {@code row}. */
    public float distance(int row, int rank) {
        check(row, rank);
        return distances[row * k + rank];
    }

    /** A copy of the neighbour indices of {@code row}, nearest first. */
    public int[] indices(int row) {
        check(row, 0);
        return Arrays.copyOfRange(indices, row * k, (row + 1) * k);
    }

    /** A copy of the neighbour distances of {@code row}, nearest first. */
    public float[] distances(int row) {
        check(row, 0);
        return Arrays.copyOfRange(distances, row * k, (row + 1) * k);
    }

    private void check(int row, int rank) {
        if (row < 0 || row >= count || rank < 0 || rank >= k) {
            throw new IndexOutOfBoundsException("neighbour (" + row + ", " + rank + ") outside " + count + " rows of "
                    + k);
        }
    }

    @Override
    public String toString() {
        return "Neighbours[" + count + " rows x " + k + "]";
    }
}
