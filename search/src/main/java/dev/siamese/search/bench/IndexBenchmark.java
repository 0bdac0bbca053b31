package dev.siamese.search.bench;

import dev.siamese.api.model.Embeddings;
import dev.siamese.search.EmbeddingIndex;
import dev.siamese.search.ExactKnn;
import dev.siamese.search.Neighbours;
import dev.siamese.search.SearchHit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Builds an {@link EmbeddingIndex} of synthetic embeddings and measures build time, queries per second and
 * recall@k against {@link ExactKnn} for several candidate counts. Arguments:
 * {@code [rows] [dimension] [queries] [threads] [clustered|gaussian] [candidates,...]}
 * (default 200000 64 1000, one thread per processor, clustered, 10,20,40,80,160).
 */
public final class IndexBenchmark {

    private IndexBenchmark() {
    }

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int dim = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        boolean clustered = args.length <= 4 || args[4].equals("clustered");
        String[] candidateList = (args.length > 5 ? args[5] : "10,20,40,80,160").split(",");
        int k = 10;
        System.out.printf(Locale.ROOT, "HNSW index: %,d x %d-D %s embeddings, %,d held-out queries, k=%d, %d query threads%n",
                n, dim, clustered ? "clustered (1,000 Gaussian clusters, spread 0.5)" : "i.i.d. Gaussian", queries, k, threads);
        float[] all = data(n + queries, dim, clustered, 17);
        Embeddings gallery = Embeddings.adopt(n, dim, java.util.Arrays.copyOf(all, n * dim));
        Embeddings query = Embeddings.adopt(queries, dim, java.util.Arrays.copyOfRange(all, n * dim, (n + queries) * dim));

        Path folder = Files.createTempDirectory("siamese-index-bench");
        // one commit at the end and a buffer large enough to keep a bulk build in as few segments as possible
        EmbeddingIndex.Options options = new EmbeddingIndex.Options(16, 100, 100, Integer.MAX_VALUE, 1024);
        try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "bench:" + dim, dim, options)) {
            long t0 = System.nanoTime();
            // every thread adds its share; each builds its own segment graphs, merged at the end
            AtomicInteger added = new AtomicInteger();
            Thread[] adders = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int first = t;
                adders[t] = new Thread(() -> {
                    float[] row = new float[dim];
                    for (int i = first; i < n; i += threads) {
                        System.arraycopy(all, i * dim, row, 0, dim);
                        index.put("p" + i, row, 0, 0, 0);
                        int done = added.incrementAndGet();
                        if (done % 100_000 == 0) {
                            System.out.printf(Locale.ROOT, "  %,d added, %.1f s%n", done, (System.nanoTime() - t0) / 1e9);
                        }
                    }
                });
                adders[t].start();
            }
            for (Thread adder : adders) {
                try {
                    adder.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            index.commit();
            double build = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "build (add + commit): %.1f s, %.0f embeddings/s, %,d in index, %,d MB on disk%n",
                    build, n / build, index.size(), size(folder) >> 20);

            Neighbours truth = new ExactKnn(threads).search(query, gallery, k);
            runQueries(index, query, k, 40, threads, truth);
            for (int candidates : new int[] {20, 40}) {
                long q0 = System.nanoTime();
                double recall = runQueries(index, query, k, candidates, threads, truth);
                System.out.printf(Locale.ROOT, "before the merge, candidates %4d: recall@%d %.4f, %,.0f queries/s%n",
                        candidates, k, recall, queries / ((System.nanoTime() - q0) / 1e9));
            }
            long m0 = System.nanoTime();
            index.optimize();
            double merge = (System.nanoTime() - m0) / 1e9;
            System.out.printf(Locale.ROOT, "merge into one segment: %.1f s; build + merge %.1f s (%.0f embeddings/s)%n",
                    merge, build + merge, n / (build + merge));
            // warm-up
            runQueries(index, query, k, 40, threads, truth);
            for (String c : candidateList) {
                int candidates = Integer.parseInt(c.trim());
                long q0 = System.nanoTime();
                double recall = runQueries(index, query, k, candidates, threads, truth);
                double seconds = (System.nanoTime() - q0) / 1e9;
                System.out.printf(Locale.ROOT, "candidates %4d: recall@%d %.4f, %,.0f queries/s%n", candidates, k, recall,
                        queries / seconds);
            }
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double runQueries(EmbeddingIndex index, Embeddings queries, int k, int candidates, int threads,
                                     Neighbours truth) {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger found = new AtomicInteger();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                for (int q = next.getAndIncrement(); q < queries.count(); q = next.getAndIncrement()) {
                    List<SearchHit> hits = index.search(queries.row(q), k, candidates);
                    Set<String> exact = new HashSet<>();
                    for (int i : truth.indices(q)) {
                        exact.add("p" + i);
                    }
                    found.addAndGet((int) hits.stream().filter(h -> exact.contains(h.path())).count());
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return found.get() / (double) (k * queries.count());
    }

    private static float[] data(int n, int dim, boolean clustered, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n * dim];
        if (!clustered) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            return values;
        }
        int clusters = 1_000;
        float[] centres = new float[clusters * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(clusters);
            for (int d = 0; d < dim; d++) {
                values[i * dim + d] = centres[c * dim + d] + 0.5f * (float) random.nextGaussian();
            }
        }
        return values;
    }

    private static long size(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
