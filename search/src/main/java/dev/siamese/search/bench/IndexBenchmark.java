package dev.siamese.search.bench;

import dev.siamese.search.internal.Parallel;
import dev.siamese.api.model.Embeddings;
import dev.siamese.search.dedup.DuplicateFinder;
import dev.siamese.search.dedup.DuplicateGroups;
import dev.siamese.search.index.EmbeddingIndex;
import dev.siamese.search.index.Quantization;
import dev.siamese.search.internal.hnsw.SiameseHnswVectorsFormat;
import dev.siamese.search.knn.ExactKnn;
import dev.siamese.search.knn.Neighbours;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Builds an {@link EmbeddingIndex} of synthetic embeddings and measures build time, queries per second and
 * recall@k against {@link ExactKnn} for several candidate counts. Positional arguments:
 * {@code [rows] [dimension] [queries] [threads] [clustered|gaussian] [candidates,...] [maxConnections] [beamWidth]
 * [folder] [lucene|own] [none|int7|int4]} (default 200000 64 1000, one thread per processor, clustered,
 * 10,20,40,80,160, 16, 100, a temporary folder, lucene, none); {@code threads} is used for adding, graph merging and querying alike. A folder keeps the index, and a later
 * run with the same build settings measures queries on it without building again. {@code siamese bench index} runs the same with named options.
 *
 * <p>The build adds the embeddings from {@code threads} threads (each fills a segment and its graph of its own),
 * commits, and merges the segments into one with {@code threads} graph merge workers ({@link EmbeddingIndex#optimize}).
 * Query rates come from {@code threads} threads repeating the held-out queries for at least {@code querySeconds}.
 */
public final class IndexBenchmark {

    /**
     * What to measure.
     *
     * @param rows           indexed embeddings
     * @param dimension      embedding dimension
     * @param queries        held-out query embeddings (their exact neighbours are computed for recall)
     * @param threads        threads that add, merge and query
     * @param clustered      1,000 Gaussian clusters of spread 0.5 (like real embeddings) rather than i.i.d. Gaussian
     * @param candidates     search candidate counts to measure
     * @param maxConnections HNSW neighbours per node
     * @param beamWidth      HNSW beam while inserting
     * @param querySeconds   least time each candidate count is timed (the queries are repeated)
     * @param k              neighbours per query
     * @param folder         where to build the index and keep it; a later run with the same rows, dimension, data, M
     *                       and beam measures queries on it without building again. Null: a temporary folder, deleted
     * @param graph          {@link Graph#INDEX}: the {@link EmbeddingIndex} as it is used (our graph in Lucene's
     *                       segments); {@link Graph#LUCENE}: the index with Lucene's graph (its segments and merge, our
     *                       search of its graph); {@link Graph#OWN}: our own concurrent HNSW graph alone, built once from
     *                       all threads, no Lucene
     * @param quantization   the vectors of the {@link EmbeddingIndex}'s graph (Lucene's scalar quantization, on
     *                       Lucene's graph)
     */
    public record Settings(int rows, int dimension, int queries, int threads, boolean clustered, List<Integer> candidates,
                           int maxConnections, int beamWidth, double querySeconds, int k, Path folder, Graph graph,
                           Quantization quantization) {
        public Settings {
            java.util.Objects.requireNonNull(graph, "graph");
            java.util.Objects.requireNonNull(quantization, "quantization");
            if (graph == Graph.OWN && quantization != Quantization.NONE) {
                throw new IllegalArgumentException("quantization applies to the Lucene graph only, not to our own");
            }
            if (rows < 1 || dimension < 1 || queries < 1 || threads < 1 || k < 1 || k > rows) {
                throw new IllegalArgumentException("rows, dimension, queries, threads and k must be positive (k at most"
                        + " rows); got " + rows + ", " + dimension + ", " + queries + ", " + threads + ", " + k);
            }
            if ((long) rows * dimension > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(rows + " x " + dimension + " values do not fit one Java array");
            }
            candidates = List.copyOf(candidates);
            if (candidates.isEmpty() || candidates.stream().anyMatch(c -> c < 1)) {
                throw new IllegalArgumentException("candidate counts must be positive, got " + candidates);
            }
        }

        /** These settings with float32 vectors. */
        public Settings(int rows, int dimension, int queries, int threads, boolean clustered, List<Integer> candidates,
                        int maxConnections, int beamWidth, double querySeconds, int k, Path folder, Graph graph) {
            this(rows, dimension, queries, threads, clustered, candidates, maxConnections, beamWidth, querySeconds, k,
                    folder, graph, Quantization.NONE);
        }

        /** The defaults of {@code main}: 200,000 clustered 64-D rows, 1,000 queries, one thread per processor. */
        public static Settings defaults() {
            return new Settings(200_000, 64, 1_000, Runtime.getRuntime().availableProcessors(), true,
                    List.of(10, 20, 40, 80, 160), 16, 100, 3, 10, null, Graph.INDEX);
        }
    }

    /** Which HNSW graph to measure. */
    public enum Graph {
        /** The {@link EmbeddingIndex} with its default graph: our HNSW graph in each Lucene segment, merged into one. */
        INDEX,
        /** The {@link EmbeddingIndex} with Lucene 9.12's HNSW segments, merged into one, searched by our graph search. */
        LUCENE,
        /** Our own concurrent HNSW graph ({@code internal.hnsw}), one graph built from all threads, no Lucene. */
        OWN
    }

    /** Recall and rate at one candidate count. */
    public record QueryFigure(int candidates, double recall, double queriesPerSecond, double cpuSecondsPerQuery) {
    }

    /**
     * What was measured.
     *
     * @param addSeconds   adding every embedding from the worker threads and committing (NaN when a kept index
     *                     was reused)
     * @param mergeSeconds merging the segments into one (NaN when reused)
     * @param segments     segments before the merge
     * @param buildCpu     CPU seconds of this process during add, commit and merge
     * @param diskBytes    index size on disk after the merge
     * @param figures      one per candidate count
     * @param bytes        bytes per vector on disk and in a search's memory
     */
    public record Result(Settings settings, double addSeconds, double mergeSeconds, int segments, double buildCpu,
                         long diskBytes, List<QueryFigure> figures, VectorBytes bytes) {

        /** A result whose bytes per vector are known only on disk. */
        public Result(Settings settings, double addSeconds, double mergeSeconds, int segments, double buildCpu,
                      long diskBytes, List<QueryFigure> figures) {
            this(settings, addSeconds, mergeSeconds, segments, buildCpu, diskBytes, figures,
                    new VectorBytes(diskBytes / (double) settings.rows(), Double.NaN, Double.NaN, 0));
        }

        /** Add, commit and merge. */
        public double buildSeconds() {
            return addSeconds + mergeSeconds;
        }
    }

    /**
     * Bytes per indexed vector, from the sizes of the merged segment's files: what a billion vectors would need.
     *
     * @param onDisk    the whole index folder
     * @param graph     the HNSW graph ({@code .vex}, or {@code .hnsw} for our graph, which a search keeps on the heap with
     *                  a copy of the float32 vectors)
     * @param floats    the float32 vectors ({@code .vec}), kept on disk by every index
     * @param quantized the quantized vectors and their corrections ({@code .veq}); 0 without quantization
     */
    public record VectorBytes(double onDisk, double graph, double floats, double quantized) {

        /** What a search keeps in memory to run from RAM: the graph and the vectors it is searched on. */
        public double searchMemory() {
            return graph + (quantized > 0 ? quantized : floats);
        }

        /** The same with float32 vectors: the graph and the float vectors. */
        public double float32SearchMemory() {
            return graph + floats;
        }
    }

    private IndexBenchmark() {
    }

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) {
        Settings d = Settings.defaults();
        List<Integer> candidates = args.length > 5
                ? Arrays.stream(args[5].split(",")).map(String::trim).map(Integer::valueOf).toList() : d.candidates();
        Settings settings = new Settings(
                args.length > 0 ? Integer.parseInt(args[0]) : d.rows(),
                args.length > 1 ? Integer.parseInt(args[1]) : d.dimension(),
                args.length > 2 ? Integer.parseInt(args[2]) : d.queries(),
                args.length > 3 ? Integer.parseInt(args[3]) : d.threads(),
                args.length <= 4 || args[4].equals("clustered"),
                candidates,
                args.length > 6 ? Integer.parseInt(args[6]) : d.maxConnections(),
                args.length > 7 ? Integer.parseInt(args[7]) : d.beamWidth(),
                d.querySeconds(), d.k(), args.length > 8 ? Path.of(args[8]) : null,
                args.length > 9 ? Graph.valueOf(args[9].toUpperCase(Locale.ROOT)) : d.graph(),
                args.length > 10 ? Quantization.of(args[10]) : d.quantization());
        run(settings, new PrintWriter(System.out, true));
    }

    /** Runs the benchmark, printing progress and figures to {@code out}. */
    public static Result run(Settings s, PrintWriter out) {
        int n = s.rows();
        int dim = s.dimension();
        int k = s.k();
        out.printf(Locale.ROOT, "HNSW index (%s): %,d x %d-D %s embeddings, %,d held-out queries, k=%d, M %d, beam %d,"
                        + " %d threads (add, merge, query), %d processors, max heap %,d MB%n",
                s.quantization() != Quantization.NONE ? "the embedding index on " + s.quantization()
                        + " vectors: Lucene segments, Lucene's graph search, hits re-ranked by float32 distance"
                        : switch (s.graph()) {
                    case INDEX -> "the embedding index: our graph in Lucene segments";
                    case LUCENE -> "the embedding index on Lucene's graph: Lucene segments, our graph search";
                    case OWN -> "our own graph";
                },
                n, dim, s.clustered() ? "clustered (1,000 Gaussian clusters, spread 0.5)" : "i.i.d. Gaussian",
                s.queries(), k, s.maxConnections(), s.beamWidth(), s.threads(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        out.println("load average at start: " + loadAverage());
        Data generated = generate(s);
        float[] gallery = generated.gallery();
        Embeddings query = Embeddings.adopt(s.queries(), dim, generated.queries());

        // the exact neighbours first, so that their temporary copies of the gallery are gone before the build
        long e0 = System.nanoTime();
        Neighbours truth = new ExactKnn(s.threads()).search(query, Embeddings.adopt(n, dim, gallery), k);
        out.printf(Locale.ROOT, "exact %d-NN of the queries: %.1f s%n", k, (System.nanoTime() - e0) / 1e9);
        if (s.graph() == Graph.OWN) {
            return OwnGraphBenchmark.run(s, gallery, query, truth, out);
        }

        boolean temporary = s.folder() == null;
        Path folder = null;
        try {
            folder = temporary ? Files.createTempDirectory("siamese-index-bench") : Files.createDirectories(s.folder());
            String built = describeBuild(s);
            boolean reuse = !temporary && Files.isRegularFile(folder.resolve(BUILT))
                    && Files.readString(folder.resolve(BUILT)).equals(built);
            if (!reuse && !temporary) {
                Files.deleteIfExists(folder.resolve(BUILT));
                if (Files.exists(folder.resolve(EmbeddingIndex.METADATA_FILE))) {
                    throw new IllegalArgumentException("folder " + folder + " holds an index built with other settings;"
                            + " delete it or pick another folder");
                }
            }
            // one commit at the end and a buffer large enough to keep the rows in one segment (one per adding
            // thread with Lucene's graph)
            EmbeddingIndex.Options options = new EmbeddingIndex.Options(s.maxConnections(), s.beamWidth(), 100,
                    Integer.MAX_VALUE, 1900, s.threads(),
                    s.graph() == Graph.LUCENE ? EmbeddingIndex.Graph.LUCENE : EmbeddingIndex.Graph.OWN,
                    s.quantization());
            try (EmbeddingIndex index = EmbeddingIndex.openOrCreate(folder, "bench:" + dim, dim, options)) {
                double add = Double.NaN;
                double merge = Double.NaN;
                double buildCpu = Double.NaN;
                int segments = 1;
                if (reuse) {
                    out.printf(Locale.ROOT, "reusing the index in %s (%,d entries): no build figures%n", folder,
                            index.size());
                } else {
                    double cpu0 = cpuSeconds();
                    long t0 = System.nanoTime();
                    add(index, gallery, n, dim, s.threads(), out, t0);
                    index.commit();
                    add = (System.nanoTime() - t0) / 1e9;
                    segments = segments(folder);
                    out.printf(Locale.ROOT, "add + commit: %.1f s, %,.0f embeddings/s, %d segments%n", add, n / add,
                            segments);
                    long m0 = System.nanoTime();
                    index.optimize();
                    merge = (System.nanoTime() - m0) / 1e9;
                    buildCpu = cpuSeconds() - cpu0;
                    out.printf(Locale.ROOT, "merge into one segment: %.1f s; build %.1f s in all (%,.0f embeddings/s),"
                                    + " %.1f CPU-s in this process, %,d in index; load average %s%n", merge, add + merge,
                            n / (add + merge), buildCpu, index.size(), loadAverage());
                    if (!temporary) {
                        Files.writeString(folder.resolve(BUILT), built);
                    }
                }
                long disk = size(folder);
                out.printf(Locale.ROOT, "%,d MB on disk%n", disk >> 20);
                VectorBytes bytes = vectorBytes(folder, index.size());
                boolean quantized = bytes.quantized() > 0;
                out.printf(Locale.ROOT, "bytes per vector: %.0f on disk; a search keeps %.0f in memory (graph %.0f + %s"
                                + " vectors %.0f)%s%n", bytes.onDisk(), bytes.searchMemory(), bytes.graph(),
                        quantized ? s.quantization() : "float32", quantized ? bytes.quantized() : bytes.floats(),
                        quantized ? String.format(Locale.ROOT, ", against %.0f with float32 vectors",
                                bytes.float32SearchMemory()) : "");

                // warm-up: an interval at the largest candidate count, then one at the first (with less, the first
                // figure came out 10-30% low while the JIT, the memory-mapped pages and the heap copy of the graph
                // settled)
                queries(index, query, k, s.candidates().stream().max(Integer::compare).orElseThrow(), s.threads(),
                        s.querySeconds());
                queries(index, query, k, s.candidates().get(0), s.threads(), s.querySeconds());
                List<QueryFigure> figures = new ArrayList<>();
                for (int candidates : s.candidates()) {
                    double c0 = cpuSeconds();
                    long q0 = System.nanoTime();
                    Timed timed = queries(index, query, k, candidates, s.threads(), s.querySeconds());
                    double seconds = (System.nanoTime() - q0) / 1e9;
                    double cpu = cpuSeconds() - c0;
                    double recall = recall(timed.hits, truth, k);
                    QueryFigure f = new QueryFigure(candidates, recall, timed.searches / seconds, cpu / timed.searches);
                    figures.add(f);
                    out.printf(Locale.ROOT, "candidates %4d: recall@%d %.4f, %,.0f queries/s (%,d searches in %.1f s,"
                                    + " %.0f CPU-us each)%n", candidates, k, recall, f.queriesPerSecond(), timed.searches,
                            seconds, f.cpuSecondsPerQuery() * 1e6);
                }
                out.println("load average at the end: " + loadAverage());
                return new Result(s, add, merge, segments, buildCpu, disk, figures, bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (folder != null && temporary) {
                delete(folder);
            }
        }
    }

    /**
     * Approximate near-duplicate groups over a kept benchmark index: one {@code neighbours}-NN query per indexed
     * embedding, pairs closer than {@code threshold}, connected components (what {@code siamese dedup} runs without
     * {@code --exact}).
     *
     * @param seconds      the whole run: reading the embeddings, the queries and the grouping
     * @param pairs        pairs closer than the threshold
     * @param groups       groups of two or more
     * @param largestGroup embeddings in the largest group
     */
    public record DedupFigure(int embeddings, double threshold, int neighbours, double seconds, long pairs, int groups,
                              int largestGroup) {
    }

    /** Runs approximate dedup over the index kept in {@code folder} by an earlier run with {@code dimension}. */
    public static DedupFigure dedup(Path folder, int dimension, double threshold, int neighbours, int candidates,
                                    PrintWriter out) {
        EmbeddingIndex.Options options = EmbeddingIndex.Options.defaults().withCandidates(candidates);
        try (EmbeddingIndex index = EmbeddingIndex.openReadOnly(folder, "bench:" + dimension, options)) {
            int size = index.size();
            out.printf(Locale.ROOT, "approximate dedup of %,d embeddings: threshold %.3f, %d neighbours, %d candidates;"
                    + " load average %s%n", size, threshold, neighbours, candidates, loadAverage());
            out.flush();
            long t0 = System.nanoTime();
            DuplicateGroups groups = DuplicateFinder.approximate(index, threshold, neighbours);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long pairs = groups.groups().stream().mapToLong(g -> g.pairs().size()).sum();
            int largest = groups.groups().stream().mapToInt(g -> g.paths().size()).max().orElse(0);
            out.printf(Locale.ROOT, "approximate dedup: %.1f s (%,.0f embeddings/s), %,d pairs in %,d groups, largest %,d;"
                    + " load average %s%n", seconds, size / seconds, pairs, groups.groups().size(), largest, loadAverage());
            return new DedupFigure(size, threshold, neighbours, seconds, pairs, groups.groups().size(), largest);
        }
    }

    /** The file in a kept index folder that says which settings built it. */
    private static final String BUILT = "bench-built.txt";

    private static String describeBuild(Settings s) {
        return "rows=" + s.rows() + " dimension=" + s.dimension() + " data=" + (s.clustered() ? "clustered" : "gaussian")
                + " seed=17 maxConnections=" + s.maxConnections() + " beamWidth=" + s.beamWidth()
                + (s.graph() == Graph.INDEX && s.quantization() == Quantization.NONE ? " graph=own" : "")
                + (s.quantization() != Quantization.NONE ? " quantization=" + s.quantization() : "") + "\n";
    }

    private static void add(EmbeddingIndex index, float[] gallery, int n, int dim, int threads, PrintWriter out,
                            long t0) {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger added = new AtomicInteger();
        int chunk = 1_000;
        Parallel.run(threads, "index-bench", () -> {
            float[] row = new float[dim];
            for (int start = next.getAndAdd(chunk); start < n; start = next.getAndAdd(chunk)) {
                int end = Math.min(n, start + chunk);
                for (int i = start; i < end; i++) {
                    System.arraycopy(gallery, i * dim, row, 0, dim);
                    index.put("p" + i, row, 0, 0, 0);
                }
                int total = added.addAndGet(end - start);
                if (total / 100_000 != (total - (end - start)) / 100_000) {
                    out.printf(Locale.ROOT, "  %,d added, %.1f s%n", total / 100_000 * 100_000,
                            (System.nanoTime() - t0) / 1e9);
                }
            }
        });
    }

    /** The first pass's hits (indexed rows, best first) per query, and how many searches ran in all. */
    record Timed(int[][] hits, long searches) {
    }

    /** One search: the indexed rows nearest {@code query}, best first, exploring {@code candidates}. */
    interface Search {
        int[] nearest(float[] query, int k, int candidates);
    }

    private static Timed queries(EmbeddingIndex index, Embeddings queries, int k, int candidates, int threads,
                                 double seconds) {
        return queries((query, kk, c) -> index.search(query, kk, c).stream()
                .mapToInt(hit -> Integer.parseInt(hit.path().substring(1))).toArray(), queries, k, candidates, threads,
                seconds);
    }

    /** Repeats every query on {@code threads} threads until at least {@code seconds} have passed. */
    static Timed queries(Search search, Embeddings queries, int k, int candidates, int threads, double seconds) {
        int q = queries.count();
        float[][] rows = new float[q][];
        for (int i = 0; i < q; i++) {
            rows[i] = queries.row(i);
        }
        int[][] hits = new int[q][];
        AtomicLong next = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder searches = new LongAdder();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        Parallel.run(threads, "index-bench", () -> {
            long count = 0;
            while (!stop.get()) {
                long i = next.getAndIncrement();
                // a new pass over the queries starts only before the deadline; the first pass always completes
                if (i >= q && i % q == 0 && System.nanoTime() >= deadline) {
                    stop.set(true);
                    break;
                }
                int row = (int) (i % q);
                int[] found = search.nearest(rows[row], k, candidates);
                if (i < q) {
                    hits[row] = found;
                }
                count++;
            }
            searches.add(count);
        });
        return new Timed(hits, searches.sum());
    }

    static double recall(int[][] hits, Neighbours truth, int k) {
        long found = 0;
        for (int q = 0; q < hits.length; q++) {
            int[] exact = truth.indices(q);
            for (int i : hits[q]) {
                for (int e : exact) {
                    if (e == i) {
                        found++;
                        break;
                    }
                }
            }
        }
        return found / (double) ((long) k * hits.length);
    }

    /** The benchmark's rows and held-out queries, row-major. */
    private record Data(float[] gallery, float[] queries) {
    }

    private static Data generate(Settings s) {
        // one generator for gallery then queries, as before, but each in its own array: the gallery is held once
        Random random = new Random(17);
        float[] centres = s.clustered() ? gaussian(random, 1_000 * s.dimension()) : null;
        float[] gallery = data(random, centres, s.rows(), s.dimension());
        return new Data(gallery, data(random, centres, s.queries(), s.dimension()));
    }

    /**
     * Writes the data {@link #run} would index and query, for a peer library to build and search side by side:
     * {@code gallery.f32} and {@code queries.f32} (little-endian float32, row-major), {@code truth.i32} (the exact
     * {@code k} nearest gallery rows of each query, little-endian int32) and {@code shape.txt}
     * ({@code rows dimension queries k}). Returns the folder.
     */
    public static Path export(Settings s, Path folder, PrintWriter out) throws IOException {
        Data generated = generate(s);
        Files.createDirectories(folder);
        Neighbours truth = new ExactKnn(s.threads()).search(Embeddings.adopt(s.queries(), s.dimension(),
                generated.queries()), Embeddings.adopt(s.rows(), s.dimension(), generated.gallery()), s.k());
        int[] ids = new int[s.queries() * s.k()];
        for (int q = 0; q < s.queries(); q++) {
            for (int j = 0; j < s.k(); j++) {
                ids[q * s.k() + j] = truth.index(q, j);
            }
        }
        writeLittleEndian(folder.resolve("gallery.f32"), generated.gallery(), null);
        writeLittleEndian(folder.resolve("queries.f32"), generated.queries(), null);
        writeLittleEndian(folder.resolve("truth.i32"), null, ids);
        Files.writeString(folder.resolve("shape.txt"), s.rows() + " " + s.dimension() + " " + s.queries() + " "
                + s.k() + "\n");
        out.printf(Locale.ROOT, "wrote %,d x %d-D rows, %,d queries and their exact %d-NN to %s%n", s.rows(),
                s.dimension(), s.queries(), s.k(), folder.toAbsolutePath());
        return folder;
    }

    private static void writeLittleEndian(Path file, float[] floats, int[] ints) throws IOException {
        int count = floats != null ? floats.length : ints.length;
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1 << 20).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
                java.nio.file.StandardOpenOption.WRITE)) {
            for (int i = 0; i < count; i++) {
                if (buffer.remaining() < 4) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    buffer.clear();
                }
                if (floats != null) {
                    buffer.putFloat(floats[i]);
                } else {
                    buffer.putInt(ints[i]);
                }
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    private static float[] gaussian(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** {@code n} rows: i.i.d. Gaussian when {@code centres} is null, else a random centre plus 0.5 x Gaussian noise. */
    private static float[] data(Random random, float[] centres, int n, int dim) {
        if (centres == null) {
            return gaussian(random, n * dim);
        }
        int clusters = centres.length / dim;
        float[] values = new float[n * dim];
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(clusters);
            for (int d = 0; d < dim; d++) {
                values[i * dim + d] = centres[c * dim + d] + 0.5f * (float) random.nextGaussian();
            }
        }
        return values;
    }

    /** The 1, 5 and 15 minute load averages of the machine, or "n/a" where /proc/loadavg cannot be read. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static double cpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    private static int segments(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder.resolve("lucene"))) {
            return (int) files.filter(p -> p.getFileName().toString().endsWith(".si")).count();
        }
    }

    /** Bytes per vector of the index in {@code folder} holding {@code count} vectors, by Lucene file kind. */
    static VectorBytes vectorBytes(Path folder, int count) throws IOException {
        long graph = 0;
        long floats = 0;
        long quantized = 0;
        for (java.util.Map.Entry<String, Long> file : segmentFiles(folder.resolve("lucene")).entrySet()) {
            String name = file.getKey();
            long length = file.getValue();
            if (name.endsWith(".vex") || name.endsWith("." + SiameseHnswVectorsFormat.GRAPH_EXTENSION)) {
                graph += length;
            } else if (name.endsWith(".vec")) {
                floats += length;
            } else if (name.endsWith(".veq")) {
                quantized += length;
            }
        }
        double n = Math.max(1, count);
        return new VectorBytes(size(folder) / n, graph / n, floats / n, quantized / n);
    }

    /** The last commit's files by name and length, with those packed in a segment's compound file listed one by one. */
    private static java.util.Map<String, Long> segmentFiles(Path lucene) throws IOException {
        java.util.Map<String, Long> files = new java.util.TreeMap<>();
        try (org.apache.lucene.store.Directory directory = org.apache.lucene.store.FSDirectory.open(lucene)) {
            org.apache.lucene.index.SegmentInfos commit = org.apache.lucene.index.SegmentInfos.readLatestCommit(directory);
            for (org.apache.lucene.index.SegmentCommitInfo segment : commit) {
                org.apache.lucene.index.SegmentInfo info = segment.info;
                if (info.getUseCompoundFile()) {
                    try (org.apache.lucene.store.Directory packed = info.getCodec().compoundFormat()
                            .getCompoundReader(directory, info, org.apache.lucene.store.IOContext.READONCE)) {
                        for (String name : packed.listAll()) {
                            files.put(name, packed.fileLength(name));
                        }
                    }
                }
                for (String name : segment.files()) {
                    files.put(name, directory.fileLength(name));
                }
            }
        }
        return files;
    }

    static long size(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is not worth failing a finished measurement for
        }
    }
}
