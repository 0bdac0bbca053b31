package dev.siamese.api.model;

import java.util.Arrays;

/** An immutable matrix of embeddings: {@code count} rows of {@code dimension} floats. */
public final class Embeddings {
    private final int count;
    private final int dimension;
    private final float[] values;

    /** Copies {@code values}, which holds the rows back to back. */
    public Embeddings(int count, int dimension, float[] values) {
        this(count, dimension, values.clone(), true);
    }

    private Embeddings(int count, int dimension, float[] values, boolean unused) {
        if (count < 0 || dimension <= 0 || (long) count * dimension != values.length) {
            throw new IllegalArgumentException(count + " embeddings of dimension " + dimension + " need "
                    + ((long) count * dimension) + " values, got " + values.length);
        }
        this.count = count;
        this.dimension = dimension;
        this.values = values;
    }

    /** Wraps an array the caller hands over and never touches again (no copy). */
    public static Embeddings adopt(int count, int dimension, float[] values) {
        return new Embeddings(count, dimension, values, true);
    }

    public int count() {
        return count;
    }

    public int dimension() {
        return dimension;
    }

    public float get(int row, int column) {
        if (row < 0 || row >= count || column < 0 || column >= dimension) {
            throw new IndexOutOfBoundsException("(" + row + ", " + column + ") outside " + count + " x " + dimension);
        }
        return values[row * dimension + column];
    }

    /** A copy of row {@code row}. */
    public float[] row(int row) {
        if (row < 0 || row >= count) {
            throw new IndexOutOfBoundsException("row " + row + " outside " + count + " embeddings");
        }
        return Arrays.copyOfRange(values, row * dimension, (row + 1) * dimension);
    }

    /** A copy of all values, rows back to back. */
    public float[] toArray() {
        return values.clone();
    }

    /** Euclidean distance between row {@code i} of this matrix and row {@code j} of {@code other}. */
    public double distance(int i, Embeddings other, int j) {
        if (other.dimension != dimension) {
            throw new IllegalArgumentException("embedding dimensions differ: " + dimension + " and " + other.dimension);
        }
        double sum = 0;
        int a = i * dimension;
        int b = j * dimension;
        for (int k = 0; k < dimension; k++) {
            double diff = values[a + k] - other.values[b + k];
            sum += diff * diff;
        }
        return Math.sqrt(sum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Embeddings e && e.count == count && e.dimension == dimension && Arrays.equals(e.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values) * 31 + dimension;
    }

    @Override
    public String toString() {
        return "Embeddings[" + count + " x " + dimension + "]";
    }
}
