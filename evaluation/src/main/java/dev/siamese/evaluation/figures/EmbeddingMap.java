package dev.siamese.evaluation.figures;

import dev.siamese.api.model.Embeddings;
import dev.siamese.evaluation.internal.PrincipalComponents;
import dev.siamese.evaluation.internal.Subsample;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Points on a plane, one per picture, with their class: what the embedding map (the paper's Figure 3) draws.
 *
 * @param x          first coordinate of each point
 * @param y          second coordinate of each point
 * @param labels     class label of each point
 * @param classNames name of each class label, index = label; labels outside the list are drawn as "class N"
 * @param projection how the coordinates were obtained, e.g. "2-D embedding" or "PCA of the 16-D embedding ..."
 */
public record EmbeddingMap(double[] x, double[] y, int[] labels, List<String> classNames, String projection) {

    /** Validates and copies. */
    public EmbeddingMap {
        if (x == null || y == null || labels == null || x.length != y.length || x.length != labels.length) {
            throw new IllegalArgumentException("x, y and labels must have the same length");
        }
        if (classNames == null || projection == null || projection.isBlank()) {
            throw new IllegalArgumentException("classNames and projection are required");
        }
        x = x.clone();
        y = y.clone();
        labels = labels.clone();
        classNames = List.copyOf(classNames);
    }

    /** No points: a run without an embedding map. */
    public static EmbeddingMap empty() {
        return new EmbeddingMap(new double[0], new double[0], new int[0], List.of(), "no embeddings");
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    public int size() {
        return x.length;
    }

    /** The display name of class {@code label}. */
    public String className(int label) {
        return label >= 0 && label < classNames.size() ? classNames.get(label) : "class " + label;
    }

    /** Every embedding, projected to its top two principal components when the dimension exceeds 2. */
    public static EmbeddingMap of(Embeddings embeddings, int[] labels, List<String> classNames) {
        return of(embeddings, labels, classNames, Integer.MAX_VALUE, 0);
    }

    /**
     * The map of a split's embeddings for a run report: with at most 20 class names all of them, otherwise (classes of
     * augmented copies of single pictures) only the first ten labels, so that the map stays readable; at most
     * {@code maxPoints} points either way ({@link #of(Embeddings, int[], List, int, long)}).
     */
    public static EmbeddingMap ofFewClasses(Embeddings embeddings, int[] labels, List<String> classNames, int maxPoints,
                                            long seed) {
        if (classNames.size() <= 20) {
            return of(embeddings, labels, classNames, maxPoints, seed);
        }
        int first = java.util.Arrays.stream(labels).min().orElse(0);
        int[] keep = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] < first + 10).toArray();
        int dimension = embeddings.dimension();
        float[] rows = new float[keep.length * dimension];
        int[] kept = new int[keep.length];
        for (int i = 0; i < keep.length; i++) {
            System.arraycopy(embeddings.row(keep[i]), 0, rows, i * dimension, dimension);
            kept[i] = labels[keep[i]];
        }
        return of(Embeddings.adopt(keep.length, dimension, rows), kept, classNames, maxPoints, seed);
    }

    /**
     * At most {@code maxPoints} embeddings (a uniform sample drawn with {@code seed} when there are more), projected
     * to their top two principal components when the dimension exceeds 2 (the components are fitted on all
     * embeddings). A 1-D embedding is drawn on the x axis.
     */
    public static EmbeddingMap of(Embeddings embeddings, int[] labels, List<String> classNames, int maxPoints, long seed) {
        if (embeddings == null || labels == null || embeddings.count() != labels.length) {
            throw new IllegalArgumentException("need one label per embedding");
        }
        if (maxPoints < 1) {
            throw new IllegalArgumentException("maxPoints must be positive, got " + maxPoints);
        }
        int n = embeddings.count();
        int d = embeddings.dimension();
        double[] xs = new double[n];
        double[] ys = new double[n];
        String projection;
        if (d == 1) {
            for (int i = 0; i < n; i++) {
                xs[i] = embeddings.get(i, 0);
            }
            projection = "1-D embedding (on the x axis)";
        } else if (d == 2) {
            for (int i = 0; i < n; i++) {
                xs[i] = embeddings.get(i, 0);
                ys[i] = embeddings.get(i, 1);
            }
            projection = "2-D embedding";
        } else {
            PrincipalComponents pca = PrincipalComponents.of(embeddings);
            double[][] projected = pca.project(embeddings);
            xs = projected[0];
            ys = projected[1];
            projection = String.format(Locale.ROOT, "PCA of the %d-D embedding: top 2 components, %.1f%% of variance",
                    d, 100 * pca.explainedVariance());
        }
        int[] keep = Subsample.indices(n, maxPoints, seed);
        if (keep.length < n) {
            projection += String.format(Locale.ROOT, "; %,d of %,d points, sampled with seed %d", keep.length, n, seed);
        }
        double[] kx = new double[keep.length];
        double[] ky = new double[keep.length];
        int[] kl = new int[keep.length];
        for (int i = 0; i < keep.length; i++) {
            kx[i] = xs[keep[i]];
            ky[i] = ys[keep[i]];
            kl[i] = labels[keep[i]];
        }
        return new EmbeddingMap(kx, ky, kl, classNames, projection);
    }

}
