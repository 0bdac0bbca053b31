package dev.siamese.solr;

import dev.siamese.api.model.Embeddings;
import dev.siamese.search.SearchHit;
import dev.siamese.search.index.EmbeddingIndex;
import dev.siamese.search.index.IndexEntry;
import dev.siamese.search.knn.ExactKnn;
import dev.siamese.search.knn.Neighbours;

import org.apache.lucene.util.Version;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.core.SolrCore;
import org.apache.solr.embedded.JettySolrRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Solr k-NN against the local HNSW index ({@link EmbeddingIndex}) on the same clustered 64-D vectors, in one process:
 * a two-node {@link MiniSolrCloudCluster} (a collection of 2 shards, 1 replica each) loaded through
 * {@link SolrEmbeddings#add} in batches of 1,000, and a local index built with {@link EmbeddingIndex.Options#defaults()}
 * (put, commit, optimize). Both are timed while loading; then, for each candidate count, recall@10 against
 * {@link ExactKnn} and queries per second from one client thread are measured for Solr and then the local index, in
 * turn, so that both see the same machine state. Each figure follows a warm-up of 200 queries (a third sample of the
 * same distribution) and repeats the held-out queries until at least 3 s have passed, the first pass always complete;
 * recall comes from the first pass. A few queries check that Solr's distances (converted from scores) equal exact ones
 * within 1e-4. Not a JUnit test: a {@code main}.
 *
 * <p>Data: the recipe of {@code dev.siamese.search.bench.IndexBenchmark} ("clustered"): 1,000 centres N(0, 1) in 64-D,
 * each row a random centre plus 0.5 x N(0, 1) noise, all from {@code new Random(17)} (centres, then rows), so the
 * gallery is that benchmark's gallery. Its held-out queries come from the same generator after the gallery; here they
 * come from {@code new Random(18)} (and the warm-up queries from {@code new Random(19)}) around the same centres.
 *
 * <p>Arguments: {@code [rows] [queries] [candidates,...]}, default {@code 100000 1000 50,100,200}. Run it from the
 * repository root with the solr module's test class path:
 * <pre>
 * mvn -B -o -q -pl solr test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/solr-cp.txt
 * java -Xmx4g -cp solr/target/test-classes:solr/target/classes:$(cat /tmp/solr-cp.txt) dev.siamese.solr.SolrKnnBenchmark 100000 1000 50,100,200
 * </pre>
 * Results: {@code docs/results/solr-knn.md}.
 */
public final class SolrKnnBenchmark {

    private static final int DIMENSION = 64;
    private static final int CLUSTERS = 1_000;
    private static final float SPREAD = 0.5f;
    private static final int K = 10;
    private static final int BATCH = 1_000;
    private static final int WARM_UP = 200;
    private static final double FIGURE_SECONDS = 3;
    private static final int CHECKED_QUERIES = 20;
    private static final double TOLERANCE = 1e-4;
    private static final String MODEL = "bench:" + DIMENSION;
    private static final String COLLECTION = "knnbench";

    /** One way of searching: Solr or the local index. */
    @FunctionalInterface
    private interface Searcher {
        List<SearchHit> search(float[] query, int k, int candidates);
    }

    /** One measured figure. */
    private record Figure(double recall, double queriesPerSecond, long searches, double seconds, double cpuMicros,
                          double medianMicros, double p99Micros) {
    }

    private SolrKnnBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        List<Integer> candidates = Arrays.stream((args.length > 2 ? args[2] : "50,100,200").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        if (rows < K || queries < 1 || candidates.isEmpty() || candidates.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("usage: SolrKnnBenchmark [rows >= " + K + "] [queries >= 1] [candidates,...]");
        }
        long start = System.nanoTime();
        say("Solr k-NN vs local HNSW: %,d x %d-D clustered vectors (%,d centres, spread %.1f, seed 17), %,d held-out"
                        + " queries (seed 18), k=%d, candidates %s", rows, DIMENSION, CLUSTERS, SPREAD, queries, K,
                candidates);
        say("Java %s, %d processors, max heap %,d MB; Solr %s, Lucene %s", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                SolrCore.class.getPackage().getImplementationVersion(), Version.LATEST);
        say("load average at start: %s", loadAverage());

        Random random = new Random(17);
        float[][] centres = gaussian(random, CLUSTERS);
        float[][] gallery = clustered(random, centres, rows);
        float[][] query = clustered(new Random(18), centres, queries);
        float[][] warmUp = clustered(new Random(19), centres, WARM_UP);

        long e0 = System.nanoTime();
        Neighbours truth = ExactKnn.withAllProcessors().search(embeddings(query), embeddings(gallery), K);
        say("exact %d-NN of the queries (ExactKnn, %d threads): %.1f s", K, ExactKnn.withAllProcessors().threads(),
                seconds(e0));

        Path tmp = Files.createTempDirectory("solr-knn-bench");
        if (System.getProperty("solr.log.dir") == null) {
            System.setProperty("solr.log.dir", tmp.resolve("solr-logs").toString());
        }
        try {
            long c0 = System.nanoTime();
            MiniSolrCloudCluster cluster = new MiniSolrCloudCluster.Builder(2, tmp.resolve("solr")).build();
            try (AutoCloseable shutdown = cluster::shutdown) {
                String url = cluster.getJettySolrRunners().get(0).getBaseUrl().toString();
                SolrEmbeddings.createCollection(url, COLLECTION, DIMENSION, 2, 1);
                say("2-node MiniSolrCloudCluster up, collection %s (2 shards x 1 replica): %.1f s", COLLECTION,
                        seconds(c0));
                try (SolrEmbeddings solr = SolrEmbeddings.open(url, COLLECTION, MODEL, DIMENSION)) {
                    loadSolr(solr, gallery);
                    say("Solr segments per shard after commit: %s", solrSegments(cluster));
                    waitForQuiet("Solr after loading");

                    try (EmbeddingIndex local = EmbeddingIndex.openOrCreate(tmp.resolve("local"), MODEL, DIMENSION,
                            EmbeddingIndex.Options.defaults())) {
                        buildLocal(local, gallery);
                        say("local segments: %d; Solr segments per shard: %s", segments(tmp.resolve("local")),
                                solrSegments(cluster));
                        say("load average after loading both: %s", loadAverage());
                        waitForQuiet("before queries");

                        boolean distancesOk = checkDistances(solr::search, "Solr", query, gallery, truth,
                                candidates.stream().max(Integer::compare).orElseThrow());
                        distancesOk &= checkDistances(local::search, "local", query, gallery, truth,
                                candidates.stream().max(Integer::compare).orElseThrow());

                        TreeMap<Integer, Figure[]> figures = new TreeMap<>();
                        for (int c : candidates) {
                            Figure s = measure(solr::search, query, warmUp, truth, c);
                            say("candidates %4d  Solr : recall@%d %.4f, %,.0f q/s (%,d searches in %.1f s; %.0f CPU-us"
                                            + " per query in this process, client and both nodes; latency median %.0f us,"
                                            + " p99 %.0f us)", c, K, s.recall, s.queriesPerSecond, s.searches, s.seconds,
                                    s.cpuMicros, s.medianMicros, s.p99Micros);
                            Figure l = measure(local::search, query, warmUp, truth, c);
                            say("candidates %4d  local: recall@%d %.4f, %,.0f q/s (%,d searches in %.1f s; %.0f CPU-us"
                                            + " per query; latency median %.0f us, p99 %.0f us)", c, K, l.recall,
                                    l.queriesPerSecond, l.searches, l.seconds, l.cpuMicros, l.medianMicros, l.p99Micros);
                            figures.put(c, new Figure[] {s, l});
                        }
                        say("load average at the end: %s", loadAverage());
                        say("");
                        say("| candidates | Solr recall@10 | Solr q/s | local recall@10 | local q/s | local/Solr q/s |");
                        say("|-----------:|---------------:|---------:|----------------:|----------:|---------------:|");
                        for (var e : figures.entrySet()) {
                            Figure s = e.getValue()[0];
                            Figure l = e.getValue()[1];
                            say("| %10d | %14.4f | %8.0f | %15.4f | %9.0f | %13.1fx |", e.getKey(), s.recall,
                                    s.queriesPerSecond, l.recall, l.queriesPerSecond,
                                    l.queriesPerSecond / s.queriesPerSecond);
                        }
                        say("");
                        say("distance check (%d queries, |distance - exact| <= %.0e): %s", CHECKED_QUERIES, TOLERANCE,
                                distancesOk ? "passed" : "FAILED");
                        if (!distancesOk) {
                            System.exit(1);
                        }
                    }
                }
            }
        } finally {
            delete(tmp);
            say("total wall time: %.1f s", seconds(start));
        }
    }

    private static void loadSolr(SolrEmbeddings solr, float[][] gallery) {
        double cpu0 = cpuSeconds();
        long t0 = System.nanoTime();
        for (int from = 0; from < gallery.length; from += BATCH) {
            List<IndexEntry> batch = new ArrayList<>(BATCH);
            for (int i = from; i < Math.min(gallery.length, from + BATCH); i++) {
                batch.add(new IndexEntry(path(i), gallery[i], i, i, 0));
            }
            solr.add(batch, MODEL);
        }
        double add = seconds(t0);
        long c0 = System.nanoTime();
        solr.commit();
        double commit = seconds(c0);
        double all = seconds(t0);
        say("Solr load: add %.1f s (%,.0f vectors/s), commit %.1f s; %.1f s in all (%,.0f vectors/s), %.1f CPU-s in"
                        + " this process; %,d in the collection; load average %s", add, gallery.length / add, commit,
                all, gallery.length / all, cpuSeconds() - cpu0, solr.size(), loadAverage());
    }

    private static void buildLocal(EmbeddingIndex local, float[][] gallery) {
        double cpu0 = cpuSeconds();
        long t0 = System.nanoTime();
        for (int i = 0; i < gallery.length; i++) {
            local.put(path(i), gallery[i], i, i, 0);
        }
        double put = seconds(t0);
        long c0 = System.nanoTime();
        local.commit();
        double commit = seconds(c0);
        long m0 = System.nanoTime();
        local.optimize();
        double optimize = seconds(m0);
        double all = seconds(t0);
        say("local build: put %.1f s (%,.0f vectors/s), commit %.1f s, optimize %.1f s; %.1f s in all (%,.0f"
                        + " vectors/s), %.1f CPU-s; %,d in the index; load average %s", put, gallery.length / put, commit,
                optimize, all, gallery.length / all, cpuSeconds() - cpu0, local.size(), loadAverage());
    }

    /** Warm-up, then the queries repeated for at least {@link #FIGURE_SECONDS} (the first pass complete). */
    private static Figure measure(Searcher searcher, float[][] queries, float[][] warmUp, Neighbours truth,
                                  int candidates) {
        for (float[] q : warmUp) {
            searcher.search(q, K, candidates);
        }
        int n = queries.length;
        List<List<SearchHit>> hits = new ArrayList<>(n);
        long[] latency = new long[n];
        double cpu0 = cpuSeconds();
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (FIGURE_SECONDS * 1e9);
        long searches = 0;
        for (long i = 0; ; i++) {
            int row = (int) (i % n);
            if (i >= n && row == 0 && System.nanoTime() >= deadline) {
                break;
            }
            long s0 = System.nanoTime();
            List<SearchHit> found = searcher.search(queries[row], K, candidates);
            if (i < n) {
                latency[row] = System.nanoTime() - s0;
                hits.add(found);
            }
            searches++;
        }
        double seconds = seconds(t0);
        double cpu = cpuSeconds() - cpu0;
        Arrays.sort(latency);
        return new Figure(recall(hits, truth), searches / seconds, searches, seconds, cpu / searches * 1e6,
                latency[n / 2] / 1e3, latency[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e3);
    }

    private static double recall(List<List<SearchHit>> hits, Neighbours truth) {
        long found = 0;
        for (int q = 0; q < hits.size(); q++) {
            int[] exact = truth.indices(q);
            for (SearchHit hit : hits.get(q)) {
                int i = index(hit.path());
                for (int e : exact) {
                    if (e == i) {
                        found++;
                        break;
                    }
                }
            }
        }
        return found / (double) ((long) K * hits.size());
    }

    /**
     * On the first {@link #CHECKED_QUERIES} queries: each hit's distance against the distance, in double, to the vector
     * it names; and each hit that is an exact neighbour against ExactKnn's distance at that neighbour's rank.
     */
    private static boolean checkDistances(Searcher searcher, String name, float[][] queries, float[][] gallery,
                                          Neighbours truth, int candidates) {
        double worstOwn = 0;
        double worstExact = 0;
        int compared = 0;
        for (int q = 0; q < Math.min(CHECKED_QUERIES, queries.length); q++) {
            int[] exact = truth.indices(q);
            float[] exactDistances = truth.distances(q);
            for (SearchHit hit : searcher.search(queries[q], K, candidates)) {
                int i = index(hit.path());
                worstOwn = Math.max(worstOwn, Math.abs(hit.distance() - distance(queries[q], gallery[i])));
                for (int r = 0; r < exact.length; r++) {
                    if (exact[r] == i) {
                        worstExact = Math.max(worstExact, Math.abs(hit.distance() - exactDistances[r]));
                        compared++;
                    }
                }
            }
        }
        boolean ok = worstOwn <= TOLERANCE && worstExact <= TOLERANCE;
        say("%s distances, %d queries at %d candidates: max |hit - distance to its vector (double)| %.2e; max |hit -"
                        + " ExactKnn distance| %.2e over %d hits that are exact neighbours: %s", name,
                Math.min(CHECKED_QUERIES, queries.length), candidates, worstOwn, worstExact, compared,
                ok ? "within " + TOLERANCE : "BEYOND " + TOLERANCE);
        return ok;
    }

    /** Waits (at most 2 minutes) until this process has used under 0.1 CPU-s per second twice in a row. */
    private static void waitForQuiet(String when) throws InterruptedException {
        long t0 = System.nanoTime();
        int quiet = 0;
        while (quiet < 2 && seconds(t0) < 120) {
            double cpu0 = cpuSeconds();
            Thread.sleep(1_000);
            quiet = cpuSeconds() - cpu0 < 0.1 ? quiet + 1 : 0;
        }
        say("waited %.1f s for this process to go quiet (%s)%s", seconds(t0), when, quiet < 2 ? ": it did not" : "");
    }

    /** Segments of each core's current searcher, by core name. */
    private static String solrSegments(MiniSolrCloudCluster cluster) throws IOException {
        TreeMap<String, Integer> segments = new TreeMap<>();
        for (JettySolrRunner node : cluster.getJettySolrRunners()) {
            for (SolrCore core : node.getCoreContainer().getCores()) {
                segments.put(core.getName(), core.withSearcher(s -> s.getIndexReader().leaves().size()));
            }
        }
        return segments.toString();
    }

    private static int segments(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return (int) files.filter(p -> p.getFileName().toString().endsWith(".si")).count();
        }
    }

    private static float[][] gaussian(Random random, int count) {
        float[][] rows = new float[count][DIMENSION];
        for (float[] row : rows) {
            for (int d = 0; d < DIMENSION; d++) {
                row[d] = (float) random.nextGaussian();
            }
        }
        return rows;
    }

    /** IndexBenchmark's recipe: for each row, a random centre, then 0.5 x N(0, 1) per value. */
    private static float[][] clustered(Random random, float[][] centres, int count) {
        float[][] rows = new float[count][DIMENSION];
        for (float[] row : rows) {
            float[] c = centres[random.nextInt(centres.length)];
            for (int d = 0; d < DIMENSION; d++) {
                row[d] = c[d] + SPREAD * (float) random.nextGaussian();
            }
        }
        return rows;
    }

    private static Embeddings embeddings(float[][] rows) {
        float[] values = new float[rows.length * DIMENSION];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, values, i * DIMENSION, DIMENSION);
        }
        return Embeddings.adopt(rows.length, DIMENSION, values);
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            double diff = (double) a[d] - b[d];
            sum += diff * diff;
        }
        return Math.sqrt(sum);
    }

    private static String path(int i) {
        return "p" + i;
    }

    private static int index(String path) {
        return Integer.parseInt(path.substring(1));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double cpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is not worth failing a finished measurement for
        }
    }
}
