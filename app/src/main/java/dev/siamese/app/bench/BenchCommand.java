package dev.siamese.app.bench;

import dev.siamese.tf.TfOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code siamese bench}: measures, in this one process, TensorFlow's MatMul roof on this machine and how close
 * training and embedding come to it, then prints tables and writes the figures as JSON.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {IndexBenchCommand.class, KnnBenchCommand.class},
        description = {"Benchmark this machine: the fp32 MatMul roof of TensorFlow, training pairs/s of the paper's MLP"
                + " and the 3x16 conv twin as a fraction of that roof, the Java-side share of a step, embedding"
                + " images/s, and TensorFlow thread settings.",
                "Takes a few minutes; --quick takes well under one.",
                "The subcommands measure the search module instead: 'bench index' (HNSW build, queries/s, recall)"
                        + " and 'bench knn' (exact all-vs-all k-NN)."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Small sizes and few repetitions: every section in well under a minute.")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Where to write the results as JSON (default: ${DEFAULT-VALUE}).")
    Path json = Path.of("bench.json");

    @Option(names = "--threads", paramLabel = "INTRA,INTER", split = ",",
            description = "TensorFlow intra-op and inter-op threads for every section but the thread comparison;"
                    + " 0 lets TensorFlow choose (default: 0,0).")
    List<Integer> threads = new ArrayList<>(List.of(0, 0));

    @Option(names = "--repeats", paramLabel = "N", description = "Timed blocks per figure; medians are reported"
            + " (default: 7, or 3 with --quick).")
    Integer repeats;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    dev.siamese.app.cli.QuietOption quiet;

    /** Runs the benchmark without the {@code siamese} front command (same options). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() {
        if (threads.size() != 2) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--threads takes two numbers, intra-op and inter-op, e.g. --threads 2,2; got " + threads);
        }
        if (repeats != null && repeats <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeats must be positive, got " + repeats);
        }
        TfOptions options;
        try {
            options = new TfOptions(threads.get(0), threads.get(1));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads: " + e.getMessage());
        }
        BenchSettings settings = (quick ? BenchSettings.quickProfile() : BenchSettings.full()).withThreads(options);
        if (repeats != null) {
            settings = settings.withRepeats(repeats);
        }
        PrintWriter out = spec.commandLine().getOut();
        String command = "siamese bench" + (quick ? " --quick" : "") + " --threads " + threads.get(0) + "," + threads.get(1)
                + (repeats == null ? "" : " --repeats " + repeats) + " --json " + json;
        // -q: no running commentary, only the tables
        BenchReport report = new BenchSuite(settings, quiet.quiet() ? new PrintWriter(java.io.Writer.nullWriter()) : out)
                .run(command);
        out.println();
        out.print(BenchTable.render(report));
        BenchJson.write(report, json);
        out.println("JSON: " + json.toAbsolutePath());
        out.flush();
        return 0;
    }
}
