package dev.siamese.evaluation;

import dev.siamese.api.model.Embeddings;
import dev.siamese.evaluation.internal.Subsample;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The mean silhouette of embeddings clustered by their class labels, with Euclidean distance.
 *
 * <p>For point i with a(i) the mean distance to the other points of its class and b(i) the smallest mean distance
 * to the points of another class, {@code s(i) = (b - a) / max(a, b)}; a point alone in its class scores 0 (as in
 * scikit-learn). The score is the mean of s(i), in [-1, 1]: near 1 for tight, well separated classes.
 *
 * <p>It is exact on up to {@code maxPoints} points: O(n^2 x dimension) time, parallel over points, O(n) memory.
 * Larger sets are scored on a uniform random subsample of {@code maxPoints} points drawn without replacement with
 * {@code seed}, and {@link #sampled()} says so.
 *
 * @param score      mean silhouette, in [-1, 1]
 * @param points     points scored
 * @param population points given
 * @param classes    classes among the scored points
 * @param sampled    whether {@code points < population} (a seeded subsample)
 * @param seed       seed of the subsample (meaningful only when sampled)
 */
public record SilhouetteScore(double score, int points, int population, int classes, boolean sampled, long seed) {

    /** The default largest number of points scored exactly: 10,000, so a standard 10k test set is never sampled. */
    public static final int DEFAULT_MAX_POINTS = 10_000;

    /** Validates the values. */
    public SilhouetteScore {
        if (!(score >= -1 && score <= 1)) {
            throw new IllegalArgumentException("silhouette must be in [-1, 1], got " + score);
        }
        if (points < 2 || points > population || classes < 2) {
            throw new IllegalArgumentException("need 2 <= points <= population and at least 2 classes, got "
                    + points + " of " + population + " points in " + classes + " classes");
        }
        if (sampled != (points < population)) {
            throw new IllegalArgumentException("sampled must say whether points (" + points + ") < population (" + population + ")");
        }
    }

    /**
     * The silhouette of {@code embeddings} by {@code labels}.
     *
     * @param maxPoints largest number of points scored exactly, at least 2
     * @param seed      seed of the subsample when there are more points
     * @throws IllegalArgumentException if the counts differ, or the (sampled) points hold fewer than 2 classes
     */
    public static SilhouetteScore of(Embeddings embeddings, int[] labels, int maxPoints, long seed) {
        if (embeddings == null || labels == null) {
            throw new IllegalArgumentException("embeddings and labels must not be null");
        }
        if (embeddings.count() != labels.length) {
            throw new IllegalArgumentException(embeddings.count() + " embeddings but " + labels.length + " labels");
        }
        if (maxPoints < 2) {
            throw new IllegalArgumentException("maxPoints must be at least 2, got " + maxPoints);
        }
        int population = labels.length;
        int[] chosen = Subsample.indices(population, maxPoints, seed);
        int n = chosen.length;
        int dimension = embeddings.dimension();
        float[] all = embeddings.toArray();
        float[] values = new float[n * dimension];
        int[] cls = new int[n];
        Map<Integer, Integer> dense = new HashMap<>();
        for (int i = 0; i < n; i++) {
            System.arraycopy(all, chosen[i] * dimension, values, i * dimension, dimension);
            cls[i] = dense.computeIfAbsent(labels[chosen[i]], l -> dense.size());
        }
        int classes = dense.size();
        if (n < 2 || classes < 2) {
            throw new IllegalArgumentException("the silhouette needs at least 2 points in at least 2 classes, got "
                    + n + " point(s) in " + classes + " class(es)");
        }
        int[] sizes = new int[classes];
        for (int c : cls) {
            sizes[c]++;
        }
        double[] s = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            double[] sums = new double[classes];
            int a = i * dimension;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double sum = 0;
                int b = j * dimension;
                for (int d = 0; d < dimension; d++) {
                    double diff = values[a + d] - values[b + d];
                    sum += diff * diff;
                }
                sums[cls[j]] += Math.sqrt(sum);
            }
            int own = cls[i];
            if (sizes[own] == 1) {
                s[i] = 0;
                return;
            }
            double inner = sums[own] / (sizes[own] - 1);
            double nearest = Double.POSITIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                if (c != own) {
                    nearest = Math.min(nearest, sums[c] / sizes[c]);
                }
            }
            double max = Math.max(inner, nearest);
            s[i] = max == 0 ? 0 : (nearest - inner) / max;
        });
        double total = 0;
        for (double v : s) {
            total += v;
        }
        double score = Math.max(-1, Math.min(1, total / n));
        return new SilhouetteScore(score, n, population, classes, n < population, seed);
    }

    /** The values by name, for JSON or table writers. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("silhouette", score);
        map.put("silhouettePoints", points);
        map.put("silhouettePopulation", population);
        map.put("silhouetteSampled", sampled);
        return map;
    }
}
