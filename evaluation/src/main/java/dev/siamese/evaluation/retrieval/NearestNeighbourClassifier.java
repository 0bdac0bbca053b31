package dev.siamese.evaluation.retrieval;

import dev.siamese.api.model.Embeddings;

import java.util.stream.IntStream;

/**
 * Exact k-nearest-neighbour classification of query embeddings against labelled reference embeddings, by
 * Euclidean distance and majority vote.
 *
 * <p>A vote tie goes to the tied class whose nearest member is nearest; neighbours at equal distance are ordered by
 * reference index, so results are deterministic. Distances are summed in double precision in the same order as
 * {@link Embeddings#distance}, so the neighbours are exactly those a brute-force search with that method finds.
 *
 * <p>The search is blocked: references are held in blocks of transposed columns so that the inner loop runs over
 * references and vectorises; squared distances are first summed in float and only references that can still be
 * among the k nearest (within the float rounding bound) get the exact double sum. Query blocks run in parallel on
 * the common fork-join pool. Memory stays at O(references x dimension); no query x reference matrix is built.
 * Embeddings too large for float sums (|values| near 1e17 and beyond) fall back to a plain double search.
 */
public final class NearestNeighbourClassifier {
    private static final int QUERY_BLOCK = 32;
    private static final int REFERENCE_BLOCK = 4096;

    private final int k;

    /** A 1-nearest-neighbour classifier. */
    public NearestNeighbourClassifier() {
        this(1);
    }

    /** A classifier that votes among the {@code k} nearest references. */
    public NearestNeighbourClassifier(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        this.k = k;
    }

    public int k() {
        return k;
    }

    /**
     * The predicted label of each query.
     *
     * @param references      the labelled embeddings (e.g. of training pictures)
     * @param referenceLabels the label of each reference
     * @param queries         the embeddings to classify, of the same dimension
     * @throws IllegalArgumentException if the dimensions or label counts do not match, or there are fewer than
     *                                  {@code k} references
     */
    public int[] predict(Embeddings references, int[] referenceLabels, Embeddings queries) {
        if (references == null || referenceLabels == null || queries == null) {
            throw new IllegalArgumentException("references, referenceLabels and queries must not be null");
        }
        if (referenceLabels.length != references.count()) {
            throw new IllegalArgumentException(references.count() + " reference embeddings but " + referenceLabels.length + " labels");
        }
        if (references.dimension() != queries.dimension()) {
            throw new IllegalArgumentException("reference embeddings have dimension " + references.dimension()
                    + " but queries have dimension " + queries.dimension());
        }
        if (references.count() < k) {
            throw new IllegalArgumentException("k = " + k + " needs at least " + k + " reference embeddings, got " + references.count());
        }
        int[] labels = referenceLabels.clone();
        int[][] neighbours = nearest(references, queries);
        int[] predictions = new int[queries.count()];
        for (int q = 0; q < predictions.length; q++) {
            predictions[q] = vote(neighbours[q], labels);
        }
        return predictions;
    }

    /**
     * The share of queries whose predicted label equals their true label.
     *
     * @throws IllegalArgumentException as {@link #predict}, or if there are no queries or the query label count differs
     */
    public double accuracy(Embeddings references, int[] referenceLabels, Embeddings queries, int[] queryLabels) {
        if (queryLabels == null || queries == null || queryLabels.length != queries.count()) {
            throw new IllegalArgumentException((queries == null ? "null" : queries.count()) + " query embeddings but "
                    + (queryLabels == null ? "null" : queryLabels.length) + " query labels");
        }
        if (queries.count() == 0) {
            throw new IllegalArgumentException("accuracy needs at least one query, got none");
        }
        int[] predicted = predict(references, referenceLabels, queries);
        int correct = 0;
        for (int q = 0; q < predicted.length; q++) {
            if (predicted[q] == queryLabels[q]) {
                correct++;
            }
        }
        return (double) correct / predicted.length;
    }

    /**
     * The indices of the {@code k} nearest references of each query, nearest first (ties by lower index).
     */
    int[][] nearest(Embeddings references, Embeddings queries) {
        int dimension = references.dimension();
        int m = references.count();
        float[] rows = references.toArray();
        float[] query = queries.toArray();
        int n = queries.count();
        int[][] result = new int[n][];
        if (n == 0) {
            return result;
        }
        Search search = fitsFloat(rows, query, dimension) ? new Search(rows, query, m, dimension) : null;
        int blocks = (n + QUERY_BLOCK - 1) / QUERY_BLOCK;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            int from = b * QUERY_BLOCK;
            int to = Math.min(n, from + QUERY_BLOCK);
            if (search != null) {
                search.block(from, to, k, result);
            } else {
                exactBlock(rows, query, m, dimension, from, to, result);
            }
        });
        return result;
    }

    /**
     * Whether squared distances can be summed in float without overflow, so the float pre-filter is safe. Beyond
     * that (embeddings near 1e17 and up) the plain double search runs instead.
     */
    private static boolean fitsFloat(float[] rows, float[] query, int dimension) {
        double max = 0;
        for (float v : rows) {
            max = Math.max(max, Math.abs(v));
        }
        for (float v : query) {
            max = Math.max(max, Math.abs(v));
        }
        return Double.isFinite(max) && 4 * max * max * dimension < 1e36;
    }

    /**
     * The search proper. Squared distances to a block of references are first summed in float, in a loop over the
     * references of one column that the JIT vectorises; a reference can only be among the k nearest if its float
     * sum is within the float rounding bound of the current k-th exact distance, and only such candidates get the
     * exact double sum (the same one {@link Embeddings#distance} computes). So the result is exact, at float speed.
     */
    private static final class Search {
        private final float[] rows;
        private final float[] query;
        /** {@code blocks[b][d][j]}: coordinate d of reference {@code b * blockSize + j}. */
        private final float[][][] blocks;
        private final int blockSize;
        private final int m;
        private final int dimension;
        /** Relative bound on |float sum - exact sum| / exact sum, with a factor 2 to spare. */
        private final double relativeSlack;
        /** Absolute slack for float underflow of tiny squares. */
        private final double absoluteSlack;

        Search(float[] rows, float[] query, int m, int dimension) {
            this.rows = rows;
            this.query = query;
            this.m = m;
            this.dimension = dimension;
            // About 128 KiB of references per block, so a block stays in L2 while a block of queries scans it.
            this.blockSize = Math.max(256, Math.min(REFERENCE_BLOCK, 32_768 / dimension));
            int count = (m + blockSize - 1) / blockSize;
            this.blocks = new float[count][dimension][];
            for (int b = 0; b < count; b++) {
                int from = b * blockSize;
                int length = Math.min(blockSize, m - from);
                for (int d = 0; d < dimension; d++) {
                    float[] column = new float[length];
                    for (int j = 0; j < length; j++) {
                        column[j] = rows[(from + j) * dimension + d];
                    }
                    blocks[b][d] = column;
                }
            }
            this.relativeSlack = (dimension + 2) * 0x1p-23;
            this.absoluteSlack = 2.0 * dimension * Float.MIN_NORMAL;
        }

        void block(int from, int to, int k, int[][] result) {
            int size = to - from;
            double[][] bestDistance = new double[size][k];
            int[][] bestIndex = new int[size][k];
            for (double[] row : bestDistance) {
                java.util.Arrays.fill(row, Double.POSITIVE_INFINITY);
            }
            float[] squared = new float[blockSize];
            for (int b = 0; b < blocks.length; b++) {
                float[][] block = blocks[b];
                int offset = b * blockSize;
                int length = block[0].length;
                for (int q = 0; q < size; q++) {
                    int base = (from + q) * dimension;
                    // Same index on both arrays, so that C2 vectorises these loops.
                    float[] column = block[0];
                    float value = query[base];
                    for (int j = 0; j < length; j++) {
                        float diff = value - column[j];
                        squared[j] = diff * diff;
                    }
                    for (int d = 1; d < dimension; d++) {
                        column = block[d];
                        value = query[base + d];
                        for (int j = 0; j < length; j++) {
                            float diff = value - column[j];
                            squared[j] += diff * diff;
                        }
                    }
                    double[] distances = bestDistance[q];
                    int[] indices = bestIndex[q];
                    double worst = distances[k - 1];
                    float limit = limit(worst);
                    for (int j = 0; j < length; j++) {
                        if (squared[j] <= limit) {
                            double exact = exactSquared(base, offset + j);
                            if (exact < worst) {
                                worst = insert(distances, indices, exact, offset + j);
                                limit = limit(worst);
                            }
                        }
                    }
                }
            }
            for (int q = 0; q < size; q++) {
                result[from + q] = bestIndex[q];
            }
        }

        /** The largest float sum that may still belong to an exact squared distance below {@code worst}. */
        private float limit(double worst) {
            double limit = worst * (1 + relativeSlack) + absoluteSlack;
            float rounded = (float) limit;
            return rounded < limit ? Math.nextUp(rounded) : rounded;
        }

        /** The squared distance exactly as {@link Embeddings#distance} sums it, before the square root. */
        private double exactSquared(int queryBase, int reference) {
            double sum = 0;
            int b = reference * dimension;
            for (int d = 0; d < dimension; d++) {
                double diff = query[queryBase + d] - rows[b + d];
                sum += diff * diff;
            }
            return sum;
        }
    }

    /** Plain double search, for embeddings too large to pre-filter in float. */
    private void exactBlock(float[] rows, float[] query, int m, int dimension, int from, int to, int[][] result) {
        for (int q = from; q < to; q++) {
            double[] distances = new double[k];
            int[] indices = new int[k];
            java.util.Arrays.fill(distances, Double.POSITIVE_INFINITY);
            double worst = Double.POSITIVE_INFINITY;
            int base = q * dimension;
            for (int r = 0; r < m; r++) {
                double sum = 0;
                int b = r * dimension;
                for (int d = 0; d < dimension; d++) {
                    double diff = query[base + d] - rows[b + d];
                    sum += diff * diff;
                }
                if (sum < worst) {
                    worst = insert(distances, indices, sum, r);
                }
            }
            result[q] = indices;
        }
    }

    /** Inserts a neighbour into the sorted top-k lists, after any at equal distance; returns the new k-th distance. */
    private static double insert(double[] distances, int[] indices, double distance, int index) {
        int i = distances.length - 1;
        while (i > 0 && distances[i - 1] > distance) {
            distances[i] = distances[i - 1];
            indices[i] = indices[i - 1];
            i--;
        }
        distances[i] = distance;
        indices[i] = index;
        return distances[distances.length - 1];
    }

    /** Majority label among the neighbours (nearest first); a tie goes to the class whose first member comes first. */
    private static int vote(int[] neighbours, int[] labels) {
        int bestLabel = labels[neighbours[0]];
        int bestVotes = 0;
        for (int i = 0; i < neighbours.length; i++) {
            int label = labels[neighbours[i]];
            int votes = 0;
            for (int neighbour : neighbours) {
                if (labels[neighbour] == label) {
                    votes++;
                }
            }
            if (votes > bestVotes) {
                bestVotes = votes;
                bestLabel = label;
            }
        }
        return bestLabel;
    }
}
