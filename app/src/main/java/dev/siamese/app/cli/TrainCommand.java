package dev.siamese.app.cli;

import dev.siamese.api.SiameseException;
import dev.siamese.app.ExperimentRunner;
import dev.siamese.app.Experiments;
import dev.siamese.app.RunDirectory;
import dev.siamese.app.RunOptions;
import dev.siamese.config.Settings;
import dev.siamese.config.SettingsLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code siamese train}: one experiment, from a bundled name or a file, with key overrides. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a Siamese model, evaluate it and save everything in a new run directory.",
                "Without --experiment it trains the paper's MLP on the embedded synthetic digits."})
public final class TrainCommand implements Callable<Integer> {

    @Option(names = {"-e", "--experiment"}, paramLabel = "NAME|FILE",
            description = "A bundled experiment (see `siamese experiments`) or a HOCON file. Default: paper-mlp-digits.")
    String experiment = "paper-mlp-digits";

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "Override one setting, e.g. --set model.margin=0.5 (repeatable; 'siamese.' prefix optional).")
    List<String> overrides = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Folder for run directories (siamese.experiment.output-dir).")
    String output;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue an interrupted run from its newest checkpoint, with the run's own configuration.")
    Path resume;

    @Override
    public Integer call() {
        if (resume != null) {
            if (!overrides.isEmpty() || output != null) {
                throw new SiameseException("--resume keeps the run's own configuration; drop --set and --output");
            }
            RunDirectory run = RunDirectory.open(resume);
            Settings settings = run.settings();
            Experiments.injector(settings).getInstance(ExperimentRunner.class)
                    .resume(run, quiet ? RunOptions.silent() : RunOptions.console());
            return 0;
        }
        List<String> all = new ArrayList<>(overrides);
        if (output != null) {
            all.add("experiment.output-dir=" + output);
        }
        Settings settings = SettingsLoader.load(experiment, all);
        Experiments.run(settings, quiet ? RunOptions.silent() : RunOptions.console());
        return 0;
    }
}
