package dev.siamese.app.bench;

import dev.siamese.search.bench.IndexBenchmark;
import dev.siamese.search.index.EmbeddingIndex;
import dev.siamese.search.index.Quantization;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code siamese bench index}: builds an HNSW embedding index of synthetic embeddings on all threads and measures build
 * time, queries per second and recall@10 against exact search ({@link IndexBenchmark}).
 */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = {"Benchmark the embedding index: add synthetic clustered embeddings from several threads, merge the"
                + " segments with parallel graph merging, then measure recall@10 against exact search and queries/s"
                + " for each candidate count.",
                "1,000,000 rows take about 8 minutes on 2 cores and 3 GB of memory; the default 200,000 about 1.5."})
public final class IndexBenchCommand implements Callable<Integer> {

    @Option(names = "--rows", paramLabel = "N", description = "Indexed embeddings (default: ${DEFAULT-VALUE}).")
    int rows = 200_000;

    @Option(names = "--dimension", paramLabel = "D", description = "Embedding dimension (default: ${DEFAULT-VALUE}).")
    int dimension = 64;

    @Option(names = "--queries", paramLabel = "N", description = "Held-out queries, with exact neighbours for recall"
            + " (default: ${DEFAULT-VALUE}).")
    int queries = 1_000;

    @Option(names = "--threads", paramLabel = "N", description = "Threads that add, merge and query (default: one per"
            + " processor).")
    Integer threads;

    @Option(names = "--data", paramLabel = "KIND", description = "clustered (1,000 Gaussian clusters of spread 0.5) or"
            + " gaussian (i.i.d., the worst case) (default: ${DEFAULT-VALUE}).")
    String data = "clustered";

    @Option(names = "--candidates", paramLabel = "C,...", split = ",", description = "Search candidate counts to"
            + " measure (default: 10,20,40,80,160).")
    List<Integer> candidates = new ArrayList<>(List.of(10, 20, 40, 80, 160));

    @Option(names = "--max-connections", paramLabel = "M", description = "HNSW neighbours per node (default:"
            + " ${DEFAULT-VALUE}).")
    int maxConnections = 16;

    @Option(names = "--beam-width", paramLabel = "B", description = "HNSW beam while inserting (default:"
            + " ${DEFAULT-VALUE}).")
    int beamWidth = 100;

    @Option(names = "--query-seconds", paramLabel = "S", description = "Least time each candidate count is timed; the"
            + " queries repeat (default: ${DEFAULT-VALUE}).")
    double querySeconds = 3;

    @Option(names = "--index", paramLabel = "DIR", description = "Build the index in this folder and keep it; a later"
            + " run with the same rows, dimension, data, M and beam only measures queries (default: a temporary"
            + " folder, deleted).")
    Path index;

    @Option(names = "--graph", paramLabel = "KIND", description = "index (the embedding index as used: our HNSW graph in"
            + " Lucene segments), lucene (the embedding index on Lucene's HNSW graph: its segments and merge, our graph"
            + " search) or own (our concurrent HNSW graph alone, one graph from all threads, no Lucene)"
            + " (default: ${DEFAULT-VALUE}).")
    String graph = "index";

    @Option(names = "--quantization", paramLabel = "KIND", description = "Vectors of the Lucene graph: none (float32),"
            + " int7 or int4 (Lucene's scalar quantization; hits re-ranked by float32 distance); the bytes per vector on"
            + " disk and in a search's memory are printed (default: ${DEFAULT-VALUE}).")
    String quantization = "none";

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to this file.")
    Path json;

    @Option(names = "--dedup-threshold", paramLabel = "DISTANCE", description = "Afterwards, time approximate dedup"
            + " (what `siamese dedup` runs without --exact) over the whole index at this distance; needs --index.")
    Double dedupThreshold;

    @Option(names = "--dedup-neighbours", paramLabel = "N", description = "Neighbours per embedding for the dedup"
            + " (default: ${DEFAULT-VALUE}).")
    int dedupNeighbours = 10;

    @Option(names = "--dedup-candidates", paramLabel = "C", description = "Search candidates for the dedup queries"
            + " (default: ${DEFAULT-VALUE}).")
    int dedupCandidates = 100;

    @Option(names = "--export", paramLabel = "DIR", description = "Only write the benchmark's rows, queries and their"
            + " exact 10-NN to DIR as raw little-endian arrays (gallery.f32, queries.f32, truth.i32, shape.txt), for"
            + " a peer library to measure side by side (docs/reproduce/ann-bench.sh), and stop.")
    Path export;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    dev.siamese.app.cli.QuietOption quiet;

    @Override
    public Integer call() {
        if (!data.equals("clustered") && !data.equals("gaussian")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--data is clustered or gaussian, got " + data);
        }
        if (!graph.equals("index") && !graph.equals("lucene") && !graph.equals("own")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--graph is index, lucene or own, got " + graph);
        }
        Quantization vectors;
        try {
            vectors = Quantization.of(quantization);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--quantization is none, int7 or int4, got "
                    + quantization);
        }
        if (graph.equals("own") && dedupThreshold != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dedup-threshold needs --graph index or lucene");
        }
        if (dedupThreshold != null && (index == null || !(dedupThreshold > 0) || dedupNeighbours < 1
                || dedupCandidates < dedupNeighbours + 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dedup-threshold needs --index DIR, a positive"
                    + " distance, --dedup-neighbours of at least 1 and --dedup-candidates above the neighbours");
        }
        IndexBenchmark.Settings settings;
        try {
            settings = new IndexBenchmark.Settings(rows, dimension, queries,
                    threads != null ? threads : Runtime.getRuntime().availableProcessors(), data.equals("clustered"),
                    candidates, maxConnections, beamWidth, querySeconds, 10, index,
                    IndexBenchmark.Graph.valueOf(graph.toUpperCase(java.util.Locale.ROOT)), vectors);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (export != null) {
            try {
                IndexBenchmark.export(settings, export, out);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write the benchmark data to " + export + ": "
                        + e.getMessage(), e);
            }
            out.flush();
            return 0;
        }
        IndexBenchmark.Result result = IndexBenchmark.run(settings, out);
        if (json != null) {
            BenchJson.write(result, json);
            out.println("JSON: " + json.toAbsolutePath());
        }
        if (dedupThreshold != null) {
            IndexBenchmark.dedup(index, dimension, dedupThreshold, dedupNeighbours, dedupCandidates, out);
        }
        out.flush();
        return 0;
    }
}
