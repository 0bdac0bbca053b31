package dev.siamese.search.knn;

import dev.siamese.api.model.Embeddings;

import java.io.Serializable;
import java.util.Random;

/**
 * The cells of an inverted-file partition of the embedding space: k centres fitted by Lloyd's k-means on a sample
 * (started from k distinct sample vectors chosen by a seeded random draw; a centre left empty restarts at a random
 * sample vector), and the p nearest cells of any vector, found by the exact blocked kernel.
 */
public final class KMeansCells implements Serializable {

    private final float[] centres;
    private final int count;
    private final int dimension;

    private KMeansCells(float[] centres, int count, int dimension) {
        this.centres = centres;
        this.count = count;
        this.dimension = dimension;
    }

    /** {@code k} cells fitted to {@code n} sample vectors of {@code dimension} values, in {@code iterations} rounds. */
    public static KMeansCells fit(float[] sample, int n, int dimension, int k, int iterations, long seed, int threads) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("cannot fit " + k + " cells to " + n + " sample vectors");
        }
        Random random = new Random(seed);
        float[] centres = new float[k * dimension];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            System.arraycopy(sample, order[i] * dimension, centres, i * dimension, dimension);
        }
        Embeddings points = new Embeddings(n, dimension, sample);
        ExactKnn knn = new ExactKnn(threads);
        for (int round = 0; round < iterations && k > 1; round++) {
            Neighbours nearest = knn.search(points, new Embeddings(k, dimension, centres), 1);
            double[] sums = new double[k * dimension];
            int[] sizes = new int[k];
            for (int i = 0; i < n; i++) {
                int c = nearest.index(i, 0);
                sizes[c]++;
                for (int d = 0; d < dimension; d++) {
                    sums[c * dimension + d] += sample[i * dimension + d];
                }
            }
            for (int c = 0; c < k; c++) {
                if (sizes[c] == 0) {
                    System.arraycopy(sample, random.nextInt(n) * dimension, centres, c * dimension, dimension);
                    continue;
                }
                for (int d = 0; d < dimension; d++) {
                    centres[c * dimension + d] = (float) (sums[c * dimension + d] / sizes[c]);
                }
            }
        }
        return new KMeansCells(centres, k, dimension);
    }

    /** How many cells. */
    public int count() {
        return count;
    }

    /** The length of the vectors. */
    public int dimension() {
        return dimension;
    }

    /**
     * Where each of {@code n} vectors goes: its home (nearest) cell, at margin 0, then as a guest each other cell
     * among its {@code probes} nearest whose bisector with the home cell it is closer to than {@code threshold}, at
     * that distance ({@code (|x - c|^2 - |x - h|^2) / (2 |c - h|)}). A vector farther than the threshold from that
     * bisector cannot be within the threshold of any vector at home in that cell, so leaving it out loses no pair.
     * Row {@code i} owns {@code probes} slots of {@code cells} and {@code margins}; unused slots hold -1.
     */
    public void assign(float[] vectors, int n, int probes, double threshold, int[] cells, double[] margins) {
        Neighbours found = new ExactKnn(1).search(new Embeddings(n, dimension, vectors),
                new Embeddings(count, dimension, centres), probes);
        for (int i = 0; i < n; i++) {
            int home = found.index(i, 0);
            double homeDistance = found.distance(i, 0);
            cells[i * probes] = home;
            margins[i * probes] = 0;
            int slot = 1;
            for (int p = 1; p < probes; p++) {
                int c = found.index(i, p);
                double d = found.distance(i, p);
                double separation = 0;
                for (int k = 0; k < dimension; k++) {
                    double diff = centres[c * dimension + k] - centres[home * dimension + k];
                    separation += diff * diff;
                }
                double margin = separation == 0 ? 0 : (d * d - homeDistance * homeDistance) / (2 * Math.sqrt(separation));
                if (margin < threshold) {
                    cells[i * probes + slot] = c;
                    margins[i * probes + slot] = Math.max(0, margin);
                    slot++;
                }
            }
            for (; slot < probes; slot++) {
                cells[i * probes + slot] = -1;
                margins[i * probes + slot] = -1;
            }
        }
    }
}
