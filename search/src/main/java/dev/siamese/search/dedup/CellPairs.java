package dev.siamese.search.dedup;

import dev.siamese.api.model.Embeddings;
import dev.siamese.search.knn.KMeansCells;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pairs closer than a threshold found inside k-means cells, on one machine, as the Spark dedup job finds them on many:
 * cells of about {@code cellSize} vectors fitted on a sample (at most 100,000 rows, evenly spaced), each vector at
 * home in its nearest cell and a guest in those of its {@code probes} nearest whose bisector with its home it lies
 * within the threshold of ({@link KMeansCells#assign}: no pair is lost by that rule), each cell taking at most
 * {@code (probes - 1) x cellSize} guests, nearest the bisectors first, and the exact blocked join inside each cell.
 * Work per vector stays flat as N grows; a pair is missed only where the guest cap or the probes leave it out.
 */
final class CellPairs {

    private static final int SAMPLE = 100_000;
    private static final int BATCH = 4096;

    private CellPairs() {
    }

    /** Each pair once ({@code first < second}), with its distance (combined with the hash term when given). */
    static IndexPairs find(Embeddings embeddings, long[] hashes, double threshold, double bitWeight, int cellSize,
                           int probes, int threads, DuplicateFinder.Progress progress, PairLimit limit) {
        int n = embeddings.count();
        int d = embeddings.dimension();
        int k = (int) Math.max(1, Math.round((double) n / cellSize));
        if (k == 1) {
            return DuplicateFinder.pairs(embeddings, hashes, threshold, bitWeight, threads, progress, limit);
        }
        float[] values = embeddings.toArray();
        int s = Math.min(n, SAMPLE);
        float[] sample = new float[s * d];
        for (int i = 0; i < s; i++) {
            System.arraycopy(values, (int) ((long) i * n / s) * d, sample, i * d, d);
        }
        KMeansCells cells = KMeansCells.fit(sample, s, d, Math.min(k, s), 10, 17, threads);
        int p = Math.min(probes, cells.count());
        int[] cellOf = new int[n * p];
        double[] margins = new double[n * p];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "siamese-cells");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> assigned = new ArrayList<>();
            for (int from = 0; from < n; from += BATCH) {
                int start = from;
                int count = Math.min(BATCH, n - from);
                assigned.add(pool.submit(() -> {
                    int[] c = new int[count * p];
                    double[] m = new double[count * p];
                    cells.assign(Arrays.copyOfRange(values, start * d, (start + count) * d), count, p, threshold, c, m);
                    System.arraycopy(c, 0, cellOf, start * p, count * p);
                    System.arraycopy(m, 0, margins, start * p, count * p);
                }));
            }
            await(assigned);
            List<int[]> members = members(cellOf, margins, n, p, cells.count(), (long) (p - 1) * cellSize);
            AtomicLong done = new AtomicLong();
            // a pair can be found in each of the cells both its pictures are in
            PairLimit counted = limit.foundUpTo(p);
            List<Future<IndexPairs>> joined = new ArrayList<>();
            for (int[] member : members) {
                joined.add(pool.submit(() -> {
                    IndexPairs found = join(values, d, hashes, member, threshold, bitWeight, counted);
                    progress.update(done.incrementAndGet(), members.size());
                    return found;
                }));
            }
            Map<Long, Double> unique = new HashMap<>();
            for (Future<IndexPairs> f : joined) {
                IndexPairs found = get(f);
                for (int i = 0; i < found.size(); i++) {
                    unique.putIfAbsent((long) found.first()[i] * n + found.second()[i], found.distances()[i]);
                }
                limit.check(unique.size());
            }
            long[] keys = unique.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
            int[] first = new int[keys.length];
            int[] second = new int[keys.length];
            double[] distances = new double[keys.length];
            for (int i = 0; i < keys.length; i++) {
                first[i] = (int) (keys[i] / n);
                second[i] = (int) (keys[i] % n);
                distances[i] = unique.get(keys[i]);
            }
            return new IndexPairs(first, second, distances);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Each cell's rows: its home vectors, then at most {@code guestLimit} guests, nearest the bisectors first. */
    private static List<int[]> members(int[] cellOf, double[] margins, int n, int p, int k, long guestLimit) {
        int[] homes = new int[k];
        int[] guests = new int[k];
        for (int i = 0; i < n; i++) {
            homes[cellOf[i * p]]++;
            for (int j = 1; j < p && cellOf[i * p + j] >= 0; j++) {
                guests[cellOf[i * p + j]]++;
            }
        }
        int[][] home = new int[k][];
        int[][] guest = new int[k][];
        for (int c = 0; c < k; c++) {
            home[c] = new int[homes[c]];
            guest[c] = new int[guests[c]];
        }
        Arrays.fill(homes, 0);
        Arrays.fill(guests, 0);
        for (int i = 0; i < n; i++) {
            int h = cellOf[i * p];
            home[h][homes[h]++] = i;
            for (int j = 1; j < p && cellOf[i * p + j] >= 0; j++) {
                int c = cellOf[i * p + j];
                guest[c][guests[c]++] = i * p + j;
            }
        }
        List<int[]> members = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            int[] g = guest[c];
            if (g.length > guestLimit) {
                g = Arrays.stream(g).boxed().sorted((x, y) -> Double.compare(margins[x], margins[y]))
                        .limit(guestLimit).mapToInt(Integer::intValue).toArray();
            }
            int[] all = Arrays.copyOf(home[c], home[c].length + g.length);
            for (int j = 0; j < g.length; j++) {
                all[home[c].length + j] = g[j] / p;
            }
            if (all.length > 1) {
                members.add(all);
            }
        }
        return members;
    }

    private static IndexPairs join(float[] values, int d, long[] hashes, int[] rows, double threshold, double bitWeight,
                                   PairLimit limit) {
        int m = rows.length;
        float[] cell = new float[m * d];
        long[] cellHashes = hashes == null ? null : new long[m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(values, rows[i] * d, cell, i * d, d);
            if (hashes != null) {
                cellHashes[i] = hashes[rows[i]];
            }
        }
        IndexPairs local = DuplicateFinder.pairs(Embeddings.adopt(m, d, cell), cellHashes, threshold, bitWeight, 1,
                DuplicateFinder.Progress.NONE, limit);
        int[] first = new int[local.size()];
        int[] second = new int[local.size()];
        for (int i = 0; i < local.size(); i++) {
            int a = rows[local.first()[i]];
            int b = rows[local.second()[i]];
            first[i] = Math.min(a, b);
            second[i] = Math.max(a, b);
        }
        return new IndexPairs(first, second, local.distances());
    }

    private static void await(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            get(f);
        }
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pairing in cells", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
