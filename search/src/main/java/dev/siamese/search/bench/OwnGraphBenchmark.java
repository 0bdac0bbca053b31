package dev.siamese.search.bench;

import dev.siamese.api.model.Embeddings;
import dev.siamese.search.internal.hnsw.HnswGraph;
import dev.siamese.search.internal.hnsw.HnswGraphFile;
import dev.siamese.search.knn.Neighbours;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link IndexBenchmark} on our own HNSW graph ({@code --graph own}): the same rows, queries and query protocol, one
 * graph built from all threads (node {@code i} is row {@code i}), written to a file and read back (timed apart from
 * the build), then searched.
 */
final class OwnGraphBenchmark {
    private OwnGraphBenchmark() {
    }

    static IndexBenchmark.Result run(IndexBenchmark.Settings s, float[] gallery, Embeddings query, Neighbours truth,
                                     PrintWriter out) {
        int n = s.rows();
        int k = s.k();
        HnswGraph.Settings settings = new HnswGraph.Settings(s.maxConnections(), s.beamWidth(), 17);
        double cpu0 = IndexBenchmark.cpuSeconds();
        long t0 = System.nanoTime();
        HnswGraph graph = HnswGraph.build(gallery, s.dimension(), settings, s.threads());
        double build = (System.nanoTime() - t0) / 1e9;
        double buildCpu = IndexBenchmark.cpuSeconds() - cpu0;
        out.printf(Locale.ROOT, "build: %.1f s (%,.0f embeddings/s), %.1f CPU-s in this process, %d levels, distances"
                        + " on %s; load average %s%n", build, n / build, buildCpu, graph.maxLevel() + 1,
                distances(), IndexBenchmark.loadAverage());
        long disk;
        Path folder = null;
        boolean temporary = s.folder() == null;
        try {
            folder = temporary ? Files.createTempDirectory("siamese-graph-bench") : Files.createDirectories(s.folder());
            Path file = folder.resolve("graph.hnsw");
            long w0 = System.nanoTime();
            HnswGraphFile.write(graph, file);
            double written = (System.nanoTime() - w0) / 1e9;
            long r0 = System.nanoTime();
            graph = HnswGraphFile.read(file);
            double read = (System.nanoTime() - r0) / 1e9;
            disk = Files.size(file);
            out.printf(Locale.ROOT, "graph file: %,d MB (%.0f bytes per node), written in %.1f s, read and checked in"
                    + " %.1f s; the searches run on the graph read back%n", disk >> 20, disk / (double) n, written, read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (folder != null && temporary) {
                IndexBenchmark.delete(folder);
            }
        }
        HnswGraph searched = graph;
        IndexBenchmark.Search search = (q, kk, candidates) -> searched.search(q, kk, candidates, null).nodes();
        int most = s.candidates().stream().max(Integer::compare).orElseThrow();
        IndexBenchmark.queries(search, query, k, most, s.threads(), s.querySeconds());
        IndexBenchmark.queries(search, query, k, s.candidates().get(0), s.threads(), s.querySeconds());
        List<IndexBenchmark.QueryFigure> figures = new ArrayList<>();
        for (int candidates : s.candidates()) {
            double c0 = IndexBenchmark.cpuSeconds();
            long q0 = System.nanoTime();
            IndexBenchmark.Timed timed = IndexBenchmark.queries(search, query, k, candidates, s.threads(),
                    s.querySeconds());
            double seconds = (System.nanoTime() - q0) / 1e9;
            double cpu = IndexBenchmark.cpuSeconds() - c0;
            double recall = IndexBenchmark.recall(timed.hits(), truth, k);
            IndexBenchmark.QueryFigure f = new IndexBenchmark.QueryFigure(candidates, recall, timed.searches() / seconds,
                    cpu / timed.searches());
            figures.add(f);
            out.printf(Locale.ROOT, "candidates %4d: recall@%d %.4f, %,.0f queries/s (%,d searches in %.1f s,"
                            + " %.0f CPU-us each)%n", candidates, k, recall, f.queriesPerSecond(), timed.searches(),
                    seconds, f.cpuSecondsPerQuery() * 1e6);
        }
        out.println("load average at the end: " + IndexBenchmark.loadAverage());
        return new IndexBenchmark.Result(s, build, 0, 1, buildCpu, disk, figures);
    }

    private static String distances() {
        return HnswGraph.vectorised() ? "the Vector API" : "plain Java";
    }
}
