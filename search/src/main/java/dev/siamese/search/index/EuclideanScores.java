package dev.siamese.search.index;

/**
 * Lucene (and so Solr) scores a Euclidean vector match as {@code 1 / (1 + d^2)}, where {@code d} is the distance:
 * this turns such scores back into distances, the one conversion used by the local index and by search clusters.
 */
public final class EuclideanScores {

    private EuclideanScores() {
    }

    /**
     * The Euclidean distance a score stands for. Scores are 32-bit floats, so a distance comes back within about
     * {@code 6e-8 (1 + d^2) / (2 d)} of the true one (3e-6 at d = 0.01, 2e-7 at d = 5); a score of 1 is distance 0.
     *
     * @throws IllegalArgumentException when {@code score} is not in (0, 1]
     */
    public static double distance(double score) {
        if (!(score > 0 && score <= 1)) {
            throw new IllegalArgumentException("a Euclidean vector score must lie in (0, 1], got " + score);
        }
        return Math.sqrt(Math.max(0, 1.0 / score - 1.0));
    }

    /** The score of a match at Euclidean distance {@code distance}. */
    public static double score(double distance) {
        return 1.0 / (1.0 + distance * distance);
    }
}
