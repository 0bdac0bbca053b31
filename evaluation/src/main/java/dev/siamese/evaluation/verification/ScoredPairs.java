package dev.siamese.evaluation.verification;

/**
 * Evaluation pairs reduced to what plots need: the distance of each pair and whether it is truly similar.
 *
 * <p>The arrays are copied on the way in and on the way out.
 *
 * @param distances the Euclidean distance of each pair, finite
 * @param similar   whether each pair is similar (same label)
 */
public record ScoredPairs(double[] distances, boolean[] similar) {

    /** Validates and copies the arrays. */
    public ScoredPairs {
        DistanceSweep.validate(distances, similar);
        distances = distances.clone();
        similar = similar.clone();
    }

    /** The distances and flags of {@code pairs} on {@code embeddings}. */
    public static ScoredPairs of(dev.siamese.api.model.Embeddings embeddings, EvaluationPairs pairs) {
        return new ScoredPairs(PairDistances.of(embeddings, pairs), pairs.similar());
    }

    @Override
    public double[] distances() {
        return distances.clone();
    }

    @Override
    public boolean[] similar() {
        return similar.clone();
    }

    public int size() {
        return distances.length;
    }

    /**
     * Histograms of the distances of similar and of dissimilar pairs over {@code bins} equal bins from 0 to the
     * largest distance (or to 1 if every distance is 0).
     */
    public DistanceHistogram histogram(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        double max = 0;
        for (double d : distances) {
            max = Math.max(max, d);
        }
        double upper = max > 0 ? max : 1;
        double width = upper / bins;
        long[] sim = new long[bins];
        long[] dis = new long[bins];
        for (int i = 0; i < distances.length; i++) {
            int bin = Math.min(bins - 1, (int) (distances[i] / width));
            if (similar[i]) {
                sim[bin]++;
            } else {
                dis[bin]++;
            }
        }
        return new DistanceHistogram(0, upper, sim, dis);
    }
}
