package dev.siamese.evaluation.verification;

import dev.siamese.api.model.Embeddings;

/** Euclidean distances between the two embeddings of each evaluation pair. */
public final class PairDistances {

    private PairDistances() {
    }

    /**
     * The distance of each pair when both pictures of a pair index rows of the same embeddings.
     *
     * @return {@code d[i] = ||embeddings[left[i]] - embeddings[right[i]]||}
     */
    public static double[] of(Embeddings embeddings, EvaluationPairs pairs) {
        return of(embeddings, embeddings, pairs);
    }

    /**
     * The distance of each pair whose left index is a row of {@code left} and right index a row of {@code right}
     * ({@code left} and {@code right} may be the same object).
     *
     * @return {@code d[i] = ||left[pairs.left[i]] - right[pairs.right[i]]||}
     * @throws IllegalArgumentException if the dimensions differ or a pair points outside its embeddings
     */
    public static double[] of(Embeddings left, Embeddings right, EvaluationPairs pairs) {
        if (left == null || right == null || pairs == null) {
            throw new IllegalArgumentException("embeddings and pairs must not be null");
        }
        if (left.dimension() != right.dimension()) {
            throw new IllegalArgumentException("cannot compare embeddings of dimension " + left.dimension()
                    + " with embeddings of dimension " + right.dimension());
        }
        int[] l = pairs.left();
        int[] r = pairs.right();
        double[] distances = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            if (l[i] >= left.count()) {
                throw new IllegalArgumentException("pair " + i + " refers to row " + l[i] + " of the left embeddings, which have "
                        + left.count() + " rows (pairs drawn from a different dataset?)");
            }
            if (r[i] >= right.count()) {
                throw new IllegalArgumentException("pair " + i + " refers to row " + r[i] + " of the right embeddings, which have "
                        + right.count() + " rows (pairs drawn from a different dataset?)");
            }
            distances[i] = left.distance(l[i], right, r[i]);
        }
        return distances;
    }
}
