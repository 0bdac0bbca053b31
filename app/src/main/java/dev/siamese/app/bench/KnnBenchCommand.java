package dev.siamese.app.bench;

import dev.siamese.search.bench.KnnBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code siamese bench knn}: times exact all-vs-all k-NN and a reference matrix product in the same run
 * ({@link KnnBenchmark}).
 */
@Command(name = "knn", mixinStandardHelpOptions = true,
        description = {"Benchmark exact all-vs-all k-nearest neighbours (the blocked Java kernel with top-k selection) and,"
                + " in the same run, a plain Java matrix product as the reference rate, both in GFLOP/s.",
                "The default 100,000 x 64-D takes 20-40 s on 2 cores."})
public final class KnnBenchCommand implements Callable<Integer> {

    @Option(names = "--rows", paramLabel = "N", description = "Rows of Gaussian embeddings (default: ${DEFAULT-VALUE}).")
    int rows = 100_000;

    @Option(names = "--dimension", paramLabel = "D", description = "Embedding dimension (default: ${DEFAULT-VALUE}).")
    int dimension = 64;

    @Option(names = "--k", paramLabel = "K", description = "Neighbours per row (default: ${DEFAULT-VALUE}).")
    int k = 10;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: one per processor).")
    Integer threads;

    @Option(names = "--matrix-size", paramLabel = "N", description = "n of the n x n x n reference product (default:"
            + " ${DEFAULT-VALUE}).")
    int matrixSize = 2048;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to this file.")
    Path json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    dev.siamese.app.cli.QuietOption quiet;

    @Override
    public Integer call() {
        KnnBenchmark.Settings settings;
        try {
            settings = new KnnBenchmark.Settings(rows, dimension, k,
                    threads != null ? threads : Runtime.getRuntime().availableProcessors(), matrixSize);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        KnnBenchmark.Result result = KnnBenchmark.run(settings, out);
        if (json != null) {
            BenchJson.write(result, json);
            out.println("JSON: " + json.toAbsolutePath());
        }
        out.flush();
        return 0;
    }
}
