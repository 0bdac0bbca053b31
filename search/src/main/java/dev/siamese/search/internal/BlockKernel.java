package dev.siamese.search.internal;

import dev.siamese.search.SearchException;
import dev.siamese.search.dedup.DuplicateFinder;
import dev.siamese.search.knn.ExactKnn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The blocked dot-product engine under {@link ExactKnn} and {@link DuplicateFinder}: the gallery is cut into tiles of
 * {@value #TILE} rows stored transposed (one array per dimension), and four query rows at a time are multiplied with
 * a tile by fused multiply-add loops over contiguous arrays, on the Vector API where the JVM has it
 * ({@link VectorApi}) and otherwise in loops the JIT turns into SIMD code. Only one tile row of
 * dot products per query row exists at any time, never an N x N matrix.
 */
public final class BlockKernel {
    /** Gallery rows per tile; 512 keeps the four accumulators and a tile of 64-D data inside L1/L2. */
    public static final int TILE = 512;
    /** Dot products on the Vector API ({@link VectorKernels#dots4}) where it is readable. */
    private static final boolean VECTOR_DOTS = VectorApi.VECTORISED && VectorKernels.fitsTiles(TILE);

    private BlockKernel() {
    }

    /** What a worker thread does with the dot products of one query row against one gallery tile. */
    public interface RowSink {
        /**
         * @param row         the query row
         * @param colStart    the gallery index of {@code dots[0]}
         * @param cols        valid entries of {@code dots}
         * @param dots        dot products of the query row with gallery rows {@code colStart ..}
         * @param offDiagonal in a self-join, whether the tile lies strictly above the diagonal (so its mirror image is
         *                    never computed and the sink must also account for it)
         */
        void row(int row, int colStart, int cols, float[] dots, boolean offDiagonal);
    }

    /** A matrix cut into transposed tiles, plus its squared row norms. */
    public static final class Tiles {
        final int count;
        final int dim;
        final float[][][] tiles;
        public final float[] norms;

        public Tiles(float[] values, int count, int dim) {
            this.count = count;
            this.dim = dim;
            int n = (count + TILE - 1) / TILE;
            tiles = new float[n][dim][TILE];
            for (int t = 0; t < n; t++) {
                int start = t * TILE;
                int cols = Math.min(TILE, count - start);
                float[][] tile = tiles[t];
                for (int j = 0; j < cols; j++) {
                    int base = (start + j) * dim;
                    for (int d = 0; d < dim; d++) {
                        tile[d][j] = values[base + d];
                    }
                }
            }
            norms = squaredNorms(values, count, dim);
        }

        public int tileCount() {
            return tiles.length;
        }

        int cols(int tile) {
            return Math.min(TILE, count - tile * TILE);
        }
    }

    public static float[] squaredNorms(float[] values, int count, int dim) {
        float[] norms = new float[count];
        for (int i = 0; i < count; i++) {
            double sum = 0;
            for (int d = 0; d < dim; d++) {
                double v = values[i * dim + d];
                sum += v * v;
            }
            norms[i] = (float) sum;
        }
        return norms;
    }

    /**
     * Feeds every (query row, gallery tile) dot-product row to the sink of the thread that computed it.
     *
     * @param queries   query rows back to back
     * @param queryRows number of query rows
     * @param gallery   the gallery tiles
     * @param selfJoin  queries are the gallery: only tiles on or above the diagonal are computed
     * @param threads   worker threads
     * @param sinks     makes the sink of worker {@code t}
     */
    public static <S extends RowSink> List<S> run(float[] queries, int queryRows, Tiles gallery, boolean selfJoin, int threads,
                                           IntFunction<S> sinks) {
        return run(queries, queryRows, gallery, selfJoin, threads, sinks, DuplicateFinder.Progress.NONE);
    }

    /** As {@link #run(float[], int, Tiles, boolean, int, IntFunction)}, telling {@code progress} the tiles done. */
    public static <S extends RowSink> List<S> run(float[] queries, int queryRows, Tiles gallery, boolean selfJoin, int threads,
                                           IntFunction<S> sinks, DuplicateFinder.Progress progress) {
        int dim = gallery.dim;
        int queryTiles = (queryRows + TILE - 1) / TILE;
        int items = selfJoin ? gallery.tileCount() : queryTiles;
        AtomicInteger next = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong tilesDone = new java.util.concurrent.atomic.AtomicLong();
        long tilesTotal = selfJoin ? (long) items * (items + 1) / 2 : (long) items * gallery.tileCount();
        List<S> made = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            made.add(sinks.apply(t));
        }
        Runnable[] workers = new Runnable[threads];
        for (int t = 0; t < threads; t++) {
            S sink = made.get(t);
            workers[t] = () -> {
                float[][] acc = new float[4][TILE];
                for (int item = next.getAndIncrement(); item < items; item = next.getAndIncrement()) {
                    if (selfJoin) {
                        // the widest column first, so the last items handed out are the short ones
                        int colTile = items - 1 - item;
                        for (int rowTile = 0; rowTile <= colTile; rowTile++) {
                            tile(queries, dim, rowTile, queryRows, gallery, colTile, acc, sink, rowTile != colTile);
                        }
                        progress.update(tilesDone.addAndGet(colTile + 1), tilesTotal);
                    } else {
                        for (int colTile = 0; colTile < gallery.tileCount(); colTile++) {
                            tile(queries, dim, item, queryRows, gallery, colTile, acc, sink, false);
                        }
                        progress.update(tilesDone.addAndGet(gallery.tileCount()), tilesTotal);
                    }
                }
            };
        }
        if (threads == 1) {
            workers[0].run();
            return made;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "siamese-knn");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable worker : workers) {
                futures.add(pool.submit(worker));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SearchException("nearest-neighbour search interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new SearchException("nearest-neighbour search failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
        return made;
    }

    private static void tile(float[] queries, int dim, int rowTile, int queryRows, Tiles gallery, int colTile,
                             float[][] acc, RowSink sink, boolean offDiagonal) {
        int first = rowTile * TILE;
        int last = Math.min(queryRows, first + TILE);
        float[][] tile = gallery.tiles[colTile];
        int cols = gallery.cols(colTile);
        int colStart = colTile * TILE;
        for (int r = first; r < last; r += 4) {
            int valid = Math.min(4, last - r);
            // a short last group repeats its last row; those results are not handed on
            int r1 = valid > 1 ? r + 1 : r;
            int r2 = valid > 2 ? r + 2 : r1;
            int r3 = valid > 3 ? r + 3 : r2;
            dots4(queries, dim, r * dim, r1 * dim, r2 * dim, r3 * dim, tile, cols, acc[0], acc[1], acc[2], acc[3]);
            for (int v = 0; v < valid; v++) {
                sink.row(r + v, colStart, cols, acc[v], offDiagonal);
            }
        }
    }

    /**
     * a{n}[j] = dot(query row at offset b{n}, tile column j) for j below {@code cols}. Two dimensions per pass and
     * four rows per gallery load keep the loop bound by FMA throughput rather than by loads and stores.
     */
    static void dots4(float[] q, int dim, int b0, int b1, int b2, int b3, float[][] tile, int cols,
                      float[] a0, float[] a1, float[] a2, float[] a3) {
        if (VECTOR_DOTS) {
            VectorKernels.dots4(q, dim, b0, b1, b2, b3, tile, cols, a0, a1, a2, a3);
            return;
        }
        scalarDots4(q, dim, b0, b1, b2, b3, tile, cols, a0, a1, a2, a3);
    }

    /** {@link #dots4} in plain Java, which the JIT vectorises over the columns (the path without the Vector API). */
    static void scalarDots4(float[] q, int dim, int b0, int b1, int b2, int b3, float[][] tile, int cols,
                            float[] a0, float[] a1, float[] a2, float[] a3) {
        java.util.Arrays.fill(a0, 0, cols, 0f);
        java.util.Arrays.fill(a1, 0, cols, 0f);
        java.util.Arrays.fill(a2, 0, cols, 0f);
        java.util.Arrays.fill(a3, 0, cols, 0f);
        int d = 0;
        for (; d + 1 < dim; d += 2) {
            float[] x = tile[d];
            float[] y = tile[d + 1];
            float p0 = q[b0 + d];
            float p1 = q[b1 + d];
            float p2 = q[b2 + d];
            float p3 = q[b3 + d];
            float s0 = q[b0 + d + 1];
            float s1 = q[b1 + d + 1];
            float s2 = q[b2 + d + 1];
            float s3 = q[b3 + d + 1];
            for (int j = 0; j < cols; j++) {
                float gx = x[j];
                float gy = y[j];
                a0[j] = Math.fma(s0, gy, Math.fma(p0, gx, a0[j]));
                a1[j] = Math.fma(s1, gy, Math.fma(p1, gx, a1[j]));
                a2[j] = Math.fma(s2, gy, Math.fma(p2, gx, a2[j]));
                a3[j] = Math.fma(s3, gy, Math.fma(p3, gx, a3[j]));
            }
        }
        if (d < dim) {
            float[] x = tile[d];
            float p0 = q[b0 + d];
            float p1 = q[b1 + d];
            float p2 = q[b2 + d];
            float p3 = q[b3 + d];
            for (int j = 0; j < cols; j++) {
                float gx = x[j];
                a0[j] = Math.fma(p0, gx, a0[j]);
                a1[j] = Math.fma(p1, gx, a1[j]);
                a2[j] = Math.fma(p2, gx, a2[j]);
                a3[j] = Math.fma(p3, gx, a3[j]);
            }
        }
    }
}
