package dev.siamese.evaluation;

import dev.siamese.api.model.Embeddings;

import java.util.SplittableRandom;

/** Test data: Gaussian clusters, one per class, around points on a circle. */
public final class ClusteredEmbeddings {
    public final Embeddings embeddings;
    public final int[] labels;

    private ClusteredEmbeddings(Embeddings embeddings, int[] labels) {
        this.embeddings = embeddings;
        this.labels = labels;
    }

    /** {@code count} points of {@code classes} classes in {@code dimension} dimensions, spread {@code spread}. */
    public static ClusteredEmbeddings generate(int count, int classes, int dimension, double spread, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[count * dimension];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(classes);
            labels[i] = label;
            double angle = 2 * Math.PI * label / classes;
            for (int d = 0; d < dimension; d++) {
                double centre = d == 0 ? Math.cos(angle) : d == 1 ? Math.sin(angle) : 0.3 * Math.cos(angle * (d + 1));
                values[i * dimension + d] = (float) (centre + spread * random.nextGaussian());
            }
        }
        return new ClusteredEmbeddings(new Embeddings(count, dimension, values), labels);
    }
}
