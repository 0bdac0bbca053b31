package dev.siamese.app.cli;

import dev.siamese.app.ExperimentRunner;
import dev.siamese.app.Experiments;
import dev.siamese.app.RunDirectory;
import dev.siamese.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

    @Override
    public Integer call() {
        RunDirectory run = RunDirectory.open(runDirectory);
        Settings settings = run.settings();
        ExperimentRunner runner = Experiments.injector(settings).getInstance(ExperimentRunner.class);
        runner.evaluate(run, System.out, quiet);
        return 0;
    }
}
