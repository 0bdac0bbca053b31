package dev.siamese.app.cli;

import dev.siamese.app.Experiments;
import dev.siamese.app.RunOptions;
import dev.siamese.config.Settings;
import dev.siamese.config.SettingsLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

    @Override
    public Integer call() {
        List<String> all = new ArrayList<>(overrides);
        if (output != null) {
            all.add("experiment.output-dir=" + output);
        }
        Settings settings = SettingsLoader.load(experiment, all);
        Experiments.run(settings, quiet ? RunOptions.silent() : RunOptions.console());
        return 0;
    }
}
