package dev.siamese.search.dedup;

import dev.siamese.api.model.Embeddings;
import dev.siamese.search.SearchHit;
import dev.siamese.search.index.EmbeddingIndex;
import dev.siamese.search.internal.BlockKernel;
import dev.siamese.search.knn.ExactKnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Finds near-duplicate pictures: every pair closer than a threshold, grouped into connected components by
 * union-find. Works on embeddings (Euclidean distance, exact through the blocked kernel of {@link ExactKnn}, or
 * approximate through the k nearest neighbours of an {@link EmbeddingIndex}) and on perceptual hashes (Hamming
 * distance, exact). Groups are numbered from 1 in order of their first member; members keep input order.
 */
public final class DuplicateFinder {

    private DuplicateFinder() {
    }

    /** Told, from any thread, how much of an exact all-pairs scan is done: {@code done} of {@code total} blocks. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);

        /** Tells nothing. */
        Progress NONE = (done, total) -> { };
    }

    /**
     * All groups of pictures whose embeddings are closer than {@code threshold} (strictly, like a model's verdict),
     * by an exact all-pairs scan on {@code threads} threads. Costs 2 N^2 D flops and memory for the pairs found.
     */
    public static DuplicateGroups exact(List<String> paths, Embeddings embeddings, double threshold, int threads) {
        return allPairs(paths, embeddings, threshold, threads, null, 0, Progress.NONE, PairLimit.none());
    }

    /** As {@link #exact(List, Embeddings, double, int)}, telling {@code progress} how far the scan is. */
    public static DuplicateGroups exact(List<String> paths, Embeddings embeddings, double threshold, int threads,
                                        Progress progress) {
        return allPairs(paths, embeddings, threshold, threads, null, 0, progress, PairLimit.none());
    }

    /**
     * As {@link #exact(List, Embeddings, double, int, Progress)}, keeping at most {@code maxPairs} pairs in memory:
     * beyond them it stops with a {@link TooManyPairsException} that names the threshold and the pairs found.
     */
    public static DuplicateGroups exact(List<String> paths, Embeddings embeddings, double threshold, int threads,
                                        Progress progress, long maxPairs) {
        return allPairs(paths, embeddings, threshold, threads, null, 0, progress,
                PairLimit.ofDistance(maxPairs, threshold));
    }

    /**
     * The exact all-pairs scan behind {@link #exact} and {@link #combined}: with {@code hashes}, a pair's distance is
     * its embedding distance plus {@code bitWeight} times its hashes' Hamming distance, and pairs are dropped inside
     * the kernel, so only pairs under the combined threshold are ever stored.
     */
    private static DuplicateGroups allPairs(List<String> paths, Embeddings embeddings, double threshold, int threads,
                                            long[] hashes, double bitWeight, Progress progress, PairLimit limit) {
        Objects.requireNonNull(paths, "paths");
        if (paths.size() != embeddings.count()) {
            throw new IllegalArgumentException(paths.size() + " paths for " + embeddings.count() + " embeddings");
        }
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("the duplicate threshold must be a positive distance, got " + threshold);
        }
        String metric = hashes == null ? "euclidean" : "euclidean+hash";
        IndexPairs found = pairs(embeddings, hashes, threshold, bitWeight, threads, progress, limit);
        List<long[]> edges = new ArrayList<>(found.size());
        List<Double> distances = new ArrayList<>(found.size());
        for (int e = 0; e < found.size(); e++) {
            edges.add(new long[] {found.first()[e], found.second()[e]});
            distances.add(found.distances()[e]);
        }
        return group(paths, edges, distances, metric, threshold, true);
    }

    /**
     * Every pair of rows of {@code embeddings} closer than {@code threshold}, by the exact blocked scan on
     * {@code threads} threads: the pairs {@link #exact} and {@link #combined} group. With {@code hashes} (one per row),
     * a pair's distance is its embedding distance plus {@code bitWeight} times its hashes' Hamming distance. Each pair
     * once, the smaller row first; memory holds only the pairs kept. For engines that partition a collection
     * themselves (the Spark dedup job runs it inside each cell).
     */
    public static IndexPairs pairs(Embeddings embeddings, long[] hashes, double threshold, double bitWeight, int threads,
                                   Progress progress) {
        return pairs(embeddings, hashes, threshold, bitWeight, threads, progress, PairLimit.none());
    }

    /** As {@link #pairs(Embeddings, long[], double, double, int, Progress)}, counting the pairs found in {@code pairLimit}. */
    static IndexPairs pairs(Embeddings embeddings, long[] hashes, double threshold, double bitWeight, int threads,
                            Progress progress, PairLimit pairLimit) {
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("the duplicate threshold must be a positive distance, got " + threshold);
        }
        if (hashes != null && hashes.length != embeddings.count()) {
            throw new IllegalArgumentException(embeddings.count() + " embeddings for " + hashes.length + " hashes");
        }
        int n = embeddings.count();
        if (n < 2) {
            return new IndexPairs(new int[0], new int[0], new double[0]);
        }
        float[] values = embeddings.toArray();
        BlockKernel.Tiles tiles = new BlockKernel.Tiles(values, n, embeddings.dimension());
        // compare squared distances with a little slack so rounding of |a|^2+|b|^2-2ab never drops a true pair;
        // the exact distance is recomputed for every candidate
        double limit = threshold * threshold;
        float slack = (float) (limit + 1e-5 * (1 + limit));
        List<PairSink> sinks = BlockKernel.run(values, n, tiles, true, Math.max(1, Math.min(threads, tiles.tileCount())),
                t -> new PairSink(tiles.norms, slack, hashes, (float) bitWeight, (float) threshold,
                        (float) (1e-5 * (1 + limit)), pairLimit), progress);
        int total = 0;
        for (PairSink sink : sinks) {
            pairLimit.add(sink.count - sink.counted);
            total += sink.count;
        }
        int[] first = new int[total];
        int[] second = new int[total];
        double[] distances = new double[total];
        int kept = 0;
        for (PairSink sink : sinks) {
            for (int e = 0; e < sink.count; e++) {
                int a = sink.first[e];
                int b = sink.second[e];
                double d = embeddings.distance(a, embeddings, b)
                        + (hashes == null ? 0 : bitWeight * Long.bitCount(hashes[a] ^ hashes[b]));
                if (d < threshold) {
                    first[kept] = Math.min(a, b);
                    second[kept] = Math.max(a, b);
                    distances[kept] = d;
                    kept++;
                }
            }
        }
        pairLimit.check(kept);
        return new IndexPairs(Arrays.copyOf(first, kept), Arrays.copyOf(second, kept), Arrays.copyOf(distances, kept));
    }

    /**
     * All groups of pictures whose combined distance, embedding distance plus {@code bitWeight} times the Hamming
     * distance of their hashes, is below {@code threshold}: both signals at once (a near-duplicate twin misses strong
     * brightness changes, a hash misses crops and turns). Exact: the pairs closer than {@code threshold} by embedding
     * alone are found in blocks (the hash term is never negative), then each is kept if its combined distance is
     * below the threshold; pairs carry their combined distance.
     */
    public static DuplicateGroups combined(List<String> paths, Embeddings embeddings, long[] hashes, double threshold,
                                           double bitWeight, int threads) {
        return combined(paths, embeddings, hashes, threshold, bitWeight, threads, Progress.NONE);
    }

    /** As {@link #combined(List, Embeddings, long[], double, double, int)}, telling {@code progress} how far it is. */
    public static DuplicateGroups combined(List<String> paths, Embeddings embeddings, long[] hashes, double threshold,
                                           double bitWeight, int threads, Progress progress) {
        requireHashTerm(paths, hashes, bitWeight);
        return allPairs(paths, embeddings, threshold, threads, hashes, bitWeight, progress, PairLimit.none());
    }

    /**
     * As {@link #combined(List, Embeddings, long[], double, double, int, Progress)}, keeping at most {@code maxPairs}
     * pairs in memory (beyond them, a {@link TooManyPairsException}).
     */
    public static DuplicateGroups combined(List<String> paths, Embeddings embeddings, long[] hashes, double threshold,
                                           double bitWeight, int threads, Progress progress, long maxPairs) {
        requireHashTerm(paths, hashes, bitWeight);
        return allPairs(paths, embeddings, threshold, threads, hashes, bitWeight, progress,
                PairLimit.ofDistance(maxPairs, threshold));
    }

    /**
     * As {@link #combined} from the pairs an approximate search found ({@link #approximate} at the same threshold):
     * each is kept if its combined distance is below the threshold.
     */
    public static DuplicateGroups combined(DuplicateGroups candidates, List<String> paths, long[] hashes, double threshold,
                                           double bitWeight) {
        requireHashTerm(paths, hashes, bitWeight);
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < paths.size(); i++) {
            index.put(paths.get(i), i);
        }
        List<long[]> edges = new ArrayList<>();
        List<Double> distances = new ArrayList<>();
        for (DuplicateGroup group : candidates.groups()) {
            for (DuplicatePair pair : group.pairs()) {
                Integer a = index.get(pair.first());
                Integer b = index.get(pair.second());
                if (a == null || b == null) {
                    continue;
                }
                double d = pair.distance() + bitWeight * Long.bitCount(hashes[a] ^ hashes[b]);
                if (d < threshold) {
                    edges.add(new long[] {Math.min(a, b), Math.max(a, b)});
                    distances.add(d);
                }
            }
        }
        return group(paths, edges, distances, "euclidean+hash", threshold, candidates.exact());
    }

    private static void requireHashTerm(List<String> paths, long[] hashes, double bitWeight) {
        if (hashes.length != paths.size()) {
            throw new IllegalArgumentException(paths.size() + " paths for " + hashes.length + " hashes");
        }
        if (!(bitWeight >= 0) || Double.isInfinite(bitWeight)) {
            throw new IllegalArgumentException("the weight of a hash bit must be a non-negative number, got " + bitWeight);
        }
    }

    /**
     * All groups of pictures closer than {@code threshold} (with the hash term when {@code hashes} is given, as
     * {@link #combined}), paired inside k-means cells of about {@code cellSize} pictures, each picture in up to
     * {@code probes} of its nearest cells (those it can have a pair in), with the exact blocked join in each cell:
     * what the Spark dedup job does, on one machine. Work per picture stays flat as N grows (all pairs grow as N^2);
     * a pair is missed only where a picture's nearest cells leave it out, which the result marks as not exact.
     * Holds the embeddings and, per thread, one cell.
     */
    public static DuplicateGroups cells(List<String> paths, Embeddings embeddings, long[] hashes, double threshold,
                                        double bitWeight, int cellSize, int probes, int threads, Progress progress) {
        return cells(paths, embeddings, hashes, threshold, bitWeight, cellSize, probes, threads, progress, Long.MAX_VALUE);
    }

    /**
     * As {@link #cells(List, Embeddings, long[], double, double, int, int, int, Progress)}, keeping at most
     * {@code maxPairs} pairs in memory (beyond them, a {@link TooManyPairsException}; a pair found in two cells is
     * counted twice while the cells are joined, as it is held twice).
     */
    public static DuplicateGroups cells(List<String> paths, Embeddings embeddings, long[] hashes, double threshold,
                                        double bitWeight, int cellSize, int probes, int threads, Progress progress,
                                        long maxPairs) {
        Objects.requireNonNull(paths, "paths");
        if (paths.size() != embeddings.count()) {
            throw new IllegalArgumentException(paths.size() + " paths for " + embeddings.count() + " embeddings");
        }
        if (hashes != null) {
            requireHashTerm(paths, hashes, bitWeight);
        }
        if (cellSize < 2 || probes < 1) {
            throw new IllegalArgumentException("cells need at least 2 pictures and 1 probe, got " + cellSize + " and " + probes);
        }
        IndexPairs found = CellPairs.find(embeddings, hashes, threshold, hashes == null ? 0 : bitWeight, cellSize, probes,
                threads, progress, maxPairs == Long.MAX_VALUE ? PairLimit.none() : PairLimit.ofDistance(maxPairs, threshold));
        List<long[]> edges = new ArrayList<>(found.size());
        List<Double> distances = new ArrayList<>(found.size());
        for (int e = 0; e < found.size(); e++) {
            edges.add(new long[] {found.first()[e], found.second()[e]});
            distances.add(found.distances()[e]);
        }
        boolean exact = (long) cellSize >= embeddings.count();
        return group(paths, edges, distances, hashes == null ? "euclidean" : "euclidean+hash", threshold, exact);
    }

    /**
     * All groups of pictures whose hashes differ in at most {@code maxDistance} bits, by an exact all-pairs scan
     * (N^2 / 2 popcounts, in parallel).
     */
    public static DuplicateGroups hashes(List<String> paths, long[] hashes, int maxDistance) {
        return hashes(paths, hashes, maxDistance, Long.MAX_VALUE);
    }

    /**
     * As {@link #hashes(List, long[], int)}, keeping at most {@code maxPairs} pairs in memory (beyond them, a
     * {@link TooManyPairsException}).
     */
    public static DuplicateGroups hashes(List<String> paths, long[] hashes, int maxDistance, long maxPairs) {
        Objects.requireNonNull(paths, "paths");
        if (paths.size() != hashes.length) {
            throw new IllegalArgumentException(paths.size() + " paths for " + hashes.length + " hashes");
        }
        if (maxDistance < 0 || maxDistance > 64) {
            throw new IllegalArgumentException("the Hamming distance limit must be 0 to 64 bits, got " + maxDistance);
        }
        int n = hashes.length;
        PairLimit limit = maxPairs == Long.MAX_VALUE ? PairLimit.none() : PairLimit.ofBits(maxPairs, maxDistance);
        long[][] found = IntStream.range(0, n).parallel().mapToObj(i -> {
            long h = hashes[i];
            long[] row = new long[4];
            int count = 0;
            for (int j = i + 1; j < n; j++) {
                int d = Long.bitCount(h ^ hashes[j]);
                if (d <= maxDistance) {
                    if (count == row.length) {
                        row = Arrays.copyOf(row, count * 2);
                    }
                    row[count++] = ((long) j << 8) | d;
                    if (count % PairLimit.BATCH == 0) {
                        limit.add(PairLimit.BATCH);
                    }
                }
            }
            limit.add(count % PairLimit.BATCH);
            return Arrays.copyOf(row, count);
        }).toArray(long[][]::new);
        limit.check(Arrays.stream(found).mapToLong(row -> row.length).sum());
        List<long[]> edges = new ArrayList<>();
        List<Double> distances = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (long packed : found[i]) {
                edges.add(new long[] {i, packed >>> 8});
                distances.add((double) (packed & 0xFF));
            }
        }
        return group(paths, edges, distances, "hamming", maxDistance, true);
    }

    /**
     * All groups of indexed pictures closer than {@code threshold}, where each picture is compared only with its
     * {@code neighbours} approximate nearest neighbours in {@code index}: one k-NN query per picture, so it scales
     * to millions, but a group larger than {@code neighbours + 1} or a pair the graph search misses can be split.
     * Queries run in parallel on the common fork-join pool; all embeddings are held in memory meanwhile
     * (about 4 D bytes per picture).
     */
    public static DuplicateGroups approximate(EmbeddingIndex index, double threshold, int neighbours) {
        return approximate(index, threshold, neighbours, Long.MAX_VALUE);
    }

    /**
     * As {@link #approximate(EmbeddingIndex, double, int)}, keeping at most {@code maxPairs} pairs in memory (beyond
     * them, a {@link TooManyPairsException}).
     */
    public static DuplicateGroups approximate(EmbeddingIndex index, double threshold, int neighbours, long maxPairs) {
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("the duplicate threshold must be a positive distance, got " + threshold);
        }
        if (neighbours < 1) {
            throw new IllegalArgumentException("neighbours must be at least 1, got " + neighbours);
        }
        List<String> paths = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        List<float[]> vectors = new ArrayList<>();
        index.forEach(entry -> {
            ids.put(entry.path(), paths.size());
            paths.add(entry.path());
            vectors.add(entry.embedding());
        });
        // one k-NN query per picture, in parallel (searches are thread-safe); pairs are merged in order afterwards
        List<List<SearchHit>> found = IntStream.range(0, paths.size()).parallel()
                .mapToObj(i -> index.search(vectors.get(i), neighbours + 1).stream()
                        .filter(hit -> hit.distance() < threshold).toList())
                .toList();
        PairLimit limit = maxPairs == Long.MAX_VALUE ? PairLimit.none() : PairLimit.ofDistance(maxPairs, threshold);
        Map<Long, Double> pairs = new LinkedHashMap<>();
        for (int i = 0; i < paths.size(); i++) {
            for (SearchHit hit : found.get(i)) {
                Integer j = ids.get(hit.path());
                if (j != null && j != i) {
                    long key = ((long) Math.min(i, j) << 32) | Math.max(i, j);
                    pairs.merge(key, hit.distance(), Math::min);
                    limit.check(pairs.size());
                }
            }
        }
        List<long[]> edges = new ArrayList<>();
        List<Double> distances = new ArrayList<>();
        pairs.forEach((key, d) -> {
            edges.add(new long[] {key >>> 32, key & 0xFFFFFFFFL});
            distances.add(d);
        });
        return group(paths, edges, distances, "euclidean", threshold, false);
    }

    /**
     * Groups pairs found elsewhere as the finders do (connected components): {@code edges} are index pairs into
     * {@code paths}, with their {@code distances}.
     */
    public static DuplicateGroups components(List<String> paths, List<long[]> edges, List<Double> distances, String metric,
                                             double threshold, boolean exact) {
        if (edges.size() != distances.size()) {
            throw new IllegalArgumentException(edges.size() + " pairs with " + distances.size() + " distances");
        }
        return group(paths, edges, distances, metric, threshold, exact);
    }

    private static DuplicateGroups group(List<String> paths, List<long[]> edges, List<Double> distances, String metric,
                                         double threshold, boolean exact) {
        int n = paths.size();
        UnionFind sets = new UnionFind(n);
        for (long[] edge : edges) {
            sets.union((int) edge[0], (int) edge[1]);
        }
        Map<Integer, List<Integer>> members = new LinkedHashMap<>();
        Map<Integer, List<DuplicatePair>> pairs = new HashMap<>();
        int[] root = new int[n];
        for (int i = 0; i < n; i++) {
            root[i] = sets.find(i);
        }
        boolean[] paired = new boolean[n];
        for (long[] edge : edges) {
            paired[(int) edge[0]] = true;
            paired[(int) edge[1]] = true;
        }
        for (int i = 0; i < n; i++) {
            if (paired[i]) {
                members.computeIfAbsent(root[i], r -> new ArrayList<>()).add(i);
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int e = 0; e < edges.size(); e++) {
            order.add(e);
        }
        order.sort((x, y) -> {
            int c = Long.compare(edges.get(x)[0], edges.get(y)[0]);
            return c != 0 ? c : Long.compare(edges.get(x)[1], edges.get(y)[1]);
        });
        for (int e : order) {
            long[] edge = edges.get(e);
            pairs.computeIfAbsent(root[(int) edge[0]], r -> new ArrayList<>())
                    .add(new DuplicatePair(paths.get((int) edge[0]), paths.get((int) edge[1]), distances.get(e)));
        }
        List<DuplicateGroup> groups = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> entry : members.entrySet()) {
            List<String> groupPaths = entry.getValue().stream().map(paths::get).toList();
            groups.add(new DuplicateGroup(groups.size() + 1, groupPaths, pairs.get(entry.getKey())));
        }
        return new DuplicateGroups(metric, threshold, exact, n, groups);
    }

    /** Collects the index pairs whose squared distance key is below a limit, from the tiles one thread computes. */
    private static final class PairSink implements BlockKernel.RowSink {
        final float[] norms;
        final float limit;
        final long[] hashes;
        final float bitWeight;
        final float combinedLimit;
        final float roundingSlack;
        final PairLimit pairLimit;
        int[] first = new int[64];
        int[] second = new int[64];
        int count;
        /** Pairs already added to {@link #pairLimit}. */
        int counted;

        PairSink(float[] norms, float limit, long[] hashes, float bitWeight, float combinedLimit, float roundingSlack,
                 PairLimit pairLimit) {
            this.norms = norms;
            this.pairLimit = pairLimit;
            this.roundingSlack = roundingSlack;
            this.limit = limit;
            this.hashes = hashes;
            this.bitWeight = bitWeight;
            this.combinedLimit = combinedLimit;
        }

        @Override
        public void row(int row, int colStart, int cols, float[] dots, boolean offDiagonal) {
            float own = norms[row];
            // on a diagonal tile only the upper triangle, so that each pair is seen once
            int start = offDiagonal ? 0 : Math.max(0, row - colStart + 1);
            for (int j = start; j < cols; j++) {
                float d2 = own + norms[colStart + j] - 2f * dots[j];
                if (d2 < limit) {
                    // the hash term drops a pair only when even the smallest distance rounding allows exceeds it
                    if (hashes != null && (float) Math.sqrt(Math.max(0f, d2 - roundingSlack))
                            + bitWeight * Long.bitCount(hashes[row] ^ hashes[colStart + j]) >= combinedLimit) {
                        continue;
                    }
                    if (count == first.length) {
                        first = Arrays.copyOf(first, count * 2);
                        second = Arrays.copyOf(second, count * 2);
                    }
                    first[count] = row;
                    second[count] = colStart + j;
                    count++;
                    if (count - counted == PairLimit.BATCH) {
                        pairLimit.add(PairLimit.BATCH);
                        counted = count;
                    }
                }
            }
        }
    }
}
