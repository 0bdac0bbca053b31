package dev.siamese.app.cli;

import dev.siamese.app.Experiments;
import dev.siamese.app.RunDirectory;
import dev.siamese.app.RunEvaluation;
import dev.siamese.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code siamese evaluate RUN}: re-score a saved run's model with the run's own configuration and protocol. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Load the model of a completed run, embed its dataset and recompute every metric (writes evaluation.json).")
public final class EvaluateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR", description = "A run directory written by `siamese train`.")
    Path runDirectory;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--json", description = {"Print the metrics as one JSON object on standard output instead of text:"
            + " the evaluation.json written beside (recognitionRate, rocAuc, eer, threshold, the k-NN retrieval and"
            + " silhouette figures, ...; the keys are those of the 'evaluation' object in the run's metrics.json)."})
    boolean json;

    @Override
    public Integer call() {
        RunDirectory run = RunDirectory.open(runDirectory);
        Settings settings = run.settings();
        RunEvaluation evaluation = Experiments.injector(settings).getInstance(RunEvaluation.class);
        ConsoleProgress.Counter progress = ConsoleProgress.counting("embedding", "pictures", quiet);
        try {
            evaluation.evaluate(run, System.out, quiet || json, progress::update);
        } finally {
            progress.done();
        }
        if (json) {
            try {
                System.out.print(Files.readString(run.resolve("evaluation.json")));
                System.out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + run.resolve("evaluation.json") + ": " + e.getMessage(), e);
            }
        }
        return 0;
    }
}
