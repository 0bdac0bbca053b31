package dev.siamese.evaluation.retrieval;

import dev.siamese.api.model.Embeddings;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The search behind {@link RetrievalMetrics}: for each query, exact distances to every gallery item, a selection of
 * the T nearest (T = max(R, 10), capped by the gallery) and a stable sort of those, in query blocks that run in
 * parallel on the common fork-join pool.
 *
 * <p>Squared distances are summed in double precision in the same order as {@link Embeddings#distance}, so the
 * ranking is exactly the one that method gives; ties rank by gallery index.
 */
final class RetrievalSearch {
    private static final int QUERY_BLOCK = 64;
    private static final int[] RECALL_KS = {1, 5, 10};

    private RetrievalSearch() {
    }

    static RetrievalMetrics run(String mode, Embeddings gallery, int[] galleryLabels, Embeddings queries, int[] queryLabels,
                                boolean leaveOneOut, int maxR) {
        if (gallery == null || galleryLabels == null || queries == null || queryLabels == null) {
            throw new IllegalArgumentException("embeddings and labels must not be null");
        }
        if (gallery.count() != galleryLabels.length) {
            throw new IllegalArgumentException(gallery.count() + " gallery embeddings but " + galleryLabels.length + " gallery labels");
        }
        if (queries.count() != queryLabels.length) {
            throw new IllegalArgumentException(queries.count() + " query embeddings but " + queryLabels.length + " query labels");
        }
        if (gallery.dimension() != queries.dimension()) {
            throw new IllegalArgumentException("gallery embeddings have dimension " + gallery.dimension()
                    + " but queries have dimension " + queries.dimension() + " (different models?)");
        }
        if (maxR < 1) {
            throw new IllegalArgumentException("maxR must be at least 1, got " + maxR);
        }
        int m = gallery.count();
        int available = leaveOneOut ? m - 1 : m;
        if (available < 1) {
            throw new IllegalArgumentException("retrieval needs at least one gallery item per query, got a gallery of " + m
                    + (leaveOneOut ? " (leave-one-out)" : ""));
        }
        int dimension = gallery.dimension();
        float[] rows = gallery.toArray();
        float[] query = leaveOneOut ? rows : queries.toArray();
        requireFinite(rows, "gallery");
        requireFinite(query, "query");
        int[] labels = galleryLabels.clone();
        int[] qLabels = queryLabels.clone();

        float[][] columns = new float[dimension][m];
        for (int j = 0; j < m; j++) {
            for (int d = 0; d < dimension; d++) {
                columns[d][j] = rows[j * dimension + d];
            }
        }
        Map<Integer, Integer> classSizes = new HashMap<>();
        for (int label : labels) {
            classSizes.merge(label, 1, Integer::sum);
        }

        int n = queries.count();
        // Per query: R (0 = not scored), hits at k = 1, 5, 10, and AP@R.
        int[] relevant = new int[n];
        boolean[][] hits = new boolean[RECALL_KS.length][n];
        double[] averagePrecision = new double[n];
        int blocks = (n + QUERY_BLOCK - 1) / QUERY_BLOCK;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            double[] distance = new double[m];
            double[] scratch = new double[m];
            int[] candidates = new int[Math.min(available, Math.max(maxR, RECALL_KS[RECALL_KS.length - 1]))];
            int[] buffer = new int[candidates.length];
            int to = Math.min(n, (b + 1) * QUERY_BLOCK);
            for (int q = b * QUERY_BLOCK; q < to; q++) {
                int self = leaveOneOut ? q : -1;
                int label = qLabels[q];
                int r = classSizes.getOrDefault(label, 0) - (leaveOneOut ? 1 : 0);
                if (r <= 0) {
                    continue;
                }
                int cappedR = Math.min(r, maxR);
                relevant[q] = cappedR;
                int t = Math.min(available, Math.max(cappedR, RECALL_KS[RECALL_KS.length - 1]));
                distances(columns, query, q * dimension, distance);
                int count = nearest(distance, scratch, self, t, candidates, buffer);
                int found = 0;
                double sum = 0;
                int firstHit = Integer.MAX_VALUE;
                for (int i = 0; i < count; i++) {
                    if (labels[candidates[i]] == label) {
                        firstHit = Math.min(firstHit, i);
                        if (i < cappedR) {
                            found++;
                            sum += (double) found / (i + 1);
                        }
                    }
                }
                averagePrecision[q] = sum / cappedR;
                for (int s = 0; s < RECALL_KS.length; s++) {
                    hits[s][q] = firstHit < RECALL_KS[s];
                }
            }
        });

        int scored = 0;
        long[] hitCounts = new long[RECALL_KS.length];
        double apSum = 0;
        for (int q = 0; q < n; q++) {
            if (relevant[q] > 0) {
                scored++;
                apSum += averagePrecision[q];
                for (int s = 0; s < RECALL_KS.length; s++) {
                    if (hits[s][q]) {
                        hitCounts[s]++;
                    }
                }
            }
        }
        double denominator = scored;
        double nan = Double.NaN;
        return new RetrievalMetrics(mode, n, available, scored, maxR,
                scored == 0 ? nan : hitCounts[0] / denominator,
                scored == 0 ? nan : hitCounts[0] / denominator,
                scored == 0 ? nan : hitCounts[1] / denominator,
                scored == 0 ? nan : hitCounts[2] / denominator,
                scored == 0 ? nan : Math.min(1, apSum / denominator));
    }

    private static void requireFinite(float[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " embedding value " + i + " is " + values[i]
                        + "; embeddings must be finite (diverged training?)");
            }
        }
    }

    /** Squared distances of the query starting at {@code base} to every gallery item, summed as {@link Embeddings#distance} does. */
    private static void distances(float[][] columns, float[] query, int base, double[] out) {
        float[] column = columns[0];
        float value = query[base];
        for (int j = 0; j < out.length; j++) {
            double diff = value - column[j];
            out[j] = diff * diff;
        }
        for (int d = 1; d < columns.length; d++) {
            column = columns[d];
            value = query[base + d];
            for (int j = 0; j < out.length; j++) {
                double diff = value - column[j];
                out[j] += diff * diff;
            }
        }
    }

    /**
     * Writes the indices of the {@code t} nearest items (excluding {@code self}) into {@code out}, ordered by
     * distance and then index; returns {@code t}.
     */
    static int nearest(double[] distance, double[] scratch, int self, int t, int[] out, int[] buffer) {
        int n = 0;
        for (int j = 0; j < distance.length; j++) {
            if (j != self) {
                scratch[n++] = distance[j];
            }
        }
        double kth = select(scratch, n, t - 1);
        int count = 0;
        for (int j = 0; j < distance.length; j++) {
            if (j != self && distance[j] < kth) {
                out[count++] = j;
            }
        }
        int below = count;
        for (int j = 0; j < distance.length && count < t; j++) {
            if (j != self && distance[j] == kth) {
                out[count++] = j;
            }
        }
        // The tied items at the end are already in index order and farther than all before them.
        mergeSort(out, buffer, 0, below, distance);
        return count;
    }

    /** The k-th smallest (0-based) of {@code a[0..n)}, reordering {@code a} (Hoare quickselect, median of three). */
    static double select(double[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            double x = a[lo];
            double y = a[mid];
            double z = a[hi];
            double pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double swap = a[i];
                    a[i] = a[j];
                    a[j] = swap;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    /** Stable sort of {@code index[from..to)} by {@code key[index]}. */
    private static void mergeSort(int[] index, int[] buffer, int from, int to, double[] key) {
        if (to - from < 24) {
            for (int i = from + 1; i < to; i++) {
                int v = index[i];
                double kv = key[v];
                int j = i - 1;
                while (j >= from && key[index[j]] > kv) {
                    index[j + 1] = index[j];
                    j--;
                }
                index[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(index, buffer, from, mid, key);
        mergeSort(index, buffer, mid, to, key);
        if (key[index[mid - 1]] <= key[index[mid]]) {
            return;
        }
        System.arraycopy(index, from, buffer, from, to - from);
        int i = from;
        int j = mid;
        for (int o = from; o < to; o++) {
            if (j >= to || (i < mid && key[buffer[i]] <= key[buffer[j]])) {
                index[o] = buffer[i++];
            } else {
                index[o] = buffer[j++];
            }
        }
    }
}
