package dev.siamese.search.knn;

import dev.siamese.api.model.Embeddings;
import dev.siamese.search.internal.BlockKernel;
import dev.siamese.search.internal.VectorApi;

import java.util.Arrays;
import java.util.List;

/**
 * Exact k-nearest-neighbour search by Euclidean distance over float embeddings, for ground truth, for collections
 * small enough to scan (a few hundred thousand rows) and for exact duplicate finding.
 *
 * <p>Squared distances are computed as {@code |a|^2 + |b|^2 - 2 a.b} tile by tile (512 gallery rows, stored
 * transposed, against four query rows at a time in FMA loops the JIT vectorises), and each query row keeps a bounded
 * max-heap of its best {@code k}; a branch-free (vectorised) pass over each row of a tile first checks whether any
 * pair can enter a heap at all, which once the heaps are full is rarely the case. An all-vs-all search computes each
 * pair once and offers it to both rows. Work is spread over row tiles on the given number of threads; memory is the
 * data, one transposed copy of the gallery and the heaps, never an N x N matrix. Results are deterministic: neighbours are ordered by distance, ties by the
 * smaller index. Thread-safe.
 */
public final class ExactKnn {
    /** An all-vs-all search keeps one heap per row per thread while threads x rows x k stays below this. */
    private static final long SYMMETRIC_HEAP_BUDGET = 64L << 20;

    private final int threads;

    /** An exact search on {@code threads} worker threads. */
    public ExactKnn(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
    }

    /** An exact search on one thread per available processor. */
    public static ExactKnn withAllProcessors() {
        return new ExactKnn(Runtime.getRuntime().availableProcessors());
    }

    /** The number of worker threads. */
    /**
     * How the dot products run in this JVM, e.g. "Vector API, 512-bit" or "plain Java (no Vector API)": the first
     * needs {@code --add-modules jdk.incubator.vector}, which the {@code siamese} launcher passes to the commands that
     * search.
     */
    public static String kernel() {
        return VectorApi.describe();
    }

    public int threads() {
        return threads;
    }

    /**
     * The {@code k} nearest other rows of every row of {@code data} (a row is never its own neighbour; identical
     * rows at other indices are).
     *
     * @throws IllegalArgumentException when {@code k} is below 1 or above {@code data.count() - 1}
     */
    public Neighbours allVsAll(Embeddings data, int k) {
        int n = data.count();
        if (k < 1 || k > n - 1) {
            throw new IllegalArgumentException("k must be between 1 and " + (n - 1) + " (the number of other rows among "
                    + n + "), got " + k);
        }
        float[] values = data.toArray();
        BlockKernel.Tiles tiles = new BlockKernel.Tiles(values, n, data.dimension());
        int workers = Math.min(threads, tiles.tileCount());
        if ((long) workers * n * k <= SYMMETRIC_HEAP_BUDGET) {
            List<HeapSink> sinks = BlockKernel.run(values, n, tiles, true, workers,
                    t -> new HeapSink(new Heaps(n, k), tiles.norms, tiles.norms, true));
            return merge(sinks.stream().map(s -> s.heaps).toList(), n, k, tiles.norms);
        }
        Heaps heaps = new Heaps(n, k);
        BlockKernel.run(values, n, tiles, false, workers, t -> new HeapSink(heaps, tiles.norms, tiles.norms, true));
        return merge(List.of(heaps), n, k, tiles.norms);
    }

    /**
     * The {@code k} nearest rows of {@code gallery} for every row of {@code queries}.
     *
     * @throws IllegalArgumentException when {@code k} is below 1 or above the gallery size, or the dimensions differ
     */
    public Neighbours search(Embeddings queries, Embeddings gallery, int k) {
        if (queries.dimension() != gallery.dimension()) {
            throw new IllegalArgumentException("queries have dimension " + queries.dimension() + " but the gallery has "
                    + gallery.dimension());
        }
        if (k < 1 || k > gallery.count()) {
            throw new IllegalArgumentException("k must be between 1 and the gallery size " + gallery.count() + ", got "
                    + k);
        }
        int q = queries.count();
        float[] values = queries.toArray();
        float[] queryNorms = BlockKernel.squaredNorms(values, q, queries.dimension());
        BlockKernel.Tiles tiles = new BlockKernel.Tiles(gallery.toArray(), gallery.count(), gallery.dimension());
        Heaps heaps = new Heaps(q, k);
        int workers = Math.max(1, Math.min(threads, (q + BlockKernel.TILE - 1) / BlockKernel.TILE));
        BlockKernel.run(values, q, tiles, false, workers, t -> new HeapSink(heaps, queryNorms, tiles.norms, false));
        return merge(List.of(heaps), q, k, queryNorms);
    }

    private static Neighbours merge(List<Heaps> all, int rows, int k, float[] queryNorms) {
        int[] indices = new int[rows * k];
        float[] distances = new float[rows * k];
        int candidates = all.size() * k;
        float[] d = new float[candidates];
        int[] ix = new int[candidates];
        Integer[] order = new Integer[candidates];
        for (int row = 0; row < rows; row++) {
            int n = 0;
            for (Heaps heaps : all) {
                int size = heaps.size[row];
                System.arraycopy(heaps.dist, row * k, d, n, size);
                System.arraycopy(heaps.idx, row * k, ix, n, size);
                n += size;
            }
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, 0, n, (a, b) -> Heaps.greater(d[a], ix[a], d[b], ix[b]) ? 1
                    : Heaps.greater(d[b], ix[b], d[a], ix[a]) ? -1 : 0);
            for (int r = 0; r < k; r++) {
                int o = order[r];
                indices[row * k + r] = ix[o];
                // the heaps hold |b|^2 - 2 a.b; add |a|^2 and clamp the rounding below zero
                distances[row * k + r] = (float) Math.sqrt(Math.max(0f, d[o] + queryNorms[row]));
            }
        }
        return new Neighbours(rows, k, indices, distances);
    }

    /** Keeps each row's k best (|b|^2 - 2 a.b, index) pairs. */
    private static final class HeapSink implements BlockKernel.RowSink {
        final Heaps heaps;
        final float[] queryNorms;
        final float[] galleryNorms;
        final boolean self;

        HeapSink(Heaps heaps, float[] queryNorms, float[] galleryNorms, boolean self) {
            this.heaps = heaps;
            this.queryNorms = queryNorms;
            this.galleryNorms = galleryNorms;
            this.self = self;
        }

        @Override
        public void row(int row, int colStart, int cols, float[] dots, boolean offDiagonal) {
            float[] norms = galleryNorms;
            float[] thr = heaps.threshold;
            float t = thr[row];
            // ranking within a row does not need the row's own norm: keys are |b|^2 - 2 a.b, the norm is added at the end
            if (!offDiagonal) {
                if (slack(dots, cols, norms, colStart, t) > 0) {
                    return;
                }
                for (int j = 0; j < cols; j++) {
                    float p = norms[colStart + j] - 2f * dots[j];
                    if (p <= t) {
                        int col = colStart + j;
                        if (!self || col != row) {
                            heaps.offer(row, p, col);
                            t = thr[row];
                        }
                    }
                }
                return;
            }
            // above the diagonal of a self-join the pair also counts for the column's row, keyed from its side
            // (own norm - 2 a.b, bit-identical to what that row's own diagonal tiles compute); one branch per pair
            float own = queryNorms[row];
            if (slack(dots, cols, norms, thr, colStart, t, own) > 0) {
                return;
            }
            for (int j = 0; j < cols; j++) {
                int col = colStart + j;
                float twice = 2f * dots[j];
                float p = norms[col] - twice;
                float mirrored = own - twice;
                if (p <= t | mirrored <= thr[col]) {
                    if (p <= t) {
                        heaps.offer(row, p, col);
                        t = thr[row];
                    }
                    if (mirrored <= thr[col]) {
                        heaps.offer(col, mirrored, row);
                    }
                }
            }
        }
    }

    /**
     * The smallest {@code key - threshold} over the row's pairs in this tile: above zero, no pair enters the row's
     * heap (the sign of a float difference is that of the comparison, exactly). Once the heaps are full that is most
     * tiles, and this branch-free loop is one the JIT vectorises; the loop with the heap tests only runs for the rest.
     */
    private static float slack(float[] dots, int cols, float[] norms, int colStart, float t) {
        float least = Float.POSITIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            least = Math.min(least, norms[colStart + j] - 2f * dots[j] - t);
        }
        return least;
    }

    /** {@link #slack(float[], int, float[], int, float)} for a tile above the diagonal, whose pairs count twice. */
    private static float slack(float[] dots, int cols, float[] norms, float[] thr, int colStart, float t, float own) {
        float least = Float.POSITIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            float twice = 2f * dots[j];
            least = Math.min(least, Math.min(norms[colStart + j] - twice - t, own - twice - thr[colStart + j]));
        }
        return least;
    }

    /** One bounded max-heap of (distance key, index) per row, stored flat; the root is the worst kept entry. */
    static final class Heaps {
        final int k;
        final float[] dist;
        final int[] idx;
        final int[] size;
        /** The root's key once a heap is full, else +infinity: cheaper to test than the heap itself. */
        final float[] threshold;

        Heaps(int rows, int k) {
            this.k = k;
            dist = new float[rows * k];
            idx = new int[rows * k];
            size = new int[rows];
            threshold = new float[rows];
            Arrays.fill(threshold, Float.POSITIVE_INFINITY);
        }

        static boolean greater(float d1, int i1, float d2, int i2) {
            return d1 > d2 || (d1 == d2 && i1 > i2);
        }

        void offer(int row, float d, int index) {
            int base = row * k;
            int n = size[row];
            if (n < k) {
                int c = n;
                while (c > 0) {
                    int p = (c - 1) >> 1;
                    if (greater(d, index, dist[base + p], idx[base + p])) {
                        dist[base + c] = dist[base + p];
                        idx[base + c] = idx[base + p];
                        c = p;
                    } else {
                        break;
                    }
                }
                dist[base + c] = d;
                idx[base + c] = index;
                size[row] = n + 1;
                if (n + 1 == k) {
                    threshold[row] = dist[base];
                }
                return;
            }
            if (!greater(dist[base], idx[base], d, index)) {
                return;
            }
            int c = 0;
            while (true) {
                int l = 2 * c + 1;
                if (l >= k) {
                    break;
                }
                int r = l + 1;
                int m = r < k && greater(dist[base + r], idx[base + r], dist[base + l], idx[base + l]) ? r : l;
                if (greater(dist[base + m], idx[base + m], d, index)) {
                    dist[base + c] = dist[base + m];
                    idx[base + c] = idx[base + m];
                    c = m;
                } else {
                    break;
                }
            }
            dist[base + c] = d;
            idx[base + c] = index;
            threshold[row] = dist[base];
        }
    }
}
